import XCTest
@testable import Synth
import VietText

final class TextVariantsTests: XCTestCase {
    func testValuesAreWrittenTheWaysDistrictsWriteThem() {
        XCTAssertEqual(TextVariants.money(2_055_000, .dots), "2.055.000")
        XCTAssertEqual(TextVariants.money(2_055_000, .commas), "2,055,000")
        XCTAssertEqual(TextVariants.money(2_055_000, .dotsDong), "2.055.000 đ")
        XCTAssertEqual(TextVariants.money(2_055_000, .plainVND), "2055000VND")
        XCTAssertEqual(TextVariants.money(540_000, .plain), "540000")
        XCTAssertEqual(TextVariants.date(Day(1950, 3, 5), .dmySlash), "05/03/1950")
        XCTAssertEqual(TextVariants.date(Day(1950, 3, 5), .dmyShort), "5/3/1950")
        XCTAssertEqual(TextVariants.date(Day(1950, 3, 5), .dmyDash), "05-03-1950")
        XCTAssertEqual(TextVariants.date(Day(1950, 3, 5), .iso), "1950-03-05")
        XCTAssertEqual(TextVariants.date(Day.yearOnly(1945), .dmySlash), "1945")
        let dec = Month(year: 2023, month: 12)
        XCTAssertEqual([MonthStyle.slash, .t, .thang, .iso].map { TextVariants.month(dec, $0) },
                       ["12/2023", "T12/2023", "Tháng 12/2023", "2023-12"])
        XCTAssertEqual(TextVariants.citizenID("044123456789", .dropZero), "44123456789")
        XCTAssertEqual(TextVariants.citizenID("044123456789", .spaced), "044 123 456 789")
        XCTAssertEqual(TextVariants.citizenID("044123456789", .apostrophe), "'044123456789")
        XCTAssertEqual(TextVariants.code(district: "454", serial: 28_349, .dashed), "454-028349")
        XCTAssertEqual(TextVariants.code(district: "454", serial: 28_349, .compact), "454028349")
        XCTAssertEqual(TextVariants.code(district: "454", serial: 28_349, .spaced), " 454 - 028349 ")
    }

    func testNameStylesKeepTheFoldedKey() {
        for name in ["Nguyễn Thị Thủy", "Đặng Văn Hòa", "Trương Quý Khuê", "Lê Thị Thúy Hằng"] {
            for style in NameStyle.allCases {
                XCTAssertEqual(VietText.fold(TextVariants.name(name, style)), VietText.fold(name), "\(name) as \(style)")
            }
        }
        XCTAssertEqual(TextVariants.oldTone("Hòa Thủy Quý Hoàng"), "Hoà Thuỷ Quý Hoàng")
        XCTAssertEqual(TextVariants.stripDiacritics("Đặng Thị Hằng"), "Dang Thi Hang")
        XCTAssertEqual(TextVariants.name("Nguyễn Văn Hùng", .doubleSpace), "Nguyễn  Văn Hùng")
    }

    func testCommuneStyles() throws {
        let g = try SynthGazetteer.load(GeneratedTree.gazetteer)
        guard let hoa = g.communes.first(where: { $0.code == "19105" }) else { return XCTFail("no Quảng Hòa") }
        XCTAssertEqual(TextVariants.commune(hoa, .full, oldTone: false), "Xã Quảng Hòa")
        XCTAssertEqual(TextVariants.commune(hoa, .bare, oldTone: true), "Quảng Hoà")
        XCTAssertEqual(TextVariants.commune(hoa, .abbrev, oldTone: false), "X. Quảng Hòa")
        XCTAssertEqual(TextVariants.commune(hoa, .asciiLower, oldTone: false), "xa quang hoa")
        XCTAssertEqual(TextVariants.commune(hoa, .upperBare, oldTone: false), "QUẢNG HÒA")
        XCTAssertEqual(g.districts.count, 8)
        XCTAssertEqual(g.communes.count, 145)
        XCTAssertTrue(g.communes.allSatisfy { $0.name == VietText.clean($0.name) }, "names are trimmed (\"Xã Ngư Thủy \")")
    }

    func testNameComparisonsAgreeWithVietText() {
        var rng = Rng(seed: 3, stream: "similarity")
        let bank = NameBank()
        for _ in 0..<2_000 {
            let a = bank.folded(bank.draw(&rng, sex: rng.chance(0.5) ? .male : .female, birthYear: 1950))
            var b = a
            for _ in 0..<rng.int(0...3) where !b.isEmpty {
                let i = rng.below(b.count)
                switch rng.below(3) {
                case 0: b.remove(at: i)
                case 1: b.insert(UInt8(rng.int(97...122)), at: i)
                default: b[i] = UInt8(rng.int(97...122))
                }
            }
            let sa = String(decoding: a, as: UTF8.self), sb = String(decoding: b, as: UTF8.self)
            XCTAssertEqual(NameSimilarity.within(a, b, limit: 2), VietText.editDistance(sa, sb, limit: 2) <= 2, "\(sa) / \(sb)")
        }
        XCTAssertTrue(NameSimilarity.reordered(Array("van hung nguyen".utf8), Array("nguyen van hung".utf8)))
        XCTAssertFalse(NameSimilarity.reordered(Array("nguyen van hung".utf8), Array("nguyen van hang".utf8)))
    }

    func testApportionKeepsTheTotal() {
        XCTAssertEqual(apportion(10, [1, 1, 1]), [4, 3, 3])
        XCTAssertEqual(apportion(258_600, [3, 1.5, 2.25, 0.7]).reduce(0, +), 258_600)
        XCTAssertEqual(apportion(0, [1, 2]), [0, 0])
    }
}
