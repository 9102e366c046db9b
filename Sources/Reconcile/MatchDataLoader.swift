import VietText
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
        /// Where `add` puts the slots it reads ahead, so that the reads are not optimized away.
        private var touched: UInt64 = 0

        /// Room for `capacity` rows. The registry's codes are its keys and its citizen IDs
        /// nearly so, one per row: their tables get room for all of them, where growing half
        /// way would rehash millions of strings; payment lines often leave both empty.
        init(capacity: Int, registry: Bool) {
            names = InternTable(capacity: capacity / 8); fullNames = InternTable(capacity: capacity / 4)
            ids = InternTable(capacity: registry ? capacity : capacity / 2); codes = InternTable(capacity: registry ? capacity : capacity / 2)
            columns.name.reserveCapacity(capacity); columns.fullName.reserveCapacity(capacity); columns.code.reserveCapacity(capacity)
            columns.id.reserveCapacity(capacity); columns.birthDate.reserveCapacity(capacity)
            columns.year.reserveCapacity(capacity); columns.commune.reserveCapacity(capacity); columns.district.reserveCapacity(capacity)
            columns.amount.reserveCapacity(capacity); columns.file.reserveCapacity(capacity); columns.line.reserveCapacity(capacity)
        }

        /// A text cell's UTF-8 bytes, nil for NULL: borrowed from the statement's current row
        /// (`Statement.textBytes`), interned before the next step — no `String` per cell.
        typealias Cell = UnsafeBufferPointer<UInt8>?
        private static let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)

        private static func index(_ table: inout InternTable, _ s: Cell) -> Int32 {
            guard let s else { return -1 }
            return table.intern(bytes: s)
        }

        /// Adds one row; `registry` rows have a status (NULL: "active"), a start and an end, and
        /// a code ("" for NULL); a payment line's missing code is none (-1). The other required
        /// text cells read NULL as "".
        mutating func add(code: Cell, fullName: Cell, nameKey: Cell, birthDate: Cell, birthYear: Int64?, idNumber: Cell,
                          commune: Cell, district: Cell, amount: Int64, file: Cell, line: Int,
                          registry: Bool, status: Cell = nil, startDate: Cell = nil, endDate: Cell = nil) {
            let row = Int32(columns.count)
            // The four large tables' slots are read together first: their cache misses then
            // overlap (interning was most of the reading's time, waiting on them one by one).
            let name = nameKey ?? Self.empty, full = fullName ?? Self.empty
            let code = registry ? code ?? Self.empty : code
            let nameHash = ByteHash.hash(name), fullHash = ByteHash.hash(full)
            let codeHash = code.map(ByteHash.hash), idHash = idNumber.map(ByteHash.hash)
            touched ^= names.touch(hash: nameHash) ^ fullNames.touch(hash: fullHash)
                ^ (codeHash.map { codes.touch(hash: $0) } ?? 0) ^ (idHash.map { ids.touch(hash: $0) } ?? 0)
            columns.name.append(names.intern(bytes: name, hash: nameHash))
            columns.fullName.append(fullNames.intern(bytes: full, hash: fullHash))
            if let code, let codeHash { columns.code.append(codes.intern(bytes: code, hash: codeHash)) } else { columns.code.append(-1) }
            if let idNumber, let idHash { columns.id.append(ids.intern(bytes: idNumber, hash: idHash)) } else { columns.id.append(-1) }
            columns.birthDate.append(Self.index(&dates, birthDate))
            columns.year.append(Int16(clamping: birthYear ?? 0))
            if let y = birthYear, y <= 0 || y > Int64(Int16.max) { columns.oddYears[row] = Int(y) }
            columns.commune.append(Self.index(&communes, commune))
            columns.district.append(districts.intern(bytes: district ?? Self.empty))
            columns.amount.append(amount)
            columns.file.append(files.intern(bytes: file ?? Self.empty))
            columns.line.append(Int32(clamping: line))
            if registry {
                columns.status.append(status.map { statuses.intern(bytes: $0) } ?? statuses.intern("active"))
                columns.startDate.append(Self.index(&dates, startDate))
                columns.endDate.append(Self.index(&dates, endDate))
            }
        }

        /// Sorts the rows by source file (bytes, as SQLite's BINARY collation orders text) and
        /// line, keeping the table order of ties; nothing moves when they came in that order.
        /// Every table then numbers its strings as reading the rows sorted would have.
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
            reorder(order)
        }

        /// The rows in `order`, each table renumbered in the order its strings first appear
        /// (row by row; within a row, birth, start, end for the dates): the numbers adding the
        /// rows again in this order would give.
        private mutating func reorder(_ order: [Int32]) {
            func permuted<T>(_ column: [T]) -> [T] { column.isEmpty ? [] : order.map { column[Int($0)] } }
            var c = MatchColumns()
            c.name = permuted(columns.name); c.fullName = permuted(columns.fullName); c.code = permuted(columns.code)
            c.id = permuted(columns.id); c.birthDate = permuted(columns.birthDate); c.year = permuted(columns.year)
            c.commune = permuted(columns.commune); c.district = permuted(columns.district); c.amount = permuted(columns.amount)
            c.file = permuted(columns.file); c.line = permuted(columns.line); c.status = permuted(columns.status)
            c.startDate = permuted(columns.startDate); c.endDate = permuted(columns.endDate)
            for (new, old) in order.enumerated() { if let y = columns.oddYears[old] { c.oddYears[Int32(new)] = y } }
            Self.renumber(&names, &c.name); Self.renumber(&fullNames, &c.fullName); Self.renumber(&codes, &c.code)
            Self.renumber(&ids, &c.id); Self.renumber(&communes, &c.commune); Self.renumber(&districts, &c.district)
            Self.renumber(&files, &c.file); Self.renumber(&statuses, &c.status)
            var dated = [c.birthDate, c.startDate, c.endDate]
            c.birthDate = []; c.startDate = []; c.endDate = []     // one owner each: rewritten in place
            Self.renumber(&dates, &dated)
            c.birthDate = dated[0]; c.startDate = dated[1]; c.endDate = dated[2]
            columns = c
        }

        private static func renumber(_ table: inout InternTable, _ column: inout [Int32]) {
            var one = [column]
            column = []
            renumber(&table, &one)
            column = one[0]
        }

        /// `table`'s strings interned again in the order `columns` first use them (row by row,
        /// column by column), the columns' indexes rewritten to the new table's.
        private static func renumber(_ table: inout InternTable, _ columns: inout [[Int32]]) {
            var renumbered = InternTable(capacity: table.count)
            var map = [Int32](repeating: -1, count: table.count)
            let rows = columns.map(\.count).max() ?? 0
            for row in 0..<rows {
                for k in columns.indices where row < columns[k].count {
                    let old = columns[k][row]
                    guard old >= 0 else { continue }
                    if map[Int(old)] < 0 { map[Int(old)] = table.withBytes(old) { renumbered.intern(bytes: $0) } }
                    columns[k][row] = map[Int(old)]
                }
            }
            table = renumbered
        }
    }

    /// The registry and the payment lines of `period`, joined.
    static func load(_ db: Database, period: String) throws -> MatchData {
        guard db.isFile else {
            var records = try registry(db), lines = try payments(db, period: period)
            return MatchData(records: &records, lines: &lines)
        }
        return try load(path: db.path, period: period)
    }

    /// The registry and the payment lines of `period` in the warehouse file at `path`, read on
    /// two read-only connections of its own (and two threads), whatever the caller's connection
    /// is doing meanwhile. SQLite's small default cache: the stage's own connection keeps its
    /// cache for writing.
    static func load(path: String, period: String) throws -> MatchData {
        let registry = Background { try Self.registry(Database.reader(path: path)) }
        defer { registry.finish() }
        var lines = try payments(Database.reader(path: path), period: period)
        var records = try registry.wait()
        return MatchData(records: &records, lines: &lines)
    }

    static func registry(_ db: Database) throws -> Side {
        let statement = try db.prepare("""
            SELECT beneficiary_id, full_name, name_key, birth_date, birth_year, id_number, commune_code, district_code,
                   status, start_date, end_date, monthly_amount, source_file, source_line
            FROM beneficiaries
            """)
        // Room reserved once: the table's largest rowid is its row count or a little more.
        var side = Side(capacity: Int(min(try db.scalar("SELECT max(rowid) FROM beneficiaries")?.int ?? 0, 50_000_000)), registry: true)
        while try statement.step() {
            let s = statement
            side.add(code: s.textBytes(at: 0), fullName: s.textBytes(at: 1), nameKey: s.textBytes(at: 2),
                     birthDate: s.textBytes(at: 3), birthYear: s.integer(at: 4), idNumber: s.textBytes(at: 5),
                     commune: s.textBytes(at: 6), district: s.textBytes(at: 7),
                     amount: s.integer(at: 11) ?? MatchColumns.noAmount, file: s.textBytes(at: 12),
                     line: Int(s.integer(at: 13) ?? 0),
                     registry: true, status: s.textBytes(at: 8), startDate: s.textBytes(at: 9), endDate: s.textBytes(at: 10))
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
        var side = Side(capacity: Int(min(count, 50_000_000)), registry: false)
        while try statement.step() {
            let s = statement
            side.add(code: s.textBytes(at: 0), fullName: s.textBytes(at: 1), nameKey: s.textBytes(at: 2),
                     birthDate: s.textBytes(at: 3), birthYear: s.integer(at: 4), idNumber: s.textBytes(at: 5),
                     commune: s.textBytes(at: 6), district: s.textBytes(at: 7), amount: s.integer(at: 8) ?? 0,
                     file: s.textBytes(at: 9), line: Int(s.integer(at: 10) ?? 0), registry: false)
        }
        side.sortByFileAndLine()
        side.columns.shrink()
        return side
    }
}
