import Foundation
import Pipeline
@testable import Report
import TestSupport
import Warehouse
import XCTest

final class ExcelReportTests: XCTestCase {
    private func warehouse() throws -> Database {
        let db = try Fixture.warehouse()
        try db.execute("""
            INSERT INTO provincial_indicators VALUES (2023,'jobs_total',20360,18500,110.054054), (2023,'vet_enrolled_college',269,250,107.6),
              (2023,'poor_rate_pct',4.049884,NULL,NULL);
            INSERT INTO district_indicators VALUES (2023,'454','jobs_total',2500,2300,108.7);
            INSERT INTO recon_exceptions(period, district_code, exception_type, beneficiary_id, source_file, source_line, amount_at_risk, detail, reason_vi)
              VALUES ('2023-12','454','PAID_AFTER_END','454000003','454/p.csv',4,2055000,'paid after death','Chi trả sau khi chết');
            INSERT INTO quality_findings(source_file, source_line, rule, detail, severity, column_name, value, district_code)
              VALUES ('454/b.csv', 3, 'cccd_birth_mismatch', 'citizen ID 044*******02 encodes birth year 1960', 'warning', 'id_number', '044060000002', '454');
            INSERT INTO rejects(source_file, source_line, column_name, value, reason, dataset, district_code, rule)
              VALUES ('454/p.csv', 9, 'Số tiền', 'abc', 'amount: not a number', 'payments', '454', 'invalid_value');
            """)
        return db
    }

    /// Writes the workbook of the fixture warehouse and returns its file.
    private func workbook(_ options: ReportOptions) throws -> URL {
        let output = try Fixture.tempDir()
        addTeardownBlock { try? FileManager.default.removeItem(at: output) }
        let context = try Fixture.context(input: output, output: output)
        let url = output.appendingPathComponent("report/bao-cao.xlsx")
        try ExcelReport.write(db: try warehouse(), context: context, options: options, to: url)
        return url
    }

    /// One member of the .xlsx zip.
    private func member(_ name: String, of url: URL) throws -> String {
        let text = try Fixture.zipMember(name, of: url)
        XCTAssertNotNil(text, "reading \(name)")
        return text ?? ""
    }

    private func matches(_ text: String, _ pattern: String) -> Bool {
        text.range(of: pattern, options: .regularExpression) != nil
    }

    func testANationalWorkbookHasNoSheetPerDistrict() throws {
        let output = try Fixture.tempDir()
        addTeardownBlock { try? FileManager.default.removeItem(at: output) }
        let config = try PipelineConfig.load(from: Fixture.root.appendingPathComponent("pipelines/vietnam.yaml"))
        XCTAssertGreaterThan(config.gazetteer.districts.count, ExcelReport.districtSheetLimit)
        let context = try RunContext(input: output, output: output, period: "2023-12", year: 2023, config: config)
        let url = output.appendingPathComponent("bao-cao.xlsx")
        try ExcelReport.write(db: try warehouse(), context: context, options: ReportOptions(), to: url)
        let names = try member("xl/workbook.xml", of: url).components(separatedBy: "<sheet name=\"").dropFirst()
            .compactMap { $0.split(separator: "\"").first.map(String.init) }
        XCTAssertEqual(names, ["Tổng hợp", "Huyện", "Đối khớp", "Lỗi dữ liệu"], "the exceptions filter by district on Đối khớp")
    }

    func testWorkbookHasNumbersFormulasFiltersAndIsOwnerOnly() throws {
        let url = try workbook(ReportOptions())

        let names = try member("xl/workbook.xml", of: url).components(separatedBy: "<sheet name=\"").dropFirst()
            .compactMap { $0.split(separator: "\"").first.map(String.init) }
        XCTAssertEqual(Array(names.prefix(4)), ["Tổng hợp", "Huyện", "Đối khớp", "Lỗi dữ liệu"])
        XCTAssertEqual(names.count, 12, "four sheets and one per district: \(names)")
        XCTAssertTrue(names.contains("454 Quảng Trạch"), "\(names)")
        XCTAssertTrue(names.allSatisfy { $0.count <= 31 })

        // Tổng hợp: figures are numbers (no t="s"), the published figure beside them.
        let summary = try member("xl/worksheets/sheet1.xml", of: url)
        XCTAssertTrue(matches(summary, #"<c r="C2" s="\d+"><v>20360</v></c><c r="D2" s="\d+"><v>18500</v></c>"#), summary)
        XCTAssertTrue(matches(summary, #"<c r="F2" s="\d+"><v>20360</v></c>"#), "published jobs_total")
        XCTAssertTrue(matches(summary, #"<c r="C3" s="\d+"><v>269</v></c>"#))
        XCTAssertTrue(matches(summary, #"<c r="F3" s="\d+"><v>269</v></c>"#), "published vet_enrolled_college")
        // % of plan: a formula with its value cached.
        XCTAssertTrue(matches(summary, #"<c r="E2" s="\d+"><f>IF\(D2&gt;0,C2/D2,""\)</f><v>1\.1005"#), summary)
        XCTAssertTrue(matches(summary, #"<c r="E3" s="\d+"><f>IF\(D3&gt;0,C3/D3,""\)</f><v>1\.076</v>"#))
        // The generated-at timestamp is a date (a serial number with a date format).
        XCTAssertTrue(matches(summary, #"<c r="B6" s="\d+"><v>4\d{4}\.\d+</v>"#), summary)
        XCTAssertTrue(try member("xl/styles.xml", of: url).contains("formatCode=\"dd/mm/yyyy hh:mm\""))

        // Đối khớp: header frozen, autofilter over the data, amounts as numbers.
        let exceptions = try member("xl/worksheets/sheet3.xml", of: url)
        XCTAssertTrue(exceptions.contains("<autoFilter ref=\"A1:J2\"/>"), exceptions)
        XCTAssertTrue(matches(exceptions, #"<pane ySplit="1" topLeftCell="A2" [^>]*state="frozen"/>"#), exceptions)
        XCTAssertTrue(matches(exceptions, #"<c r="H2" s="\d+"><v>2055000</v></c>"#), exceptions)
        let quangTrach = try member("xl/worksheets/sheet\(names.firstIndex(of: "454 Quảng Trạch").map { $0 + 1 } ?? 0).xml", of: url)
        XCTAssertTrue(quangTrach.contains("<v>2055000</v>"), "the district's own sheet")
        XCTAssertFalse(try member("xl/worksheets/sheet5.xml", of: url).contains("<v>2055000</v>"), "not on 450's")

        // Citizen IDs leave masked.
        let strings = try member("xl/sharedStrings.xml", of: url)
        XCTAssertTrue(strings.contains("044*******02"))
        XCTAssertFalse(strings.contains("044060000002"))
        XCTAssertTrue(strings.contains("Chi trả sau khi chết") && strings.contains("paid after death"))

        let permissions = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        XCTAssertEqual(permissions, 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
        XCTAssertEqual(leftovers, ["bao-cao.xlsx"], "no temporary file left")
    }

    func testUnmaskedWorkbookShowsCitizenIDs() throws {
        let strings = try member("xl/sharedStrings.xml", of: try workbook(ReportOptions(unmasked: true)))
        XCTAssertTrue(strings.contains("044060000002"))
    }

    func testSheetNamesAreMadeAcceptableToExcel() {
        XCTAssertEqual(Workbook.sheetName("a/b[c]:d*e?f\\g"), "a-b-c--d-e-f-g")
        XCTAssertEqual(Workbook.sheetName("'quoted'"), "quoted")
        XCTAssertEqual(Workbook.sheetName(""), "Sheet")
        XCTAssertEqual(Workbook.sheetName(String(repeating: "Đ", count: 40)).count, 31)
        XCTAssertEqual(Worksheet.a1(0, 0), "A1")
        XCTAssertEqual(Worksheet.a1(9, 27), "AB10")
    }

    func testClosedWorkbookRefusesWrites() throws {
        let folder = try Fixture.tempDir()
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let workbook = try Workbook(path: folder.appendingPathComponent("x.xlsx").path)
        let sheet = try workbook.addWorksheet(named: "A")
        XCTAssertEqual(try workbook.addWorksheet(named: "a").name, "a (2)", "names are unique regardless of case")
        try workbook.close()
        XCTAssertThrowsError(try sheet.write(1, row: 0, column: 0)) { error in
            XCTAssertTrue(error is XLSXError)
        }
        // An unwritable path fails at close with libxlsxwriter's own message.
        let bad = try Workbook(path: "/nonexistent-folder/x.xlsx")
        XCTAssertThrowsError(try bad.close()) { error in
            let error = error as? XLSXError
            XCTAssertEqual(error?.operation, "workbook_close(/nonexistent-folder/x.xlsx)")
            XCTAssertTrue(error?.message.contains("creating output xlsx file") ?? false, "\(String(describing: error))")
        }
    }
}
