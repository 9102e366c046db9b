import CSQLite
import TestSupport
import Warehouse
import XCTest

final class DatabaseTests: XCTestCase {
    func testSchemaCreatesContractTablesAndVersion() throws {
        let db = try Fixture.warehouse()
        let tables = Set(try db.rows("SELECT name FROM sqlite_master WHERE type = 'table'").compactMap { $0[0].string })
        for table in ["file_ledger", "rejects", "beneficiaries", "payments", "households", "household_totals", "recruitment",
                      "recon_exceptions", "recon_matches", "provincial_indicators", "district_indicators", "period_indicators", "runs"] {
            XCTAssertTrue(tables.contains(table), table)
        }
        XCTAssertEqual(try db.scalar("SELECT value FROM schema_meta WHERE key = 'schema_version'")?.string, String(Schema.version))
    }

    func testBadSQLThrowsWithResultCodeAndStatement() throws {
        let db = try Fixture.warehouse()
        XCTAssertThrowsError(try db.execute("SELEC 1")) { error in
            guard let error = error as? DatabaseError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.resultCode, SQLITE_ERROR)
            XCTAssertEqual(error.sql, "SELEC 1")
            XCTAssertTrue(error.description.contains("syntax error"), error.description)
        }
    }

    func testTransactionRollsBackWhenTheBodyThrows() throws {
        let db = try Fixture.warehouse()
        struct Boom: Error {}
        XCTAssertThrowsError(try db.transaction {
            try db.run("INSERT INTO rejects(source_file, source_line, reason) VALUES ('a.csv', 1, 'x')")
            throw Boom()
        })
        XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM rejects")?.int, 0)
        try db.transaction { try db.run("INSERT INTO rejects(source_file, source_line, reason) VALUES ('a.csv', 1, 'x')") }
        XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM rejects")?.int, 1)
    }

    func testBoundTextIsCopiedAndRoundTrips() throws {
        let db = try Fixture.warehouse()
        let insert = try db.prepare("INSERT INTO rejects(source_file, source_line, value, reason) VALUES (?,?,?,?)")
        var buffer = "Nguyễn Văn Hùng; 'quoted' \"x\""
        try insert.run([.text("f.csv"), .integer(7), .text(buffer), .text("r")])
        buffer = "changed" // the statement must have copied the text
        try insert.run([.text("f.csv"), .integer(8), .null, .text(buffer)])
        let rows = try db.rows("SELECT source_line, value, reason FROM rejects ORDER BY source_line")
        XCTAssertEqual(rows, [[.integer(7), .text("Nguyễn Văn Hùng; 'quoted' \"x\""), .text("r")], [.integer(8), .null, .text("changed")]])
    }

    func testLedgerCheckRefusesARowThatDoesNotAddUp() throws {
        let db = try Fixture.warehouse()
        XCTAssertThrowsError(try db.run("INSERT INTO file_ledger(source_file, rows_data, rows_loaded, rows_rejected, status) VALUES ('a', 5, 3, 1, 'ok')"))
    }
}
