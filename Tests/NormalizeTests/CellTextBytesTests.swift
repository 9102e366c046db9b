import Foundation
@testable import Normalize
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
