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

/// `clean` on bytes must give exactly `clean`'s bytes wherever it answers.
final class CleanBytesTests: XCTestCase {
    /// Pieces of messy cells: decomposed and precomposed letters, every kind of white space
    /// `clean` collapses, joiners and marks the composer does not know.
    private let pieces = ["a", "Nguy", "ê", "\u{0303}", "\u{0300}", "\u{0301}", "\u{0323}", "\u{031B}", " ", "  ", "\u{00A0}", "\t", "\r\n", "\n",
                          "\u{200B}", "\u{FEFF}", "\u{2003}", "\u{2000}", "\u{3000}", "\u{0085}", "\u{1680}", "\u{202F}", "\u{200D}", "\u{200C}",
                          "\u{0308}", "q", "Đ", "ễ", "Hòa", ",", "'", "=\"", "\u{2060}", "\u{00AD}", "0", "ư"]

    func testCleanOnBytesIsCleanWhereverItAnswers() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % n
        }
        var answered = 0, declined = 0
        for _ in 0..<20_000 {
            let text = (0..<(1 + next(8))).map { _ in pieces[next(pieces.count)] }.joined()
            let bytes = Array(text.utf8)
            var answer: Int?
            let written = bytes.withUnsafeBufferPointer { input in
                [UInt8](unsafeUninitializedCapacity: max(input.count, 1)) { out, count in
                    answer = VietText.clean(utf8: input, into: out)
                    count = answer ?? 0
                }
            }
            guard answer != nil else { declined += 1; continue }
            let mine = written
            answered += 1
            XCTAssertEqual(mine, Array(VietText.clean(text).utf8), text.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " "))
        }
        XCTAssertGreaterThan(answered, 5_000, "most mixes of letters, marks and white space")
        XCTAssertGreaterThan(declined, 1_000, "joiners and unknown marks go to the String path")
    }
}
