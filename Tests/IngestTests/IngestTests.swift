import Foundation
import InMemoryLogging
import Logging
import Ingest
import Pipeline
import TestSupport
import VietText
import Warehouse
import XCTest

/// A sink that keeps what it is given, rejecting rows whose name cell is "REJECT".
final class RecordingSink: RowSink {
    var files: [FileInfo] = []
    var rows: [MappedRow] = []
    func beginFile(_ info: FileInfo) throws { files.append(info) }
    func load(_ row: __owned MappedRow) throws -> RowOutcome {
        if row.cells.contains("REJECT") { return .rejected(RowRejection(column: "x", value: "REJECT", reason: "test says no")) }
        rows.append(row)
        return .loaded(amount: nil)
    }
    func controlAmount(_ row: MappedRow) -> Int64? {
        guard let i = files.last?.spec.index(of: files.last?.spec.dataset.amountField ?? ""), let raw = row[i] else { return nil }
        return Int64(raw.filter(\.isNumber))
    }
    func endFile(_ info: FileInfo) throws {}
}

final class IngestTests: XCTestCase {
    private let paymentsHeader = ["Kỳ chi trả", "Họ tên người hưởng", "Năm sinh", "Xã", "Số tiền", "Hình thức"]

    private func ingest(_ input: URL) throws -> (ledger: [LedgerEntry], sink: RecordingSink, db: Database) {
        let db = try Fixture.warehouse()
        let sink = RecordingSink()
        let ledger = try IngestStage.run(context: try Fixture.context(input: input), db: db, sink: sink, logger: Fixture.quietLogger)
        return (ledger, sink, db)
    }

    private func paymentLines(_ delimiter: String) -> [String] {
        [
            "DANH SÁCH CHI TRẢ TRỢ CẤP THÁNG 12/2023",
            "",
            paymentsHeader.joined(separator: delimiter),
            ["12/2023", "Nguyễn Văn Hùng", "1948", "Quảng Hòa", "2055000", "TM"].joined(separator: delimiter),
            "",
            ["12/2023", "Trần Thị Lan", "1950", "Quảng Hòa", "720000", "TK"].joined(separator: delimiter),
            ["Tổng cộng", "", "", "", "2775000", ""].joined(separator: delimiter),
        ]
    }

    func testEveryEncodingAndDelimiterGivesTheSameRowsOnTheSameLines() throws {
        let cases: [(Fixture.Encoding, String, String, String, String)] = [
            (.utf8, ",", "\n", "utf-8", "comma"),
            (.utf8BOM, ";", "\r\n", "utf-8-bom", "semicolon"),
            (.utf16LE, "\t", "\r\n", "utf-16le", "tab"),
            (.utf16BE, "\t", "\n", "utf-16be", "tab"),
            (.cp1258, ",", "\r\n", "windows-1258", "comma"),
        ]
        for (encoding, delimiter, newline, encodingName, delimiterName) in cases {
            let input = try Fixture.tempDir()
            try Fixture.write(paymentLines(delimiter), to: input.appendingPathComponent("454"), "payments-12.csv", encoding: encoding, newline: newline)
            let (ledger, sink, _) = try ingest(input)
            let entry = try XCTUnwrap(ledger.first { $0.sourceFile == "454/payments-12.csv" })
            XCTAssertEqual(entry.encoding, encodingName)
            XCTAssertEqual(entry.delimiter, delimiterName)
            XCTAssertEqual(entry.dataset, "payments")
            XCTAssertEqual(entry.districtCode, "454")
            XCTAssertEqual(entry.headerLine, 3)
            XCTAssertEqual(entry.rowsLoaded, 2, encodingName)
            XCTAssertEqual(entry.rowsSkipped, 5, "title, blank, header, blank, totals")
            XCTAssertEqual(sink.rows.map(\.line), [4, 6], encodingName)
            let nameIndex = try XCTUnwrap(sink.files.first?.spec.index(of: "full_name"))
            XCTAssertEqual(sink.rows.first.flatMap { $0[nameIndex] }.map(VietText.nfc), "Nguyễn Văn Hùng", encodingName)
            XCTAssertEqual(sink.files.first?.titleLines, ["DANH SÁCH CHI TRẢ TRỢ CẤP THÁNG 12/2023"], encodingName)
            XCTAssertTrue(entry.controlTotal?.contains("ok") ?? false, entry.controlTotal ?? "no control total")
        }
    }

    func testControlTotalMismatchIsAFindingNotIgnored() throws {
        let input = try Fixture.tempDir()
        var lines = paymentLines(",")
        lines[6] = "Tổng cộng,,,,2800000,"
        try Fixture.write(lines, to: input.appendingPathComponent("454"), "payments.csv")
        let (ledger, _, db) = try ingest(input)
        XCTAssertTrue(ledger[0].controlTotal?.contains("MISMATCH") ?? false)
        let findings = try db.rows("SELECT source_line, rule, severity FROM quality_findings WHERE rule LIKE 'control%'")
        XCTAssertEqual(findings, [[.integer(7), .text("control_total_mismatch"), .text("error")]])
    }

    func testQuotedFieldsRejectsAndTheLedgerAddsUp() throws {
        let input = try Fixture.tempDir()
        try Fixture.write([
            "Kỳ chi trả,Họ tên,Năm sinh,Xã,Số tiền,Ghi chú",
            "12/2023,\"Lê, Văn Tám\",1940,Quảng Phú,2055000,\"hai",
            "dòng\"",
            "12/2023,REJECT,1940,Quảng Phú,2055000,",
            "12/2023,Bad \"quote,1940,Quảng Phú,1,",
            "12/2023,Too many,1940,Quảng Phú,1,,extra",
            "12/2023,Võ Thị Sáu,1941,Quảng Phú,2055000,",
        ], to: input.appendingPathComponent("454-quang-trach"), "payments.csv")
        let (ledger, sink, db) = try ingest(input)
        let entry = ledger[0]
        XCTAssertEqual(entry.rowsLoaded, 2)
        XCTAssertEqual(entry.rowsRejected, 3)
        XCTAssertEqual(entry.rowsData, entry.rowsLoaded + entry.rowsRejected)
        XCTAssertEqual(entry.unknownColumns, ["Ghi chú"])
        XCTAssertEqual(sink.rows.map(\.line), [2, 7])
        XCTAssertEqual(sink.rows[0].cells[1], "Lê, Văn Tám")
        XCTAssertEqual(sink.rows[0].cells[5], "hai\ndòng")
        let rejects = try db.rows("SELECT source_line, reason FROM rejects ORDER BY source_line")
        XCTAssertEqual(rejects.map { $0[0].int }, [4, 5, 6])
        XCTAssertTrue(rejects[1][1].string?.contains("unreadable CSV row") ?? false)
        XCTAssertTrue(rejects[2][1].string?.contains("7 cells but the header has 6") ?? false)
        XCTAssertEqual(try db.scalar("SELECT rows_data FROM file_ledger")?.int, 5)
    }

    func testMissingRequiredColumnRejectsEveryRowNamingTheColumn() throws {
        let input = try Fixture.tempDir()
        try Fixture.write(["Kỳ chi trả,Họ tên,Xã", "12/2023,A,Quảng Phú", "12/2023,B,Quảng Phú"],
                          to: input.appendingPathComponent("454"), "payments.csv")
        let (ledger, _, db) = try ingest(input)
        XCTAssertEqual(ledger[0].status, "error")
        XCTAssertEqual(ledger[0].rowsRejected, 2)
        XCTAssertTrue(ledger[0].message?.contains("amount") ?? false, ledger[0].message ?? "")
        XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM rejects WHERE column_name = 'amount'")?.int, 2)
    }

    func testAMissingColumnNamesTheClosestHeaderAndUnknownColumnsAreListed() throws {
        let input = try Fixture.tempDir()
        try Fixture.write(["Kỳ chi trả,Họ tên,Xã,Số tiềng,Ghi chú", "12/2023,A,Quảng Phú,1,x"],
                          to: input.appendingPathComponent("454"), "payments.csv")
        let (ledger, _, _) = try ingest(input)
        XCTAssertEqual(ledger[0].status, "error")
        XCTAssertTrue(ledger[0].message?.contains("did you mean 'Số tiềng' for 'Số tiền'?") ?? false, ledger[0].message ?? "")
        XCTAssertEqual(ledger[0].unknownColumns, ["Số tiềng", "Ghi chú"])
    }

    func testUnreadableFilesAreReportedByNameAndTheRunGoesOn() throws {
        let input = try Fixture.tempDir()
        let district = input.appendingPathComponent("Quảng Ninh")
        try FileManager.default.createDirectory(at: district, withIntermediateDirectories: true)
        try Data().write(to: district.appendingPathComponent("payments-empty.csv"))
        try Data([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00]).write(to: district.appendingPathComponent("payments-binary.csv"))
        try Fixture.write(["nothing that looks like a header", "1,2,3"], to: district, "payments-noheader.csv")
        try Fixture.write(paymentLines(","), to: district, "payments-good.csv")
        try Fixture.write(paymentLines(","), to: input, "payments-outside.csv")
        let (ledger, sink, _) = try ingest(input)
        let byName = Dictionary(uniqueKeysWithValues: ledger.map { ($0.sourceFile, $0) })
        XCTAssertEqual(byName["Quảng Ninh/payments-empty.csv"]?.status, "error")
        XCTAssertEqual(byName["Quảng Ninh/payments-empty.csv"]?.message, "the file is empty")
        XCTAssertTrue(byName["Quảng Ninh/payments-binary.csv"]?.message?.contains("binary") ?? false)
        XCTAssertTrue(byName["Quảng Ninh/payments-noheader.csv"]?.message?.contains("no header") ?? false)
        XCTAssertEqual(byName["Quảng Ninh/payments-good.csv"]?.rowsLoaded, 2)
        XCTAssertEqual(byName["Quảng Ninh/payments-good.csv"]?.districtCode, "456")
        XCTAssertEqual(byName["payments-outside.csv"]?.status, "ignored")
        XCTAssertEqual(sink.rows.count, 2)
    }

    func testDatasetIsRecognisedByItsHeaderWhenTheNameSaysNothing() throws {
        let input = try Fixture.tempDir()
        try Fixture.write(["Họ và tên chủ hộ;Xã;Phân loại;Năm", "Nguyễn Văn A;Quảng Phú;HN;2023"],
                          to: input.appendingPathComponent("huyen-le-thuy"), "danh sach ho ngheo 2023.csv")
        let (ledger, sink, _) = try ingest(input)
        XCTAssertEqual(ledger[0].dataset, "households")
        XCTAssertEqual(ledger[0].districtCode, "457")
        XCTAssertEqual(sink.rows.count, 1)
    }

    func testFolderNamesFindTheirDistrict() throws {
        let gazetteer = try Fixture.config().gazetteer
        let cases = ["454": "454", "454-quang-trach": "454", "quang-trach": "454", "Quảng Trạch": "454", "Bố Trạch": "455",
                     "huyen-bo-trach": "455", "TP. Đồng Hới": "450", "thi-xa-ba-don": "458", "Lệ Thủy": "457", "Le Thuy": "457"]
        for (folder, code) in cases {
            XCTAssertEqual(gazetteer.district(forFolder: folder)?.code, code, folder)
        }
        XCTAssertNil(gazetteer.district(forFolder: "misc"))
    }

    func testProblemsAreLoggedWithTheFileAndLine() throws {
        let input = try Fixture.tempDir()
        var lines = paymentLines(",")
        lines[6] = "Tổng cộng,,,,1,"
        try Fixture.write(lines, to: input.appendingPathComponent("454"), "payments.csv")
        try Data().write(to: input.appendingPathComponent("454/payments-empty.csv"))
        let handler = InMemoryLogHandler()
        let logger = Logger(label: "test") { _ in handler }
        _ = try IngestStage.run(context: try Fixture.context(input: input), db: try Fixture.warehouse(), sink: RecordingSink(), logger: logger)
        let warnings = handler.entries.filter { $0.level == .warning }.map { "\($0.message)" }
        XCTAssertTrue(warnings.contains { $0.hasPrefix("454/payments.csv line 7: the totals row says 1 đ") }, "\(warnings)")
        XCTAssertTrue(warnings.contains("454/payments-empty.csv: the file is empty"), "\(warnings)")
    }

    func testAPersonNamedTongCongIsDataNotATotalsRow() throws {
        let input = try Fixture.tempDir()
        try Fixture.write([
            "STT,Họ và tên,Năm sinh,Số tiền,Hình thức,Kỳ",
            ",Tống Công Thành,1948,360000,TK,12/2023",
            "2,Tổng Cộng Minh,1950,360000,TK,12/2023",
            "Tổng cộng: 2 người,,,720000,,",
        ], to: input.appendingPathComponent("454"), "payments.csv")
        let (ledger, sink, db) = try ingest(input)
        XCTAssertEqual(ledger[0].rowsLoaded, 2)
        XCTAssertEqual(ledger[0].rowsSkipped, 2, "header and the real totals row")
        XCTAssertEqual(sink.rows.map(\.line), [2, 3])
        XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM quality_findings WHERE rule LIKE 'control%'")?.int, 0)
    }

    func testFormFeedsInATitleDoNotShiftTheHeaderLine() throws {
        let input = try Fixture.tempDir()
        try Fixture.write([
            "\"DANH SÁCH CHI TRẢ\u{0C}THÁNG 12/2023\u{2028}\",,",
            paymentsHeader.joined(separator: ","),
            "12/2023,Nguyễn Văn Hùng,1948,Quảng Hòa,2055000,TM",
        ], to: input.appendingPathComponent("454"), "payments.csv")
        let (ledger, sink, _) = try ingest(input)
        XCTAssertEqual(ledger[0].headerLine, 2)
        XCTAssertEqual(ledger[0].status, "ok")
        XCTAssertEqual(sink.rows.map(\.line), [3])
    }

    func testEveryFileOfADistrictFolderIsInTheLedger() throws {
        let input = try Fixture.tempDir()
        try Fixture.write(paymentLines(","), to: input.appendingPathComponent("456"), "payments.csv")
        try Data([0x50, 0x4B, 0x03, 0x04]).write(to: input.appendingPathComponent("456/payments-2023-12.xlsx"))
        try Data("notes".utf8).write(to: input.appendingPathComponent("README.md"))
        let (ledger, _, _) = try ingest(input)
        XCTAssertEqual(ledger.map(\.sourceFile), ["456/payments-2023-12.xlsx", "456/payments.csv"])
        XCTAssertEqual(ledger[0].status, "ignored")
        XCTAssertTrue(ledger[0].message?.contains("save the sheet as CSV") ?? false)
    }

    func testAnOddByteAtTheEndOfUTF16IsShownNotDropped() throws {
        let input = try Fixture.tempDir()
        let url = try Fixture.write(["Kỳ chi trả\tHọ tên\tSố tiền", "12/2023\tA\t1"], to: input.appendingPathComponent("454"), "payments.csv", encoding: .utf16LE)
        var bytes = try Data(contentsOf: url)
        bytes.removeLast(2)        // drop the last "\n"
        bytes.append(0x41)         // and leave half a character
        try bytes.write(to: url)
        let (_, sink, _) = try ingest(input)
        XCTAssertEqual(sink.rows.last?.cells.last, "1\u{FFFD}")
    }
}
