import Foundation
import Pipeline
@testable import Report
import TestSupport
import Warehouse
import XCTest

/// Each district's exceptions as its own file, the stable views for downstream reports, and
/// citizen IDs masked unless asked otherwise.
final class DistrictExportTests: XCTestCase {
    private func warehouse() throws -> Database {
        let db = try Fixture.warehouse()
        try db.execute("""
            INSERT INTO admin_units VALUES ('44','454','Huyện Quảng Trạch','19021','Xã Quảng Phú','Xã');
            INSERT INTO recon_exceptions(period, district_code, exception_type, beneficiary_id, source_file, source_line, amount_at_risk, detail, reason_vi) VALUES
              ('2023-12','454','AMOUNT_MISMATCH','454000006','454/p.csv',7,-55000,'paid 2000000 VND, entitled to 2055000 VND','Chi 2000000 đồng'),
              ('2023-12','454','PAID_AFTER_END','454000003','454/p.csv',4,2055000,'=cmd|dead since 2023-09-15','Chi trả sau khi chết'),
              ('2023-11','454','PAID_AFTER_END','454000003','454/p-11.csv',4,2055000,'last month','tháng trước'),
              ('2023-12','455','IDENTITY_CONFLICT','455000009','455/p.csv',9,2055000,'same citizen ID 044*******01; name differs','CCCD');
            INSERT INTO provincial_indicators VALUES (2022,'poor_households',11000,NULL,NULL), (2023,'poor_households',10473,NULL,NULL);
            INSERT INTO district_indicators VALUES (2023,'454','poor_rate_pct',4.2,NULL,NULL);
            """)
        return db
    }

    func testEachDistrictGetsItsExceptionsOfTheMonthLargestFirstReadyForExcel() throws {
        let db = try warehouse()
        let folder = try Fixture.tempDir()
        let context = try Fixture.context(input: folder, output: folder)
        let files = try DistrictExceptions.write(db: db, context: context, into: folder)
        XCTAssertEqual(files.count, 8, "one file per district of the gazetteer, also when it has nothing")
        let url = folder.appendingPathComponent("454-quang-trach.csv")
        let data = try Data(contentsOf: url)
        XCTAssertEqual(Array(data.prefix(3)), [0xEF, 0xBB, 0xBF], "UTF-8 with BOM")
        let lines = String(decoding: data.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertEqual(lines.count, 3, "the month's two exceptions, not last month's")
        XCTAssertTrue(lines[1].hasPrefix("\"2023-12\",\"PAID_AFTER_END\",\"Chi trả sau khi chết/cắt hưởng\",\"454000003\""), lines[1])
        XCTAssertTrue(lines[1].contains("\"'=cmd|dead since 2023-09-15\""), "a formula is neutralized: \(lines[1])")
        XCTAssertTrue(lines[2].contains("\"-55000\""), "the larger amount at risk comes first, sign kept: \(lines[2])")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int, 0o600)
        let other = try String(contentsOf: folder.appendingPathComponent("455-bo-trach.csv"), encoding: .utf8)
        XCTAssertTrue(other.contains("IDENTITY_CONFLICT"))
    }

    func testStableViewsGiveThePreviousYearTheDistrictNameAndTheReasons() throws {
        let db = try warehouse()
        let row = try db.rows("SELECT value, previous_value, change_from_previous FROM v_provincial_table WHERE year = 2023 AND indicator = 'poor_households'")
        XCTAssertEqual(row, [[.real(10473), .real(11000), .real(-527)]])
        XCTAssertEqual(try db.scalar("SELECT district_name FROM v_district_table WHERE district_code = '454'")?.string, "Huyện Quảng Trạch")
        XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM v_exceptions WHERE period = '2023-12'")?.int, 3)
        XCTAssertEqual(try db.scalar("SELECT reason_vi FROM v_exceptions WHERE source_line = 7")?.string, "Chi 2000000 đồng")
        XCTAssertEqual(try db.scalar("SELECT value FROM schema_meta WHERE key = 'schema_version'")?.string, "2")
    }

    func testCitizenIDsAreMaskedUnlessUnmaskedIsAsked() throws {
        XCTAssertEqual(ReportOptions().citizenID("044048000123"), "044*******23")
        XCTAssertEqual(ReportOptions(unmasked: true).citizenID("044048000123"), "044048000123")
        XCTAssertEqual(ReportOptions().citizenID("12345"), "*****")
        XCTAssertNil(ReportOptions().citizenID(nil))

        let db = try Fixture.warehouse()
        try db.execute("""
            INSERT INTO quality_findings(source_file, source_line, rule, detail, severity, column_name, value, district_code)
              VALUES ('454/b.csv', 3, 'cccd_birth_mismatch', 'mismatch', 'warning', 'id_number', '044060000002', '454');
            INSERT INTO rejects(source_file, source_line, column_name, value, reason, dataset, district_code, rule)
              VALUES ('454/b.csv', 9, NULL, '454-1,Nguyễn Văn A,1950,044060123456,194500123,x,y', 'row has 2 cells more than the header (044060123456)',
                      'beneficiaries', '454', 'extra_cells');
            """)
        let gazetteer = try Fixture.config().gazetteer
        let masked = try Fixture.tempDir(), unmasked = try Fixture.tempDir()
        try ErrorReport.write(db: db, gazetteer: gazetteer, into: masked)
        try ErrorReport.write(db: db, gazetteer: gazetteer, into: unmasked, options: ReportOptions(unmasked: true))
        let name = "454-quang-trach.csv"
        let hidden = try String(contentsOf: masked.appendingPathComponent(name), encoding: .utf8)
        let shown = try String(contentsOf: unmasked.appendingPathComponent(name), encoding: .utf8)
        // A rejected row is kept whole: the IDs among its cells, and in its reason, are masked too.
        for id in ["044060000002", "044060123456", "194500123"] {
            XCTAssertFalse(hidden.contains(id), "\(id) masked: \(hidden)")
            XCTAssertTrue(shown.contains(id), "\(id) shown when unmasked")
        }
        XCTAssertTrue(hidden.contains("454-1,Nguyễn Văn A,1950,044*******56"), hidden)
        XCTAssertEqual(ReportOptions().text("same citizen ID 044048000123; code 450011405"), "same citizen ID 044*******23; code 450011405")
        XCTAssertEqual(ReportOptions().text("CCCD 194500123"), "CCCD 194****23")
    }

    /// The one-pass masking masks what the regular expressions it replaced matched.
    func testMaskingByDigitRunsMatchesTheRegularExpressions() {
        func replacing(_ text: String, _ patterns: [String]) -> String {
            var out = text
            for pattern in patterns {
                while let range = out.range(of: pattern, options: .regularExpression) {
                    out.replaceSubrange(range, with: ReportOptions.mask(String(out[range])))
                }
            }
            return out
        }
        let parts = ["044048000123", "44048000123", "450011405", "194500123", "12", "1234567890123", "0",
                     "citizen ID ", "CCCD ", "CMND: ", "CCCD:", "cccd ", "; ", " ", "Lê Văn Ánh ", "đ", "e\u{301}", "-", "9"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...7, using: &generator)).map { _ in parts.randomElement(using: &generator) ?? "" }.joined()
            XCTAssertEqual(ReportOptions().text(text),
                           text.contains(where: \.isNumber)
                               ? replacing(text, ["(?<![0-9])[0-9]{11,12}(?![0-9])", "(?<=citizen ID |CCCD |CMND |CCCD: |CMND: )[0-9]{9}(?![0-9])"])
                               : text, text)
            XCTAssertEqual(ReportOptions().value(text, isIDColumn: false), replacing(text, ["(?<![0-9])[0-9]{9,12}(?![0-9])"]), text)
        }
    }
}
