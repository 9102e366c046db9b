import VietText
import Warehouse

/// Registry records that share a citizen ID, found by hashing the IDs as the writer stores them
/// (or in one pass over the table). An index on `id_number` would answer it too, but sorting
/// millions of random IDs to build one is the most expensive index of the run (5.5 s of 10 at
/// national scale), and nothing else needs it.
enum DuplicateIDs {
    /// A record whose citizen ID another record has too.
    struct Duplicate: Equatable {
        let file: String
        let line: Int
        let id: String
        let district: String?
        /// The other records with the ID, "file:line" in table order, joined by ", ".
        let others: String
    }

    /// Where a record lies.
    typealias Place = (file: String, line: Int, district: String?)

    /// Every record whose ID is on another record too, by source file (bytes) and line, from
    /// the IDs the writer saw (`DatasetTally`): no second pass over the table.
    static func find(_ tally: DatasetTally) -> [Duplicate] {
        duplicates(ids: tally.ids, idOfRecord: tally.idOfRecord) { records in
            Dictionary(uniqueKeysWithValues: records.map { ($0, tally.place(ofRecord: $0)) })
        }
    }

    /// `find` of the table itself, for a warehouse some of whose rows the writer did not see.
    static func find(_ db: Database) throws -> [Duplicate] {
        let scan = try db.prepare("SELECT rowid, id_number FROM beneficiaries WHERE id_number IS NOT NULL")
        let rows = Int(try db.scalar("SELECT max(rowid) FROM beneficiaries")?.int ?? 0)
        var ids = InternTable(capacity: min(rows, 50_000_000))
        var rowids: [Int64] = [], idOfRow: [Int32] = []
        rowids.reserveCapacity(min(rows, 50_000_000)); idOfRow.reserveCapacity(min(rows, 50_000_000))
        while try scan.step() {
            guard let bytes = scan.textBytes(at: 1), let rowid = scan.integer(at: 0) else { continue }
            rowids.append(rowid)
            idOfRow.append(ids.intern(bytes: bytes))
        }
        let fetch = try db.prepare("SELECT source_file, source_line, district_code FROM beneficiaries WHERE rowid = ?")
        return try duplicates(ids: ids, idOfRecord: idOfRow) { records in
            var place: [Int: Place] = [:]
            for k in records {
                try fetch.bind([.integer(rowids[k])])
                guard try fetch.step() else { continue }
                place[k] = (fetch.text(at: 0) ?? "", Int(fetch.integer(at: 1) ?? 0), fetch.text(at: 2))
                try fetch.reset()
            }
            return place
        }
    }

    /// The duplicates among records (in table order) whose IDs are `idOfRecord`; `places`
    /// tells where the records that share an ID lie (only those are asked for).
    private static func duplicates(ids: InternTable, idOfRecord: [Int32],
                                   places: ([Int]) throws -> [Int: Place]) rethrows -> [Duplicate] {
        var uses = [Int32](repeating: 0, count: ids.count)
        for id in idOfRecord { uses[Int(id)] += 1 }
        // The records of each shared ID, in table order.
        var shared: [Int32: [Int]] = [:]
        for (k, id) in idOfRecord.enumerated() where uses[Int(id)] > 1 { shared[id, default: []].append(k) }
        guard !shared.isEmpty else { return [] }
        let place = try places(Array(shared.values.joined()))
        var found: [Duplicate] = []
        for (id, records) in shared {
            let text = ids.string(id)
            for k in records {
                guard let here = place[k] else { continue }
                let others = records.filter { $0 != k }.compactMap { place[$0].map { "\($0.file):\($0.line)" } }
                found.append(Duplicate(file: here.file, line: here.line, id: text, district: here.district,
                                       others: others.joined(separator: ", ")))
            }
        }
        // As SQLite's ORDER BY source_file, source_line orders them (BINARY: by bytes).
        found.sort { a, b in
            a.file.utf8.elementsEqual(b.file.utf8) ? a.line < b.line : a.file.utf8.lexicographicallyPrecedes(b.file.utf8)
        }
        return found
    }
}
