import Foundation
@testable import Normalize
import TestSupport
import XCTest

/// A cell is trimmed on its bytes where it can be (`CellText.withTrimmed`): the same bytes as
/// `CellText.trimmed` of its text, or no answer.
final class CellTextBytesTests: XCTestCase {
    private func onBytes(_ cell: String) -> String? {
        Array(cell.utf8).withUnsafeBufferPointer { raw in
            CellText.withTrimmed(raw) { String(decoding: $0, as: UTF8.self) }
        }
    }

    func testMessyCellsTrimOnTheirBytesAsTheirText() {
        let cells = ["  Nguy\u{00EA}\u{0303}n  V\u{0103}n Hu\u{0300}ng ", "Ho\u{0300}a\u{00A0}\u{00A0}Bi\u{0300}nh", "Quảng\tTrạch\r\n", "\u{FEFF}Đồng Hới",
                     "Lê  Thị", " 044051000001 ", "2.055.000\u{00A0}đ", "\u{3000}Tuyên Hóa\u{200B}", ""]
        for cell in cells {
            XCTAssertEqual(onBytes(cell), CellText.trimmed(cell), cell.debugDescription)
        }
    }

    func testTheTextPathKeepsWhatTheBytesCannotSay() {
        XCTAssertNil(onBytes(" '044051000001"), "an apostrophe marker")
        XCTAssertNil(onBytes("=\"044051000001\" "), "a formula wrapper")
        XCTAssertNil(onBytes("a\u{200D} b"), "a joiner")
        XCTAssertNil(onBytes("Mu\u{0308}ller "), "a mark the table does not compose")
        XCTAssertEqual(CellText.trimmed(" '044051000001"), "044051000001")
    }
}

/// A name is read from its cell's bytes into the parsers' buffer (`FieldParsers.name(bytes:)`):
/// the same name, key and rejections as from its text.
final class NameBytesTests: XCTestCase {
    func testNamesFromBytesAreNamesFromText() throws {
        let config = try Fixture.config()
        let parsers = FieldParsers(codes: config.codes, communes: AdminUnitResolver(gazetteer: config.gazetteer))
        let cells = ["Nguyễn Văn Hùng", "LÊ THỊ HOA", "Đặng Đình Đức", "Nguy\u{00EA}\u{0303}n  Văn", "  Trần Bình ", "O'Neil", "12345", "1A", "---",
                     "张伟", "Müller", "Ngô  Thị\u{00A0}Lan", "", "x"]
        for cell in cells {
            let fromText = parsers.name(cell)
            let fromBytes = Array(cell.utf8).withUnsafeBufferPointer { parsers.name(bytes: $0) }
            switch (fromText, fromBytes) {
            case (.success(let person), .success(let found)):
                let (name, key) = parsers.withName(found) { (String(decoding: $0, as: UTF8.self), String(decoding: $1, as: UTF8.self)) }
                XCTAssertEqual(name, person.name, cell)
                XCTAssertEqual(key, person.key, cell)
            case (.failure(let a), .failure(let b)):
                XCTAssertEqual(a.reason, b.reason, cell)
            default:
                XCTFail("\(cell): \(fromText) from text, \(fromBytes) from bytes")
            }
        }
        XCTAssertEqual(try Array("Hà Nội".utf8).withUnsafeBufferPointer { try parsers.name(bytes: $0).get().keyCount }, 6, "ha noi")
    }
}
