import XCTest
import Foundation
import VietText

final class FoldTests: XCTestCase {
    func testFoldLowersStripsDiacriticsAndSpaces() {
        XCTAssertEqual(VietText.fold("Nguyễn  Văn Hùng"), "nguyen van hung")
        XCTAssertEqual(VietText.fold("ĐỒNG HỚI"), "dong hoi")
        XCTAssertEqual(VietText.fold("đường"), "duong")
        XCTAssertEqual(VietText.fold("  Lê\u{00A0}Thị-Hoa. "), "le thi hoa")
        XCTAssertEqual(VietText.fold("NGUYEN VAN HUNG"), "nguyen van hung")
    }

    func testFoldOfDecomposedInputEqualsComposed() {
        let nfc = "Nguyễn Văn Hùng"
        let nfd = nfc.decomposedStringWithCanonicalMapping
        // The two spellings really differ in scalars, or this test would prove nothing.
        XCTAssertNotEqual(Array(nfc.unicodeScalars), Array(nfd.unicodeScalars))
        XCTAssertEqual(VietText.fold(nfd), "nguyen van hung")
        XCTAssertEqual(VietText.fold(nfd), VietText.fold(nfc))
    }

    func testCompactKey() {
        XCTAssertEqual(VietText.compactKey("Số CCCD"), "socccd")
        XCTAssertEqual(VietText.compactKey("MA_DT"), "madt")
    }
}

final class ToneKeyTests: XCTestCase {
    func testTonePlacementDoesNotMatter() {
        // "Hòa" (tone on o, U+00F2) and "Hoà" (tone on a, U+00E0) are the same name.
        let hoaOld = "H\u{00F2}a", hoaNew = "Ho\u{00E0}"
        XCTAssertNotEqual(hoaOld, hoaNew)
        XCTAssertEqual(VietText.toneKey(hoaOld), VietText.toneKey(hoaNew))
        // "Thủy" (tone on u) and "Thuỷ" (tone on y).
        let thuyOld = "Th\u{1EE7}y", thuyNew = "Thu\u{1EF7}"
        XCTAssertNotEqual(thuyOld, thuyNew)
        XCTAssertEqual(VietText.toneKey(thuyOld), VietText.toneKey(thuyNew))
        XCTAssertEqual(VietText.toneKey("Nguyễn Thị Hòa"), VietText.toneKey("NGUYỄN THỊ HOÀ"))
    }

    func testDifferentTonesDiffer() {
        XCTAssertNotEqual(VietText.toneKey("Hòa"), VietText.toneKey("Hóa"))
        XCTAssertNotEqual(VietText.toneKey("Hòa"), VietText.toneKey("Hoa"))
        // The fold cannot tell them apart; the tone key can.
        XCTAssertEqual(VietText.fold("Hòa"), VietText.fold("Hóa"))
    }
}

final class CleanTests: XCTestCase {
    func testCleanCollapsesNoBreakAndDoubledSpaces() {
        XCTAssertEqual(VietText.clean("  Nguyễn\u{00A0}\u{00A0}Văn   Hùng "), "Nguyễn Văn Hùng")
        XCTAssertEqual(VietText.clean("\u{FEFF}Quảng\tBình\u{200B}"), "Quảng Bình")
        XCTAssertEqual(VietText.clean(" \u{00A0} "), "")
    }

    func testCleanComposesToNFC() {
        let nfd = "Quảng Bình".decomposedStringWithCanonicalMapping
        XCTAssertEqual(Array(VietText.clean(nfd).unicodeScalars), Array("Qu\u{1EA3}ng B\u{00EC}nh".unicodeScalars))
    }
}

final class CP1258Tests: XCTestCase {
    func testKnownByteSequences() {
        // As glibc iconv writes them: base letter + combining tone byte where no precomposed
        // letter exists (ả = a + 0xD2, ì = i + 0xCC, ồ = ô 0xF4 + 0xCC, ớ = ơ 0xF5 + 0xEC).
        XCTAssertEqual(CP1258.encode("Quảng Bình"),
                       [0x51, 0x75, 0x61, 0xD2, 0x6E, 0x67, 0x20, 0x42, 0x69, 0xCC, 0x6E, 0x68])
        XCTAssertEqual(CP1258.encode("Đồng Hới"),
                       [0xD0, 0xF4, 0xCC, 0x6E, 0x67, 0x20, 0x48, 0xF5, 0xEC, 0x69])
        XCTAssertEqual(CP1258.decode([0xD0, 0xF4, 0xCC, 0x6E, 0x67, 0x20, 0x48, 0xF5, 0xEC, 0x69]), "Đồng Hới")
    }

    func testRoundTrip() {
        for text in ["Quảng Bình", "Đồng Hới", "Người có công", "Hộ nghèo"] {
            let decoded = CP1258.decode(CP1258.encode(text))
            XCTAssertEqual(decoded, text)
            // Decoding gives NFC, not merely a canonically equivalent string.
            XCTAssertEqual(Array(decoded.unicodeScalars), Array(VietText.nfc(text).unicodeScalars))
            XCTAssertFalse(CP1258.encode(text).contains(0x3F), "no '?' for \(text)")
        }
    }
}

final class EditDistanceTests: XCTestCase {
    func testExactDistancesWithinLimit() {
        XCTAssertEqual(VietText.editDistance("nguyen van hung", "nguyen van hung", limit: 2), 0)
        XCTAssertEqual(VietText.editDistance("nguyen van hung", "nguyen van hong", limit: 2), 1)
        XCTAssertEqual(VietText.editDistance("nguyen van hung", "nguyen vn hung", limit: 2), 1)
        XCTAssertEqual(VietText.editDistance("kitten", "sitting", limit: 3), 3)
        XCTAssertEqual(VietText.editDistance("kitten", "sitting", limit: 10), 3)
        XCTAssertEqual(VietText.editDistance("ab", "ba", limit: 2), 2) // no transpositions
        XCTAssertEqual(VietText.editDistance("", "abc", limit: 5), 3)
        XCTAssertEqual(VietText.editDistance("abc", "", limit: 5), 3)
        XCTAssertEqual(VietText.editDistance("", "", limit: 0), 0)
    }

    func testBeyondLimitGivesLimitPlusOne() {
        XCTAssertEqual(VietText.editDistance("kitten", "sitting", limit: 2), 3)
        XCTAssertEqual(VietText.editDistance("kitten", "sitting", limit: 1), 2)
        XCTAssertEqual(VietText.editDistance("kitten", "sitting", limit: 0), 1)
        XCTAssertEqual(VietText.editDistance("a", "abcdef", limit: 2), 3) // length gap alone
        XCTAssertEqual(VietText.editDistance("", "abcd", limit: 2), 3)
        XCTAssertEqual(VietText.editDistance("nguyen van hung", "tran thi mai", limit: 3), 4)
        XCTAssertEqual(VietText.editDistance("a", "b", limit: -1), 1) // negative limit counts as 0
        XCTAssertEqual(VietText.editDistance("a", "a", limit: -1), 0)
    }

    func testCountsUnicodeScalars() {
        XCTAssertEqual(VietText.editDistance("Hùng", "Hung", limit: 2), 1)
        // Decomposed: "u" + combining grave is one extra scalar, so one insertion.
        XCTAssertEqual(VietText.editDistance("Hu\u{0300}ng", "Hung", limit: 2), 1)
        XCTAssertEqual(VietText.editDistance("Hu\u{0300}ng", "H\u{00F9}ng", limit: 3), 2)
    }

    func testAgreesWithFullLevenshtein() {
        // A fixed pseudo-random sample over a small alphabet, so distances are often small.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let alphabet = Array("abcđ ")
        func randomWord() -> String { String((0..<next(9)).map { _ in alphabet[next(alphabet.count)] }) }
        for _ in 0..<400 {
            let a = randomWord(), b = randomWord()
            let full = fullLevenshtein(a, b)
            for limit in 0...5 {
                XCTAssertEqual(VietText.editDistance(a, b, limit: limit), min(full, limit + 1),
                               "\(a.debugDescription) vs \(b.debugDescription), limit \(limit)")
            }
        }
    }

    private func fullLevenshtein(_ a: String, _ b: String) -> Int {
        let s = Array(a.unicodeScalars), t = Array(b.unicodeScalars)
        if s.isEmpty { return t.count }
        var row = Array(0...t.count)
        for i in 1...s.count {
            var next = [i] + Array(repeating: 0, count: t.count)
            for j in stride(from: 1, through: t.count, by: 1) {
                next[j] = min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (s[i - 1] == t[j - 1] ? 0 : 1))
            }
            row = next
        }
        return row[t.count]
    }
}

final class SameWordsReorderedTests: XCTestCase {
    func testSameMultisetOfWords() {
        XCTAssertTrue(VietText.sameWordsReordered("nguyen van hung", "hung nguyen van"))
        XCTAssertTrue(VietText.sameWordsReordered("nguyen van hung", "nguyen van hung"))
        XCTAssertTrue(VietText.sameWordsReordered("nguyen  van", " van nguyen "))
    }

    func testDifferentWordsOrCounts() {
        XCTAssertFalse(VietText.sameWordsReordered("nguyen van van", "nguyen nguyen van"))
        XCTAssertFalse(VietText.sameWordsReordered("nguyen van", "nguyen van hung"))
        XCTAssertFalse(VietText.sameWordsReordered("nguyen van hung", "nguyen van hong"))
        XCTAssertFalse(VietText.sameWordsReordered("nguyenvan", "nguyen van"))
    }
}
