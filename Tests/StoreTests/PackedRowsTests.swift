import TestSupport
import Warehouse
import XCTest

/// Packed rows (as the parsing threads hand them to the writer) land in the table as the same
/// rows bound one by one would: every kind of value, whole batches and the rows after them,
/// after rows taken one by one, in order.
final class PackedRowsTests: XCTestCase {
    func testPackedRowsInsertTheirValuesInOrder() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t(n INTEGER, name TEXT, amount REAL, note TEXT)")
        let insert = try BatchedInsert(db: db, "INSERT INTO t(n, name, amount, note)", columns: 4, rowsPerStep: 8)
        // Two rows taken one by one first: they must stay first.
        try insert.row([.integer(-1), .text("trước"), .null, .text("")])
        try insert.row([.integer(0), .text("Nguyễn Văn An"), .real(1.5), .null])
        let rows = PackedRows(columns: 4, capacity: 16)     // small: it must grow many times
        var expected: [[SQLValue]] = [[.integer(-1), .text("trước"), .null, .text("")],
                                      [.integer(0), .text("Nguyễn Văn An"), .real(1.5), .null]]
        // 8 rows a batch: 29 rows are 3 batches and 5 rows after them.
        for i in 1...29 {
            let name = String(repeating: "Đặng Thị Ánh Tuyết ", count: i % 4) + "\(i)"
            let row: [SQLValue] = [.integer(Int64(i) * 1_000_000_007), .text(name), i % 3 == 0 ? .null : .real(Double(i) / 4),
                                   i % 5 == 0 ? .text("") : .text("ghi chú \(i)")]
            rows.append(row)
            expected.append(row)
        }
        XCTAssertEqual(rows.count, 29)
        try assertStored(rows, by: insert, in: db, "SELECT n, name, amount, note FROM t ORDER BY rowid", expected)
        // An empty text stays text, not NULL.
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM t WHERE note = ''")?.int, 6)
    }

    /// Rows appended value by value (the sink's way) are the rows appended as arrays: texts
    /// (Vietnamese, empty, long), integers of both widths and NULLs, in order.
    func testRowsAppendedValueByValue() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t(code TEXT, year INTEGER, amount INTEGER, name TEXT)")
        let insert = try BatchedInsert(db: db, "INSERT INTO t(code, year, amount, name)", columns: 4, rowsPerStep: 8)
        let rows = PackedRows(columns: 4, capacity: 16)
        var expected: [[SQLValue]] = []
        for i in 0..<21 {
            let code: String? = i % 4 == 0 ? nil : "QB\(i)"
            let year: Int? = i % 3 == 0 ? nil : 1940 + i
            let amount: Int64? = i % 5 == 0 ? nil : Int64(i) * 1_000_000_000_007
            let name = i % 7 == 0 ? "" : String(repeating: "Trần Thị Mỹ Duyên ", count: i % 5 + 1)
            rows.append(text: code)
            rows.append(integer: year)
            rows.append(integer: amount)
            rows.append(text: name)
            rows.endRow()
            expected.append([code.map(SQLValue.text) ?? .null, year.map { .integer(Int64($0)) } ?? .null,
                             amount.map(SQLValue.integer) ?? .null, .text(name)])
        }
        XCTAssertEqual(rows.count, 21)
        try assertStored(rows, by: insert, in: db, "SELECT code, year, amount, name FROM t ORDER BY rowid", expected)
    }

    /// A buffer handed to the insert and cleared packs the next rows from its start: the rows
    /// sent before stay as they were stored (reconcile's writer packs a few thousand rows at a
    /// time into one buffer), reals included.
    func testABufferClearedAfterItsRowsWereSentPacksMore() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t(n INTEGER, score REAL, note TEXT)")
        let insert = try BatchedInsert(db: db, "INSERT INTO t(n, score, note)", columns: 3, rowsPerStep: 8)
        let rows = PackedRows(columns: 3, capacity: 16)
        var expected: [[SQLValue]] = []
        try db.transaction {
            for i in 0..<50 {
                let score: Double? = i % 4 == 0 ? nil : Double(i) / 8
                let note = String(repeating: "lý do \(i) ", count: i % 3 + 1)
                rows.append(integer: Int64(i))
                rows.append(real: score)
                rows.append(text: note)
                rows.endRow()
                expected.append([.integer(Int64(i)), score.map(SQLValue.real) ?? .null, .text(note)])
                if rows.count == 19 {           // two batches and three rows held back, each time
                    try insert.rows(rows)
                    rows.removeAll()
                    XCTAssertEqual(rows.count, 0)
                }
            }
            try insert.rows(rows)
            try insert.flush()
        }
        let stored = try db.rows("SELECT n, score, note FROM t ORDER BY rowid")
        XCTAssertEqual(stored.count, expected.count)
        for (got, want) in zip(stored, expected) { XCTAssertEqual(got, want) }
    }

    /// Sends `rows` (after any rows `insert` holds) in one transaction and checks what `query`
    /// reads back against `expected`, row by row.
    private func assertStored(_ rows: PackedRows, by insert: BatchedInsert, in db: Database, _ query: String,
                              _ expected: [[SQLValue]], file: StaticString = #filePath, line: UInt = #line) throws {
        try db.transaction {
            try insert.rows(rows)
            try insert.flush()
        }
        let stored = try db.rows(query)
        XCTAssertEqual(stored.count, expected.count, file: file, line: line)
        for (got, want) in zip(stored, expected) { XCTAssertEqual(got, want, file: file, line: line) }
    }
}
