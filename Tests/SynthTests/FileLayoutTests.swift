import Foundation
import XCTest
@testable import Synth
import VietText

final class FileLayoutTests: XCTestCase {
    private let folders = ["450-dong-hoi", "Minh Hóa", "453", "huyen-quang-trach-454", "Bố Trạch", "456_quang_ninh",
                           "Lệ Thủy", "458-ba-don"]

    func testEveryDistrictHasItsFolderAndFiles() throws {
        let t = try GeneratedTree.tree()
        for folder in folders {
            for name in ["beneficiaries.csv", "households-2022.csv", "households-2023.csv", "household-totals.csv",
                         "recruitment-2023.csv"] {
                XCTAssertTrue(t.result.files.contains(folder + "/" + name), "\(folder)/\(name) missing")
            }
            XCTAssertTrue(t.result.files.contains { $0.hasPrefix(folder + "/payments-") }, "\(folder) has no payments")
        }
        XCTAssertTrue(t.result.files.contains("Minh Hóa/payments-2023-11-12.csv"))
        XCTAssertTrue(t.result.files.contains("453/payments-2023-12-dot1.csv"))
        XCTAssertTrue(t.result.files.contains("453/payments-2023-12-dot2.csv"))
        XCTAssertTrue(t.result.files.contains("456_quang_ninh/payments-2023-11.csv"))
        for f in t.result.files {
            XCTAssertTrue(FileManager.default.fileExists(atPath: t.input.appendingPathComponent(f).path), f)
        }
        XCTAssertEqual(Set(t.result.truthFiles), ["exceptions.csv", "rejects.csv", "control_totals.csv", "expected.json"])
    }

    func testEncodingsAsPlanned() throws {
        let t = try GeneratedTree.tree()
        func bytes(_ rel: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: t.input.appendingPathComponent(rel))) }

        // UTF-8 with BOM, comma, CRLF.
        let b450 = try bytes("450-dong-hoi/beneficiaries.csv")
        XCTAssertEqual(Array(b450.prefix(3)), [0xEF, 0xBB, 0xBF])
        XCTAssertTrue(TestCSV.decode(Data(b450)).contains("\r\n"))
        // UTF-16LE with BOM, tab-delimited, code-style header.
        let b453 = try bytes("453/beneficiaries.csv")
        XCTAssertEqual(Array(b453.prefix(2)), [0xFF, 0xFE])
        let header453 = TestCSV.lines(TestCSV.decode(Data(b453)))[0]
        XCTAssertTrue(header453.contains("MA_DT\t"), header453)
        XCTAssertTrue(header453.contains("HO_TEN\t"))
        // UTF-8 without BOM, semicolons, LF.
        let b454 = try bytes("huyen-quang-trach-454/beneficiaries.csv")
        XCTAssertNotEqual(Array(b454.prefix(3)), [0xEF, 0xBB, 0xBF])
        XCTAssertNotNil(String(bytes: b454, encoding: .utf8))
        XCTAssertFalse(TestCSV.decode(Data(b454)).contains("\r"))
        // Windows-1258: "Quảng" is written Q u a + combining hook byte 0xD2 + n g.
        let cp = try bytes("458-ba-don/recruitment-2023.csv")
        XCTAssertNil(String(bytes: cp, encoding: .utf8), "a CP1258 file is not valid UTF-8")
        XCTAssertTrue(CP1258.decode(cp).contains("Quảng"))
        XCTAssertNotNil(cp.firstRange(of: [0x51, 0x75, 0x61, 0xD2, 0x6E, 0x67]))
    }

    func testTablesLookLikeDistrictExports() throws {
        let t = try GeneratedTree.tree()
        // Title rows above the header, a totals row at the bottom with a count of people.
        let text = try TestCSV.text(t.input.appendingPathComponent("450-dong-hoi/payments-2023-12.csv"))
        let rows = TestCSV.rows(text, delimiter: ",")
        XCTAssertTrue(rows[0].cells[0].hasPrefix("SỞ LAO ĐỘNG"))
        XCTAssertTrue(rows[1].cells[0].contains("THÁNG 12/2023"))
        let last = rows.last { !$0.cells.allSatisfy(\.isEmpty) }
        XCTAssertEqual(last?.cells.first, "Tổng cộng")
        XCTAssertTrue(last?.cells.contains { $0.hasSuffix(" người") } ?? false)
        // Amounts with thousands commas are quoted in comma-delimited files.
        XCTAssertTrue(text.contains(",\"2,055,000\","))
        // Addresses holding the delimiter are quoted.
        let benef = try TestCSV.text(t.input.appendingPathComponent("450-dong-hoi/beneficiaries.csv"))
        XCTAssertTrue(benef.contains(",\"Tổ dân phố ") || benef.contains(",\"Thôn "))
        // Names in upper case, without diacritics, decomposed.
        XCTAssertTrue(try TestCSV.text(t.input.appendingPathComponent("458-ba-don/beneficiaries.csv")).contains("NGUYỄN"))
        let ascii = try TestCSV.text(t.input.appendingPathComponent("456_quang_ninh/payments-2023-12.csv"))
        // Most rows are typed without diacritics; a few are typed otherwise (the file's drift).
        XCTAssertGreaterThan(ascii.components(separatedBy: "Nguyen ").count, 3 * ascii.components(separatedBy: "Nguyễn ").count)
    }

    func testSinkCountsPhysicalLinesOfQuotedFields() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sink-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let sink = try CSVSink(directory: dir, relativePath: "a/b.csv", dialect: Dialect(encoding: .utf8, delimiter: ",", crlf: true),
                               cp1258: CP1258Cache())
        XCTAssertEqual(try sink.row(["TIÊU ĐỀ"]), 1)
        XCTAssertEqual(try sink.blank(columns: 3), 2)
        XCTAssertEqual(try sink.row(["STT", "Ghi chú", "Số tiền"]), 3)
        XCTAssertEqual(try sink.row(["1", "Đã xác minh,\nchờ bổ sung", "2,055,000"]), 4)
        XCTAssertEqual(try sink.row(["2", "say \"hi\"", "1"]), 6)
        try sink.close()
        let text = try String(contentsOf: dir.appendingPathComponent("a/b.csv"), encoding: .utf8)
        XCTAssertEqual(text, "TIÊU ĐỀ\r\n,,\r\nSTT,Ghi chú,Số tiền\r\n1,\"Đã xác minh,\nchờ bổ sung\",\"2,055,000\"\r\n2,\"say \"\"hi\"\"\",1\r\n")
        XCTAssertEqual(TestCSV.rows(text, delimiter: ",").map(\.line), [1, 2, 3, 4, 6])
    }
}
