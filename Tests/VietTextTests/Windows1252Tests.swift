import XCTest
@testable import VietText

/// The byte-level test that settles most cells before `repairMojibake` looks at their words.
final class Windows1252Tests: XCTestCase {
    /// What the test must agree with: every character has a 1252 byte, and one is above ASCII.
    private func byScalars(_ text: String) -> Bool {
        var sawHigh = false
        for scalar in text.unicodeScalars {
            guard let byte = Windows1252.byte(for: scalar.value) else { return false }
            if byte >= 0x80 { sawHigh = true }
        }
        return sawHigh
    }

    func testAgreesWithTheScalarTableOnEveryCharacterOfTheBasicPlane() {
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }   // surrogates
            for text in [String(scalar), "a" + String(scalar) + "b", "\u{E9}" + String(scalar)] {
                XCTAssertEqual(Windows1252.mayBeMisread(Array(text.utf8)), byScalars(text), "U+\(String(value, radix: 16)) in \(text.debugDescription)")
            }
        }
    }

    func testCellsAsTheyArrive() {
        for text in ["Qu¶ng B×nh", "Quaûng Bình", "Lê Thành Tâm", "“Hà” – €", "Ÿ", "Nguyễn Văn Hùng", "Đồng Hới", "Quảng", "ASCII only", "",
                     "e\u{0300}", "Hà\u{1F600}", "\u{2122}\u{20AC}\u{0152}\u{02DC}"] {
            XCTAssertEqual(Windows1252.mayBeMisread(Array(text.utf8)), byScalars(text), text)
        }
        XCTAssertTrue(Windows1252.mayBeMisread(Array("Qu¶ng B×nh".utf8)))
        XCTAssertFalse(Windows1252.mayBeMisread(Array("Quảng Bình".utf8)))
        XCTAssertFalse(Windows1252.mayBeMisread(Array("plain".utf8)))
    }
}
