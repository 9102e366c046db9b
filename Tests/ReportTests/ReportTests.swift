import Foundation
import Pipeline
@testable import Report
import TestSupport
import Warehouse
import XCTest

final class ReportTests: XCTestCase {
    func testVietnameseNumberFormatting() {
        XCTAssertEqual(VietnameseNumber.integer(20_360), "20.360")
        XCTAssertEqual(VietnameseNumber.integer(269), "269")
        XCTAssertEqual(VietnameseNumber.integer(1_234_567), "1.234.567")
        XCTAssertEqual(VietnameseNumber.integer(-55_000), "-55.000")
        XCTAssertEqual(VietnameseNumber.percent(110.054), "110,1%")
        XCTAssertEqual(VietnameseNumber.percent(4.0499, places: 2), "4,05%")
        XCTAssertEqual(VietnameseNumber.decimal(1_234.5, places: 1), "1.234,5")
        XCTAssertEqual(VietnameseNumber.decimal(-0.75, places: 2), "-0,75")
    }

    func testPublishedFiguresAreComparedAtTheirOwnPrecision() {
        // DOMAIN.md: percentages are truncated or rounded inconsistently, and one is wrong.
        XCTAssertTrue(HTMLReportProbe.compare(published: 110, recomputed: 110.054).matches)
        XCTAssertTrue(HTMLReportProbe.compare(published: 118.7, recomputed: 118.764).matches, "truncated")
        XCTAssertTrue(HTMLReportProbe.compare(published: 120.45, recomputed: 120.457).matches, "truncated")
        XCTAssertTrue(HTMLReportProbe.compare(published: 163.3, recomputed: 163.297).matches, "rounded")
        XCTAssertFalse(HTMLReportProbe.compare(published: 107.4, recomputed: 107.6).matches, "simply wrong")
        XCTAssertFalse(HTMLReportProbe.compare(published: 150, recomputed: 149.318).matches)
    }

    func testReportShowsTheProvincialTableTheRecomputedFigureAndIsOwnerOnly() throws {
        let db = try Fixture.warehouse()
        try db.execute("""
            INSERT INTO admin_units VALUES ('44','454','Huyện Quảng Trạch','19021','Xã Quảng Phú','Xã');
            INSERT INTO provincial_indicators VALUES (2023,'jobs_total',20360,18500,110.054054), (2023,'vet_enrolled_college',269,250,107.6),
              (2023,'poor_rate_pct',4.049884,NULL,NULL);
            INSERT INTO period_indicators VALUES ('2023-12','454','paid_beneficiaries',66228), ('2023-12',NULL,'paid_beneficiaries',66228);
            INSERT INTO recon_exceptions(period, district_code, exception_type, beneficiary_id, source_file, source_line, amount_at_risk, detail) VALUES ('2023-12','454','PAID_AFTER_END','454000003','p.csv',4,2055000,'dead <since> 2023');
            INSERT INTO file_ledger(source_file, dataset, rows_data, rows_loaded, rows_rejected, rows_skipped, status, message) VALUES ('454/p.csv','payments',3,2,1,1,'ok','<b>');
            """)
        let output = try Fixture.tempDir()
        let context = try Fixture.context(input: output, output: output)
        try ReportStage.run(context: context, db: db, into: output.appendingPathComponent("report"), logger: Fixture.quietLogger)
        let url = output.appendingPathComponent("report/index.html")
        let html = try String(contentsOf: url, encoding: .utf8)
        XCTAssertTrue(html.contains("<td class=n>20.360</td><td class=n>18.500</td><td class=n>110,1%</td>"), "provincial row")
        XCTAssertTrue(html.contains("107,4%") && html.contains("≠ 107,60% recomputed"), "the published 107.4% is flagged")
        XCTAssertTrue(html.contains("rounded from 110,05%"), "110% is the rounded 110.05%: no flag")
        XCTAssertTrue(html.contains("4,05%"))
        XCTAssertTrue(html.contains("66.228"))
        XCTAssertTrue(html.contains("1 / 2.055.000"), "exceptions by district and type")
        XCTAssertFalse(html.contains("<b>") && html.contains("'<b>'"), "ledger text is escaped")
        XCTAssertTrue(html.contains("&lt;b&gt;"))
        XCTAssertFalse(html.contains("<script"), "no scripts: the page must open anywhere")
        XCTAssertFalse(html.contains("http://") || html.contains("https://"), "no network resources")
        let permissions = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        XCTAssertEqual(permissions, 0o600)
    }

    func testDistrictErrorFilesAreExcelReadyAndNeutraliseFormulas() throws {
        let db = try Fixture.warehouse()
        try db.execute("""
            INSERT INTO rejects(source_file, source_line, column_name, value, reason, dataset, district_code, rule)
              VALUES ('454/p.csv', 9, 'Số tiền', '=HYPERLINK("x")', 'amount: not a number', 'payments', '454', 'invalid_value');
            INSERT INTO quality_findings(source_file, source_line, rule, detail, severity, column_name, value, district_code)
              VALUES ('454/b.csv', 3, 'cccd_birth_mismatch', 'citizen ID 044*******02 encodes birth year 1960, the row says 1950', 'warning', 'id_number', '+044060000002', '454');
            """)
        let folder = try Fixture.tempDir()
        try ErrorReport.write(db: db, gazetteer: try Fixture.config().gazetteer, into: folder)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        XCTAssertEqual(files.count, 8, "one file per district, also when all is well")
        XCTAssertTrue(files.contains("454-quang-trach.csv"))
        let data = try Data(contentsOf: folder.appendingPathComponent("454-quang-trach.csv"))
        XCTAssertEqual(Array(data.prefix(3)), [0xEF, 0xBB, 0xBF], "UTF-8 with BOM for Excel")
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertEqual(lines.count, 3)
        XCTAssertEqual(lines[0], "\"source_file\",\"source_line\",\"column\",\"value\",\"rule\",\"severity\",\"message_vi\",\"message_en\"")
        XCTAssertTrue(lines[1].hasPrefix("\"454/b.csv\",\"3\",\"id_number\",\"044*******02\""), "IDs leave masked: \(lines[1])")
        XCTAssertFalse(text.contains("044060000002"))
        XCTAssertTrue(lines[1].contains("Số CCCD không khớp với năm sinh"), lines[1])
        XCTAssertTrue(lines[2].contains("\"'=HYPERLINK(\"\"x\"\")\""), "formula neutralized and quotes doubled: \(lines[2])")
        XCTAssertTrue(lines[2].contains("Giá trị không đọc được"), lines[2])
        let empty = try String(contentsOf: folder.appendingPathComponent("450-dong-hoi.csv"), encoding: .utf8)
        XCTAssertEqual(empty.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count, 1)
        let permissions = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("454-quang-trach.csv").path)[.posixPermissions] as? Int
        XCTAssertEqual(permissions, 0o600)
    }
}

private typealias HTMLReportProbe = HTMLReport
