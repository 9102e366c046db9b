import Dispatch
import Foundation
import Warehouse

/// Reads the registry and the period's payment lines straight into `MatchData`'s columns, on
/// two connections at once when the warehouse is a file: no row is kept as strings, and the
/// rows are read in table order and sorted by file and line here (an `ORDER BY` would make
/// SQLite sort the whole table in its temporary store).
enum MatchDataLoader {
    /// One side's columns with its own string tables, joined by `MatchData.init(records:lines:)`,
    /// which takes them out (so that the join holds them alone and changes them in place).
    struct Side {
        var columns = MatchColumns()
        var names: InternTable, fullNames: InternTable, ids: InternTable, codes: InternTable
        var communes = InternTable(), districts = InternTable(), files = InternTable(), dates = InternTable(capacity: 1 << 16)
        var statuses = InternTable()

        init(capacity: Int) {
            names = InternTable(capacity: capacity / 8); fullNames = InternTable(capacity: capacity / 4)
            ids = InternTable(capacity: capacity / 2); codes = InternTable(capacity: capacity / 2)
            columns.name.reserveCapacity(capacity); columns.fullName.reserveCapacity(capacity); columns.code.reserveCapacity(capacity)
            columns.id.reserveCapacity(capacity); columns.birthDate.reserveCapacity(capacity)
            columns.year.reserveCapacity(capacity); columns.commune.reserveCapacity(capacity); columns.district.reserveCapacity(capacity)
            columns.amount.reserveCapacity(capacity); columns.file.reserveCapacity(capacity); columns.line.reserveCapacity(capacity)
        }

        private static func index(_ table: inout InternTable, _ s: String?) -> Int32 {
            guard let s else { return -1 }
            return table.intern(s)
        }

        /// Adds one row; `status` is nil for a payment line (which has no status, start or end).
        mutating func add(code: String?, fullName: String, nameKey: String, birthDate: String?, birthYear: Int64?, idNumber: String?,
                          commune: String?, district: String, amount: Int64, file: String, line: Int,
                          status: String?, startDate: String?, endDate: String?) {
            let row = Int32(columns.count)
            columns.name.append(names.intern(nameKey))
            columns.fullName.append(fullNames.intern(fullName))
            columns.code.append(Self.index(&codes, code))
            columns.id.append(Self.index(&ids, idNumber))
            columns.birthDate.append(Self.index(&dates, birthDate))
            columns.year.append(Int16(clamping: birthYear ?? 0))
            if let y = birthYear, y <= 0 || y > Int64(Int16.max) { columns.oddYears[row] = Int(y) }
            columns.commune.append(Self.index(&communes, commune))
            columns.district.append(districts.intern(district))
            columns.amount.append(amount)
            columns.file.append(files.intern(file))
            columns.line.append(Int32(clamping: line))
            if let status {
                columns.status.append(statuses.intern(status))
                columns.startDate.append(Self.index(&dates, startDate))
                columns.endDate.append(Self.index(&dates, endDate))
            }
        }

        /// Sorts the rows by source file (bytes, as SQLite's BINARY collation orders text) and
        /// line, keeping the table order of ties; nothing moves when they came in that order.
        /// Moved rows are added again in their new order, so that every table numbers its
        /// strings as reading the rows sorted would have.
        mutating func sortByFileAndLine() {
            let rank = files.byteOrderRanks()
            let n = columns.count
            let file = columns.file, line = columns.line
            func before(_ a: Int, _ b: Int) -> Bool {
                let fa = rank[Int(file[a])], fb = rank[Int(file[b])]
                return fa != fb ? fa < fb : line[a] < line[b]
            }
            guard n > 1, (1..<n).contains(where: { before($0, $0 - 1) }) else { return }
            var order = (0..<Int32(n)).map { $0 }
            order.sort { a, b in before(Int(a), Int(b)) || (!before(Int(b), Int(a)) && a < b) }
            self = reordered(order)
        }

        /// The rows in `order`, added again.
        private func reordered(_ order: [Int32]) -> Side {
            var side = Side(capacity: order.count)
            let c = columns
            let registry = !c.status.isEmpty
            func text(_ table: InternTable, _ i: Int32) -> String? { table.optional(i) }
            for old in order.map(Int.init) {
                let year = c.oddYears[Int32(old)].map(Int64.init) ?? (c.year[old] == 0 ? nil : Int64(c.year[old]))
                side.add(code: text(codes, c.code[old]), fullName: fullNames.string(c.fullName[old]), nameKey: names.string(c.name[old]),
                         birthDate: text(dates, c.birthDate[old]), birthYear: year, idNumber: text(ids, c.id[old]),
                         commune: text(communes, c.commune[old]), district: districts.string(c.district[old]), amount: c.amount[old],
                         file: files.string(c.file[old]), line: Int(c.line[old]),
                         status: registry ? statuses.string(c.status[old]) : nil,
                         startDate: registry ? text(dates, c.startDate[old]) : nil, endDate: registry ? text(dates, c.endDate[old]) : nil)
            }
            return side
        }
    }

    /// The registry and the payment lines of `period`, joined.
    static func load(_ db: Database, period: String) throws -> MatchData {
        guard !db.path.isEmpty, db.path != ":memory:", FileManager.default.fileExists(atPath: db.path) else {
            var records = try registry(db), lines = try payments(db, period: period)
            return MatchData(records: &records, lines: &lines)
        }
        // Two read-only connections with SQLite's small default cache: the stage's own
        // connection keeps its cache for the writing.
        let second = try Database(path: db.path, readOnly: true), third = try Database(path: db.path, readOnly: true)
        let registry = Loaded()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { registry.side = Result { try Self.registry(second) } }
        var lines = try payments(third, period: period)
        group.wait()
        var records = try registry.side.get()
        registry.side = .success(Side(capacity: 0))
        return MatchData(records: &records, lines: &lines)
    }

    /// The registry read on the other thread; `DispatchGroup.wait` orders the write before the read.
    private final class Loaded: @unchecked Sendable {
        var side: Result<Side, Error> = .success(Side(capacity: 0))
    }


    static func registry(_ db: Database) throws -> Side {
        let statement = try db.prepare("""
            SELECT beneficiary_id, full_name, name_key, birth_date, birth_year, id_number, commune_code, district_code,
                   status, start_date, end_date, monthly_amount, source_file, source_line
            FROM beneficiaries
            """)
        // Room reserved once: the table's largest rowid is its row count or a little more.
        var side = Side(capacity: Int(min(try db.scalar("SELECT max(rowid) FROM beneficiaries")?.int ?? 0, 50_000_000)))
        while try statement.step() {
            side.add(code: statement.text(at: 0) ?? "", fullName: statement.text(at: 1) ?? "", nameKey: statement.text(at: 2) ?? "",
                     birthDate: statement.text(at: 3), birthYear: statement.integer(at: 4), idNumber: statement.text(at: 5),
                     commune: statement.text(at: 6), district: statement.text(at: 7) ?? "",
                     amount: statement.integer(at: 11) ?? MatchColumns.noAmount, file: statement.text(at: 12) ?? "",
                     line: Int(statement.integer(at: 13) ?? 0),
                     status: statement.text(at: 8) ?? "active", startDate: statement.text(at: 9), endDate: statement.text(at: 10))
        }
        side.sortByFileAndLine()
        side.columns.shrink()
        return side
    }

    static func payments(_ db: Database, period: String) throws -> Side {
        let statement = try db.prepare("""
            SELECT beneficiary_id, full_name, name_key, birth_date, birth_year, id_number, commune_code, district_code,
                   amount, source_file, source_line
            FROM payments NOT INDEXED WHERE period = ?
            """)
        try statement.bind([.text(period)])
        // In table order: the period's index would give them district by district.
        let count = try db.scalar("SELECT count(*) FROM payments WHERE period = ?", [.text(period)])?.int ?? 0
        var side = Side(capacity: Int(min(count, 50_000_000)))
        while try statement.step() {
            side.add(code: statement.text(at: 0), fullName: statement.text(at: 1) ?? "", nameKey: statement.text(at: 2) ?? "",
                     birthDate: statement.text(at: 3), birthYear: statement.integer(at: 4), idNumber: statement.text(at: 5),
                     commune: statement.text(at: 6), district: statement.text(at: 7) ?? "", amount: statement.integer(at: 8) ?? 0,
                     file: statement.text(at: 9) ?? "", line: Int(statement.integer(at: 10) ?? 0),
                     status: nil, startDate: nil, endDate: nil)
        }
        side.sortByFileAndLine()
        side.columns.shrink()
        return side
    }
}

extension InternTable {
    /// Each string's rank when the strings are sorted by their bytes (memcmp, shorter first on
    /// a common prefix): SQLite's BINARY collation.
    func byteOrderRanks() -> [Int32] {
        let order = (0..<Int32(count)).sorted { a, b in
            withBytes(a) { x in withBytes(b) { y in x.lexicographicallyPrecedes(y) } }
        }
        var rank = [Int32](repeating: 0, count: count)
        for (k, i) in order.enumerated() { rank[Int(i)] = Int32(k) }
        return rank
    }
}
