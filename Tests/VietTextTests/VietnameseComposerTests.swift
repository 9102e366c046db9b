import Foundation
@testable import VietText
import XCTest

/// The table composer must give exactly Foundation's NFC wherever it answers.
final class VietnameseComposerTests: XCTestCase {
    private let marks: [Unicode.Scalar] = ["\u{0300}", "\u{0301}", "\u{0303}", "\u{0309}", "\u{0323}", "\u{0302}", "\u{0306}", "\u{031B}", "\u{0308}"]

    func testEveryLetterWithEveryOneOrTwoMarksComposesAsFoundationDoes() {
        var answered = 0
        let bases: [UInt32] = Array(0x41...0x5A) + Array(0x61...0x7A) + Array(0xC0...0x1B0) + Array(0x1EA0...0x1EF9)
        for base in bases {
            guard let b = Unicode.Scalar(base) else { continue }
            var texts: [String] = [String(b)]
            for m1 in marks {
                texts.append(String(String.UnicodeScalarView([b, m1])))
                for m2 in marks { texts.append(String(String.UnicodeScalarView([b, m1, m2]))) }
            }
            for text in texts {
                let words = "Xã " + text + " Hòa," + text
                if let mine = VietnameseComposer.compose(words) {
                    answered += 1
                    XCTAssertEqual(Array(mine.unicodeScalars), Array(words.precomposedStringWithCanonicalMapping.unicodeScalars),
                                   words.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " "))
                }
            }
        }
        XCTAssertGreaterThan(answered, 500, "the table answers the usual Vietnamese combinations")
    }

    func testTextFromWindows1258ComposesThroughTheTable() {
        // "Nguyễn Văn Hùng" as Windows-1258 writes it: ê + tilde, u + grave.
        let decomposed = "Nguy\u{00EA}\u{0303}n V\u{0103}n Hu\u{0300}ng"
        XCTAssertEqual(VietnameseComposer.compose(decomposed), "Nguyễn Văn Hùng")
        XCTAssertEqual(VietText.nfc(decomposed), "Nguyễn Văn Hùng")
        XCTAssertNil(VietnameseComposer.compose("\u{0301}a"), "a mark with no letter before it")
        XCTAssertNil(VietnameseComposer.compose("q\u{0301}"), "no precomposed letter: the general path decides")
    }
}
