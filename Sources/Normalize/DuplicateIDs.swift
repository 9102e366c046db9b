import VietText
import Warehouse

/// Registry records that share a citizen ID, found by hashing the IDs in one pass over the
/// table. An index on `id_number` would answer it too, but sorting millions of random IDs to
/// build one is the most expensive index of the run (5.5 s of 10 at national scale), and
/// nothing else needs it.
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

    /// Every record whose ID is on another record too, by source file (bytes) and line.
    static func find(_ db: Database) throws -> [Duplicate] {
        let scan = try db.prepare("SELECT rowid, id_number FROM beneficiaries WHERE id_number IS NOT NULL")
        let rows = Int(try db.scalar("SELECT max(rowid) FROM beneficiaries")?.int ?? 0)
        var ids = InternTable(capacity: min(rows, 50_000_000))
        var rowids: [Int64] = [], idOfRow: [Int32] = [], uses: [Int32] = []
        rowids.reserveCapacity(min(rows, 50_000_000)); idOfRow.reserveCapacity(min(rows, 50_000_000))
        while try scan.step() {
            guard let bytes = scan.textBytes(at: 1), let rowid = scan.integer(at: 0) else { continue }
            let id = ids.intern(bytes: bytes)
            if Int(id) == uses.count { uses.append(0) }
            uses[Int(id)] += 1
            rowids.append(rowid)
            idOfRow.append(id)
        }
        // The records of each shared ID, in table order.
        var shared: [Int32: [Int64]] = [:]
        for (k, id) in idOfRow.enumerated() where uses[Int(id)] > 1 { shared[id, default: []].append(rowids[k]) }
        guard !shared.isEmpty else { return [] }
        let fetch = try db.prepare("SELECT source_file, source_line, district_code FROM beneficiaries WHERE rowid = ?")
        var place: [Int64: (file: String, line: Int, district: String?)] = [:]
        for rowid in shared.values.joined() {
            try fetch.bind([.integer(rowid)])
            guard try fetch.step() else { continue }
            place[rowid] = (fetch.text(at: 0) ?? "", Int(fetch.integer(at: 1) ?? 0), fetch.text(at: 2))
            try fetch.reset()
        }
        var found: [Duplicate] = []
        for (id, records) in shared {
            let text = ids.string(id)
            for rowid in records {
                guard let here = place[rowid] else { continue }
                let others = records.filter { $0 != rowid }.compactMap { place[$0].map { "\($0.file):\($0.line)" } }
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
