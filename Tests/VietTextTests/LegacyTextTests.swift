import XCTest
import Foundation
import VietText

/// Fixtures shared by the legacy-encoding tests.
private enum Legacy {
    static let phrases = [
        "Quảng Bình", "Đồng Hới", "Người có công", "Hộ nghèo", "Bảo trợ xã hội", "Nguyễn Văn Hùng",
    ]

    /// 20+ words of ordinary spreadsheet Vietnamese, no capital carries a tone mark.
    static let sample = """
        Danh sách chi trả trợ cấp hằng tháng cho người có công với cách mạng và hộ nghèo \
        tại thành phố Đồng Hới, tỉnh Quảng Bình. Bảo trợ xã hội: Nguyễn Văn Hùng, Trần Thị Lan, \
        Hoàng Đức Thắng, Phạm Thị Thuỷ, Lê Quang Huy ở xã Bảo Ninh, huyện Quảng Ninh, tháng 03/2024.
        """

    /// Every Vietnamese vowel letter in NFC, lower and upper case, all six tones.
    static let vowels: [(lower: String, upper: String, toned: Bool)] = {
        let marks = ["", "\u{0300}", "\u{0301}", "\u{0309}", "\u{0303}", "\u{0323}"]
        var out: [(String, String, Bool)] = []
        for base in ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"] {
            for mark in marks {
                let lower = (base + mark).precomposedStringWithCanonicalMapping
                out.append((lower, lower.uppercased(), !mark.isEmpty))
            }
        }
        return out
    }()

    /// Columns 1, 3, 4, 6, 7 (province, district, district type, commune, commune type) of
    /// the project's gazetteer, pipelines/quang-binh-gazetteer.csv.
    static func gazetteerNames() throws -> [String] {
        let here = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        let root = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let csv = try String(contentsOf: root.appendingPathComponent("pipelines/quang-binh-gazetteer.csv"), encoding: .utf8)
        var names: [String] = []
        for line in csv.split(whereSeparator: \.isNewline).dropFirst() {
            let cols = line.split(separator: ",", omittingEmptySubsequences: false)
            for i in [1, 3, 4, 6, 7] where i < cols.count { names.append(String(cols[i])) }
        }
        return names
    }

    /// What a program that reads bytes as Latin-1 / Windows-1252 shows (the tables use no byte
    /// in 0x80–0x9F, where the two differ).
    static func misread(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        for b in bytes { scalars.append(Unicode.Scalar(b)) }
        return String(scalars)
    }
}

final class TCVN3Tests: XCTestCase {
    func testRoundTripsOfPhrases() {
        for phrase in Legacy.phrases {
            let bytes = TCVN3.encode(phrase)
            XCTAssertFalse(bytes.contains(0x3F), phrase)
            XCTAssertEqual(TCVN3.decode(bytes), phrase)
        }
        XCTAssertEqual(TCVN3.decode(TCVN3.encode(Legacy.sample)), Legacy.sample)
    }

    func testBytesAgreeWithTheTable() {
        // tcvn3-bytes.csv: 0xb6 ả, 0xa7 Đ, 0xe5 ồ, 0xed ớ, 0xad ư, 0xea ờ, 0xd7 ì.
        XCTAssertEqual(TCVN3.encode("Quảng"), [0x51, 0x75, 0xB6, 0x6E, 0x67])
        XCTAssertEqual(TCVN3.encode("Đồng Hới"), [0xA7, 0xE5, 0x6E, 0x67, 0x20, 0x48, 0xED, 0x69])
        XCTAssertEqual(TCVN3.encode("Người"), [0x4E, 0x67, 0xAD, 0xEA, 0x69])
        XCTAssertEqual(TCVN3.decode([0x42, 0xD7, 0x6E, 0x68]), "Bình")
    }

    func testTonedCapitalsUseLowerCaseBytes() {
        // Ồ and Ớ have no bytes: the capital font drew them from ồ (0xe5) and ớ (0xed).
        XCTAssertEqual(TCVN3.encode("ĐỒNG HỚI"), [0xA7, 0xE5, 0x4E, 0x47, 0x20, 0x48, 0xED, 0x49])
        XCTAssertEqual(TCVN3.decode(TCVN3.encode("ĐỒNG HỚI")), "ĐồNG HớI")
        XCTAssertEqual(TCVN3.encode("Ấp"), TCVN3.encode("ấp"))
        // Capitals without a tone mark have bytes of their own (0xa1–0xa7).
        XCTAssertEqual(TCVN3.encode("ĂÂÊÔƠƯĐ"), [0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7])
        XCTAssertEqual(TCVN3.decode(TCVN3.encode("ĂÂÊÔƠƯĐ")), "ĂÂÊÔƠƯĐ")
    }

    func testEveryVowelRoundTripsAsTheTableImplies() {
        for v in Legacy.vowels {
            XCTAssertEqual(TCVN3.decode(TCVN3.encode(v.lower)), v.lower)
            // Toned capitals come back lower case; untoned ones keep their case.
            XCTAssertEqual(TCVN3.decode(TCVN3.encode(v.upper)), v.toned ? v.lower : v.upper)
        }
    }

    func testUnlistedBytesDecodeAsLatin1AndUnknownCharactersEncodeAsQuestionMark() {
        XCTAssertEqual(TCVN3.decode([0x80, 0xBA, 0xFF]), "\u{80}\u{BA}\u{FF}")
        XCTAssertEqual(TCVN3.encode("\u{80}\u{BA}\u{FF}"), [0x80, 0xBA, 0xFF])
        XCTAssertEqual(TCVN3.encode("中"), [0x3F])
        XCTAssertEqual(TCVN3.encode("ë"), [0x3F]) // 0xeb is ở, not ë
        XCTAssertEqual(TCVN3.encode("Nguye\u{0302}\u{0303}n"), TCVN3.encode("Nguyễn")) // NFD in
        // Unlisted bytes whose Latin-1 character is no Vietnamese letter survive a round trip.
        let free: [UInt8] = [0x41, 0x80, 0x9F, 0xA0, 0xAF, 0xB0, 0xBA, 0xBF, 0xC4, 0xC5, 0xDB, 0xF0, 0xFF]
        XCTAssertEqual(TCVN3.encode(TCVN3.decode(free)), free)
        // Unlisted 0xc0 decodes to "À", but "À" is a toned capital: it encodes as à (0xb5).
        XCTAssertEqual(TCVN3.decode([0xC0]), "À")
        XCTAssertEqual(TCVN3.encode("À"), [0xB5])
    }
}

final class VNITests: XCTestCase {
    func testRoundTripsOfPhrases() {
        for phrase in Legacy.phrases + ["ĐỒNG HỚI", "NGƯỜI CÓ CÔNG", Legacy.sample] {
            let bytes = VNI.encode(phrase)
            XCTAssertFalse(bytes.contains(0x3F), phrase)
            XCTAssertEqual(VNI.decode(bytes), phrase)
        }
    }

    /// The straight-to-UTF-8 decoder (ingest's) gives the bytes of `decode`'s NFC string: on
    /// every pair of bytes (every base with every mark, and every byte after every other) and
    /// on long random runs, where a base's mark may be the next chunk's first byte.
    func testUTF8DecodingIsTheBytesOfTheString() {
        for first in 0...255 {
            for second in 0...255 {
                let bytes = [UInt8(first), UInt8(second)]
                XCTAssertEqual(VNI.decodeUTF8(bytes), Array(VNI.decode(bytes).utf8), "\(bytes)")
            }
        }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0...300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            XCTAssertEqual(VNI.decodeUTF8(bytes), Array(VNI.decode(bytes).utf8))
        }
        XCTAssertEqual(VNI.decodeUTF8(VNI.encode(Legacy.sample)), Array(Legacy.sample.utf8))
    }

    func testBytesAgreeWithTheTable() {
        // vni-windows-bytes.csv: ả = 61 fb, Đ = d1, ồ = 6f e0, ớ = f4 f9, ư = f6, ờ = f4 f8, ì = ec.
        XCTAssertEqual(VNI.encode("Quảng"), [0x51, 0x75, 0x61, 0xFB, 0x6E, 0x67])
        XCTAssertEqual(VNI.encode("Đồng Hới"), [0xD1, 0x6F, 0xE0, 0x6E, 0x67, 0x20, 0x48, 0xF4, 0xF9, 0x69])
        XCTAssertEqual(VNI.encode("Người"), [0x4E, 0x67, 0xF6, 0xF4, 0xF8, 0x69])
        XCTAssertEqual(VNI.encode("Bình"), [0x42, 0xEC, 0x6E, 0x68])
    }

    func testLongestMatchFirst() {
        XCTAssertEqual(VNI.decode([0xF4]), "ơ")
        XCTAssertEqual(VNI.decode([0xF4, 0xF9]), "ớ")
        XCTAssertEqual(VNI.decode([0xF6, 0xF4, 0xF8]), "ườ")
        XCTAssertEqual(VNI.decode([0x61]), "a")
        XCTAssertEqual(VNI.decode([0x61, 0xF9]), "á")
        XCTAssertEqual(VNI.decode([0x41, 0xC1]), "Ấ")
        // A mark byte after a letter that takes none is a Latin-1 character.
        XCTAssertEqual(VNI.decode([0x78, 0xF9]), "x\u{F9}")
        XCTAssertEqual(VNI.decode([0xF9]), "\u{F9}")
    }

    func testEveryVowelRoundTripsInBothCases() {
        for v in Legacy.vowels {
            XCTAssertEqual(VNI.decode(VNI.encode(v.lower)), v.lower)
            XCTAssertEqual(VNI.decode(VNI.encode(v.upper)), v.upper)
        }
        XCTAssertEqual(VNI.encode("中"), [0x3F])
    }
}

final class DetectTests: XCTestCase {
    func testPicksTheEncodingTheSampleWasWrittenIn() {
        XCTAssertGreaterThanOrEqual(Legacy.sample.split(separator: " ").count, 20)
        XCTAssertEqual(LegacyText.detect(CP1258.encode(Legacy.sample)), .cp1258)
        XCTAssertEqual(LegacyText.detect(TCVN3.encode(Legacy.sample)), .tcvn3)
        XCTAssertEqual(LegacyText.detect(VNI.encode(Legacy.sample)), .vni)
        let upper = "DANH SÁCH HỘ NGHÈO XÃ BẢO NINH HUYỆN QUẢNG NINH TỈNH QUẢNG BÌNH NĂM 2024"
        XCTAssertEqual(LegacyText.detect(VNI.encode(upper)), .vni)
        XCTAssertEqual(LegacyText.detect(TCVN3.encode(upper)), .tcvn3)
        XCTAssertEqual(LegacyText.detect(CP1258.encode(upper)), .cp1258)
    }

    func testEachShortPhraseToo() {
        for phrase in Legacy.phrases {
            XCTAssertEqual(LegacyText.detect(TCVN3.encode(phrase)), .tcvn3, phrase)
            XCTAssertEqual(LegacyText.detect(VNI.encode(phrase)), .vni, phrase)
            XCTAssertEqual(LegacyText.detect(CP1258.encode(phrase)), .cp1258, phrase)
        }
    }

    func testTiesGoToCP1258() {
        XCTAssertEqual(LegacyText.detect(Array("Nguyen Van A;12/2023".utf8)), .cp1258)
        XCTAssertEqual(LegacyText.detect([]), .cp1258)
    }
}

final class MojibakeTests: XCTestCase {
    private func assertRepair(_ field: String, _ text: String, _ from: LegacyText.ByteEncoding,
                              file: StaticString = #filePath, line: UInt = #line) {
        let repaired = LegacyText.repairMojibake(field)
        XCTAssertEqual(repaired?.text, text, field, file: file, line: line)
        XCTAssertEqual(repaired?.from, from, field, file: file, line: line)
    }

    func testRepairsTCVN3() {
        assertRepair("Qu¶ng B×nh", "Quảng Bình", .tcvn3)
        assertRepair("§ång Híi", "Đồng Hới", .tcvn3)
        // Toned capitals were lower-case bytes: the repair gives what the table gives.
        assertRepair("QU¶NG B×NH", "QUảNG BìNH", .tcvn3)
        for phrase in Legacy.phrases + [Legacy.sample] {
            assertRepair(Legacy.misread(TCVN3.encode(phrase)), phrase, .tcvn3)
        }
    }

    func testRepairsVNI() {
        assertRepair("Quaûng Bình", "Quảng Bình", .vni)
        assertRepair("Ñoàng Hôùi", "Đồng Hới", .vni)
        for phrase in Legacy.phrases + ["ĐỒNG HỚI", Legacy.sample] {
            assertRepair(Legacy.misread(VNI.encode(phrase)), phrase, .vni)
        }
    }

    func testRepairsEveryGazetteerName() throws {
        let names = try Legacy.gazetteerNames()
        XCTAssertGreaterThan(names.count, 500)
        for name in names {
            XCTAssertNil(LegacyText.repairMojibake(name), name)
            let tcvn3 = TCVN3.encode(name), vni = VNI.encode(name)
            guard tcvn3.contains(where: { $0 >= 0x80 }) else { continue } // ASCII: nothing to repair
            assertRepair(Legacy.misread(tcvn3), TCVN3.decode(tcvn3), .tcvn3)
            assertRepair(Legacy.misread(vni), name, .vni)
        }
        // VNI mojibake often looks like Vietnamese word by word ("Thò" is a word): one
        // misplaced tone ("xaõ") is evidence enough.
        assertRepair("Thò xaõ Bình Minh", "Thị xã Bình Minh", .vni)
    }

    func testNeedsClearEvidence() {
        // Both decodings read well: "Cử tri" (TCVN3) and "Cư tri" (VNI), "bổ" and "bỉ".
        XCTAssertEqual(TCVN3.decode(Array("Cö tri".unicodeScalars.map { UInt8($0.value) })), "Cử tri")
        XCTAssertEqual(VNI.decode(Array("Cö tri".unicodeScalars.map { UInt8($0.value) })), "Cư tri")
        XCTAssertNil(LegacyText.repairMojibake("Cö tri"))
        XCTAssertNil(LegacyText.repairMojibake("Bæ"))
        // The repair would leave a word that is no syllable ("Cafộ").
        XCTAssertNil(LegacyText.repairMojibake("Qu¶ng B×nh Café"))
        // No better than the field: "Bình" reads the same either way.
        XCTAssertNil(LegacyText.repairMojibake("Bình"))
    }

    func testLeavesOtherTextAlone() {
        for field in ["Quảng Bình", "Nguyễn", "Nguyen Van A", "12/2023", "Café Noël", "2.055.000 đ", "",
                      "Bình", "Hòa", "Hà Tĩnh", "São Paulo", "Müller", "Señor", "Zürich", "Crème brûlée",
                      "€ 12,50", "“Hộ nghèo”", "naïve façade", "Ñandú", Legacy.sample] {
            XCTAssertNil(LegacyText.repairMojibake(field), field)
        }
    }
}

final class VietnameseSyllableTests: XCTestCase {
    func testAcceptsCommonNames() {
        let names = """
            Nguyễn Văn Hùng Trần Thị Lan Hoàng Huỳnh Phạm Đặng Bùi Ngô Dương Lý Trương Nghĩa \
            Khuyến Quỳnh Giang Thuỷ Thủy Hoà Hòa Khuê Uyên Tuyết Nguyệt Ngoãn Oanh Khoảng \
            Lê Võ Vũ Đỗ Hồ Phan Đinh Tô Quách Lương Mai Đào Yến Ánh Hằng Thanh Thúy Duyên \
            Quốc Quyết Quyền Giữa Giếng Gì Khuya Khuỷu Xoong Ngoằn Nghèo Người Công Được
            """
        let words = names.lowercased().split(separator: " ").map(String.init)
        XCTAssertGreaterThan(words.count, 60)
        for w in words { XCTAssertTrue(VietnameseSyllable.isValid(w), w) }
    }

    func testAcceptsEveryGazetteerSyllable() throws {
        var count = 0
        for name in try Legacy.gazetteerNames() {
            for word in name.lowercased().split(whereSeparator: { !$0.isLetter }) {
                // "NT" (nông trường) is an abbreviation, not a syllable.
                guard word.contains(where: { "aeiouy".contains($0) || !$0.isASCII }) else { continue }
                XCTAssertTrue(VietnameseSyllable.isValid(String(word)), String(word))
                count += 1
            }
        }
        XCTAssertGreaterThan(count, 500)
    }

    func testRejectsWrongDecodings() {
        for w in ["qu¶ng", "b×nh", "§ång", "híi", "quaûng", "ñoàng", "hôùi", "qu?ng", "quaỹng", "bỡnh",
                  "ẹoàng", "cafộ", "café", "noël", "ng", "qu", "b\u{301}nh", "hóà", "xyz", "strong"] {
            XCTAssertFalse(VietnameseSyllable.isValid(w), w)
        }
    }

    func testToneRules() {
        XCTAssertTrue(VietnameseSyllable.isValid("bác"))
        XCTAssertTrue(VietnameseSyllable.isValid("bạc"))
        XCTAssertFalse(VietnameseSyllable.isValid("bàc")) // stop final takes sắc or nặng only
        XCTAssertFalse(VietnameseSyllable.isValid("bac"))
        XCTAssertTrue(VietnameseSyllable.isValid("đắk"))
        XCTAssertTrue(VietnameseSyllable.isValid("ba"))
        XCTAssertTrue(VietnameseSyllable.isValid("Quảng"))
        XCTAssertTrue(VietnameseSyllable.isValid("nguye\u{0302}\u{0303}n")) // NFD
    }

    func testTonePlacement() {
        // Old and new style both pass for oa, oe, uy.
        for w in ["hòa", "hoà", "thủy", "thuỷ", "khỏe", "khoẻ", "xão", "của", "thuế", "thuở", "ngoài",
                  "người", "khuỷu", "hoàng", "quyển", "giữa", "gìn", "giếng", "nghĩa", "quý"] {
            XCTAssertTrue(VietnameseSyllable.isValid(w), w)
        }
        // What VNI mojibake produces ("Xã" → "Xaõ", "Giá" → "Giaù"), and misplaced tones.
        for w in ["xaõ", "giaù", "thúê", "ngừơi", "khủyu", "hòang", "tíêng", "qúy"] {
            XCTAssertFalse(VietnameseSyllable.isValid(w), w)
        }
    }

    func testTheFilesOwnEncodingSettlesAnAmbiguousField() {
        // "Cự Nẫm" as TCVN3 mojibake is "Cù NÉm", which reads as Vietnamese ("Cù Ném"): no
        // evidence alone; in a file whose other fields were TCVN3 mojibake, the file decides.
        let mojibake = LegacyText.misreadAsWindows1252(TCVN3.encode("Cự Nẫm"))
        XCTAssertEqual(mojibake, "Cù NÉm")
        XCTAssertNil(LegacyText.repairMojibake(mojibake))
        XCTAssertEqual(LegacyText.repairMojibake(mojibake, preferring: .tcvn3)?.text, "Cự Nẫm")
        XCTAssertEqual(LegacyText.repairMojibake(mojibake, preferring: .tcvn3)?.from, .tcvn3)
        // Text with nothing to repair stays as it is, whatever the file.
        XCTAssertNil(LegacyText.repairMojibake("Nguyen Van A", preferring: .tcvn3))
        XCTAssertNil(LegacyText.repairMojibake("Quảng Bình", preferring: .vni))
    }
}
