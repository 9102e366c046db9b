import XCTest
import Foundation
import Normalize

// MARK: - Helpers

private func assertSuccess<T: Equatable>(
    _ result: Result<T, FieldError>, _ expected: T, _ input: String,
    file: StaticString = #filePath, line: UInt = #line
) {
    switch result {
    case .success(let value):
        XCTAssertEqual(value, expected, "input: \(input)", file: file, line: line)
    case .failure(let error):
        XCTFail("input \(input): expected \(expected), got failure '\(error.reason)'", file: file, line: line)
    }
}

private func assertFailure<T>(
    _ result: Result<T, FieldError>, containing fragment: String, _ input: String,
    file: StaticString = #filePath, line: UInt = #line
) {
    switch result {
    case .success(let value):
        XCTFail("input \(input): expected failure containing '\(fragment)', got \(value)", file: file, line: line)
    case .failure(let error):
        XCTAssertTrue(error.reason.contains(fragment),
                      "input \(input): reason '\(error.reason)' lacks '\(fragment)'", file: file, line: line)
    }
}

private func assertFailureReason<T>(
    _ result: Result<T, FieldError>, _ reason: String, _ input: String,
    file: StaticString = #filePath, line: UInt = #line
) {
    switch result {
    case .success(let value):
        XCTFail("input \(input): expected failure '\(reason)', got \(value)", file: file, line: line)
    case .failure(let error):
        XCTAssertEqual(error.reason, reason, "input: \(input)", file: file, line: line)
    }
}

// MARK: - Cell text

final class CellTextTests: XCTestCase {
    func testBlankCells() {
        for raw in ["", "   ", "\u{00A0}", "\t \u{00A0} ", "'", " ' ", "=\"\"", "\u{FEFF}"] {
            XCTAssertTrue(CellText.isBlank(raw), "should be blank: \(raw.debugDescription)")
        }
        for raw in ["0", "-", "a", "'0"] {
            XCTAssertFalse(CellText.isBlank(raw), "should not be blank: \(raw.debugDescription)")
        }
    }

    func testTrimmedRemovesExcelMarkersAndSpaces() {
        XCTAssertEqual(CellText.trimmed("\u{00A0} '044123456789 "), "044123456789")
        XCTAssertEqual(CellText.trimmed("=\"044123456789\""), "044123456789")
        XCTAssertEqual(CellText.trimmed("  Nguyễn\u{00A0}\u{00A0}Văn  "), "Nguyễn Văn")
        // Only one leading apostrophe is Excel's; an inner one is data.
        XCTAssertEqual(CellText.trimmed("'O'Brien"), "O'Brien")
    }

    func testEveryParserReportsEmpty() {
        for raw in ["", "  ", "\u{00A0}", "'"] {
            assertFailureReason(DateParser.parse(raw), "empty", raw)
            assertFailureReason(PeriodParser.parse(raw), "empty", raw)
            assertFailureReason(MoneyParser.parse(raw), "empty", raw)
            assertFailureReason(CitizenID.parse(raw), "empty", raw)
            XCTAssertNil(BeneficiaryCode.normalize(raw))
        }
        XCTAssertEqual(FieldError.empty, FieldError(reason: "empty"))
    }
}

// MARK: - Dates

final class DateParserTests: XCTestCase {
    private let march5 = ParsedDate(year: 1950, month: 3, day: 5)

    func testFullDateForms() {
        for raw in [
            "05/03/1950", "5/3/1950", "05-03-1950", "05.03.1950", "1950-03-05", "1950/03/05",
            "ngày 5 tháng 3 năm 1950", "Ngày 05 tháng 03 năm 1950", "NGAY 5 THANG 3 NAM 1950",
            "ngày 05/03/1950", "1950-03-05 00:00:00", "1950-03-05T00:00:00", "1950-03-05T00:00:00.000Z",
            "1950-03-05 13:45", " \u{00A0}05/03/1950\u{00A0} ", "'05/03/1950", "=\"05/03/1950\"",
            "05 / 03 / 1950",
        ] {
            assertSuccess(DateParser.parse(raw), march5, raw)
        }
        // Decomposed (NFD) Vietnamese is the same date.
        let nfd = "ngày 5 tháng 3 năm 1950".decomposedStringWithCanonicalMapping
        assertSuccess(DateParser.parse(nfd), march5, "NFD ngày…")
    }

    func testIsoOnlyWhenDayAndMonthKnown() throws {
        let full = try DateParser.parse("5/3/1950").get()
        XCTAssertEqual(full.iso, "1950-03-05")
        XCTAssertEqual(try DateParser.parse("31/12/2024").get().iso, "2024-12-31")
        XCTAssertNil(try DateParser.parse("3/1950").get().iso)
        XCTAssertNil(try DateParser.parse("1948").get().iso)
    }

    func testYearOnly() {
        let y1948 = ParsedDate(year: 1948, month: nil, day: nil)
        for raw in ["1948", " 1948 ", "1948.0", "năm 1948", "Năm 1948", "'1948"] {
            assertSuccess(DateParser.parse(raw), y1948, raw)
        }
    }

    func testMonthAndYear() {
        let march1950 = ParsedDate(year: 1950, month: 3, day: nil)
        for raw in ["3/1950", "03/1950", "03-1950", "03.1950", "1950-03", "1950/03", "tháng 3 năm 1950", "tháng 3/1950"] {
            assertSuccess(DateParser.parse(raw), march1950, raw)
        }
    }

    func testLeapYears() {
        assertSuccess(DateParser.parse("29/02/2024"), ParsedDate(year: 2024, month: 2, day: 29), "29/02/2024")
        XCTAssertEqual(try DateParser.parse("29/02/2024").get().iso, "2024-02-29")
        assertSuccess(DateParser.parse("29/02/2000"), ParsedDate(year: 2000, month: 2, day: 29), "29/02/2000")
        assertFailureReason(DateParser.parse("29/02/2023"), "'29/02/2023' is not a real date", "29/02/2023")
        assertFailureReason(DateParser.parse("29/02/1900"), "'29/02/1900' is not a real date", "29/02/1900")
        assertFailure(DateParser.parse("2023-02-29"), containing: "is not a real date", "2023-02-29")
    }

    func testImpossibleDates() {
        assertFailureReason(DateParser.parse("31/02/1950"), "'31/02/1950' is not a real date", "31/02/1950")
        for raw in ["31/04/2024", "00/03/1950", "32/01/1950", "05/00/1950", "1950-13-05", "ngày 31 tháng 6 năm 1950"] {
            assertFailure(DateParser.parse(raw), containing: "is not a real date", raw)
        }
        assertFailure(DateParser.parse("13/1950"), containing: "no month 13", "13/1950")
    }

    func testUSOrderIsRefusedWithAHint() {
        // 25 can only be a day: Vietnamese order puts it first, so "03/25" is month 25.
        assertFailure(DateParser.parse("03/25/1950"), containing: "is not a real date", "03/25/1950")
        assertFailure(DateParser.parse("12/13/1950"), containing: "day first", "12/13/1950")
        // Ambiguous-looking dates are read day first, never month first.
        assertSuccess(DateParser.parse("03/04/1950"), ParsedDate(year: 1950, month: 4, day: 3), "03/04/1950")
    }

    func testYearRange() {
        assertSuccess(DateParser.parse("01/01/1800"), ParsedDate(year: 1800, month: 1, day: 1), "1800")
        assertSuccess(DateParser.parse("31/12/2200"), ParsedDate(year: 2200, month: 12, day: 31), "2200")
        assertFailureReason(DateParser.parse("05/03/1750"), "'05/03/1750' has year 1750, outside 1800–2200", "1750")
        assertFailure(DateParser.parse("2201"), containing: "outside 1800–2200", "2201")
        assertFailure(DateParser.parse("01/01/0195"), containing: "outside", "0195")
    }

    func testTwoDigitYearsAreAmbiguous() {
        for raw in ["05/03/50", "5/3/50", "3/50", "05-03-50", "ngày 5 tháng 3 năm 50"] {
            assertFailure(DateParser.parse(raw), containing: "two-digit year", raw)
        }
    }

    func testExcelSerialNumbersAreRefused() {
        for raw in ["18327", "45352", "45352.0"] {
            assertFailure(DateParser.parse(raw), containing: "Excel serial date", raw)
        }
    }

    func testOtherJunk() {
        for raw in ["abc", "không rõ", "19500305", "05/03-1950", "5/3/1950/1", "1950-03-05 abc", "195", "05//1950", "/1950"] {
            assertFailure(DateParser.parse(raw), containing: "is not a date", raw)
        }
        assertFailureReason(DateParser.parse("abc"), "'abc' is not a date (expected dd/mm/yyyy, mm/yyyy or yyyy)", "abc")
    }
}

// MARK: - Periods

final class PeriodParserTests: XCTestCase {
    func testAcceptedForms() {
        let cases: [(String, String)] = [
            ("03/2024", "2024-03"), ("3/2024", "2024-03"), ("T3/2024", "2024-03"), ("T03.2024", "2024-03"),
            ("t3/2024", "2024-03"), ("T 3/2024", "2024-03"),
            ("Tháng 3/2024", "2024-03"), ("tháng 03 năm 2024", "2024-03"), ("Thang 3/2024", "2024-03"),
            ("THÁNG 12/2023", "2023-12"), ("Tháng 3 - 2024", "2024-03"), ("Kỳ 03/2024", "2024-03"),
            ("kỳ chi trả tháng 3/2024", "2024-03"),
            ("2024-03", "2024-03"), ("2024/03", "2024-03"), ("03-2024", "2024-03"), ("12.2023", "2023-12"),
            ("1/2024", "2024-01"), (" \u{00A0}'03/2024 ", "2024-03"),
            ("15/03/2024", "2024-03"), ("2024-03-15", "2024-03"), ("2024-03-01 00:00:00", "2024-03"),
            ("ngày 15 tháng 3 năm 2024", "2024-03"),
            ("THÁNG 12/2023".decomposedStringWithCanonicalMapping, "2023-12"),
        ]
        for (raw, expected) in cases {
            assertSuccess(PeriodParser.parse(raw), expected, raw)
        }
    }

    func testRefusedForms() {
        assertFailure(PeriodParser.parse("2024"), containing: "year without a month", "2024")
        assertFailure(PeriodParser.parse("năm 2024"), containing: "year without a month", "năm 2024")
        assertFailure(PeriodParser.parse("13/2024"), containing: "no month 13", "13/2024")
        assertFailure(PeriodParser.parse("T13/2024"), containing: "no month 13", "T13/2024")
        assertFailure(PeriodParser.parse("0/2024"), containing: "no month 0", "0/2024")
        assertFailure(PeriodParser.parse("03/24"), containing: "two-digit year", "03/24")
        assertFailure(PeriodParser.parse("T3/24"), containing: "two-digit year", "T3/24")
        assertFailure(PeriodParser.parse("45352"), containing: "Excel serial", "45352")
        assertFailure(PeriodParser.parse("29/02/2023"), containing: "is not a real date", "29/02/2023")
        assertFailure(PeriodParser.parse("03/1750"), containing: "outside 1800–2200", "03/1750")
        for raw in ["T3", "tháng ba", "abc", "Quý 1/2024"] {
            assertFailure(PeriodParser.parse(raw), containing: "is not a month and year", raw)
        }
    }

    func testFindInTitles() {
        let cases: [(String, String)] = [
            ("DANH SÁCH CHI TRẢ TRỢ CẤP THÁNG 03/2024", "2024-03"),
            ("Danh sach chi tra thang 3 nam 2024", "2024-03"),
            ("Bảng kê chi trả T12/2023 - xã Bảo Ninh", "2023-12"),
            ("Kỳ chi trả: 03/2024", "2024-03"),
            ("DANH SÁCH CHI TRẢ THÁNG 03/2024 (kèm theo Quyết định số 12/2024/QĐ-UBND ngày 05/04/2024)", "2024-03"),
            ("Đồng Hới, ngày 05 tháng 04 năm 2024. Danh sách chi trả tháng 3 năm 2024", "2024-03"),
            ("Chi trả tháng 3, năm 2024", "2024-03"),
            ("chi trả kỳ 01/03/2024", "2024-03"),
            ("DANH SÁCH CHI TRẢ TRỢ CẤP THÁNG 03/2024".decomposedStringWithCanonicalMapping, "2024-03"),
        ]
        for (title, expected) in cases {
            XCTAssertEqual(PeriodParser.find(in: title), expected, title)
        }
    }

    func testFindIgnoresYearsNumbersAndSignatureDates() {
        for title in [
            "DANH SÁCH CHI TRẢ NĂM 2024",
            "Quyết định số 12/2024/QĐ-UBND",
            "Đồng Hới, ngày 05/04/2024",
            "Đồng Hới, ngày 05 tháng 04 năm 2024",
            "Ngay 05 thang 04 nam 2024",
            "Ngày ký 05/04/2024",
            "Ngay ky 05/04/2024",
            "Danh sách 03/2024",
            "DANH SÁCH CHI TRẢ THÁNG 13/2024",
            "Tháng ba năm 2024",
            "",
        ] {
            XCTAssertNil(PeriodParser.find(in: title), title)
        }
    }
}

// MARK: - Money

final class MoneyParserTests: XCTestCase {
    func testAcceptedForms() {
        for raw in [
            "2.055.000", "2,055,000", "2055000", "2.055.000 đ", "2.055.000đ", "2055000VND", "2055000 vnđ",
            "2.055.000 VNĐ", "2.055.000 đồng", "2 055 000", "2\u{00A0}055\u{00A0}000", "2.055.000,00", "2,055,000.00",
            "2055000.0", "2055000,0", "2 055 000,00", "'2.055.000", " 2.055.000 ", "₫2.055.000", "2.055.000₫",
        ] {
            assertSuccess(MoneyParser.parse(raw), Int64(2_055_000), raw)
        }
        assertSuccess(MoneyParser.parse("2.055"), Int64(2055), "2.055")
        assertSuccess(MoneyParser.parse("2,055"), Int64(2055), "2,055")
        assertSuccess(MoneyParser.parse("0"), Int64(0), "0")
        assertSuccess(MoneyParser.parse("2,0"), Int64(2), "2,0")
        assertSuccess(MoneyParser.parse("500"), Int64(500), "500")
        assertSuccess(MoneyParser.parse("9223372036854775807"), Int64.max, "Int64.max")
        assertSuccess(MoneyParser.parse("1.000.000.000.000"), Int64(1_000_000_000_000), "1e12")
    }

    func testFractionsAreRefused() {
        assertFailureReason(MoneyParser.parse("2,5"), "'2,5' is not a whole number of đồng", "2,5")
        for raw in ["2.5", "2.50", "2.055.000,50", "2,055,000.01", "2055000.5"] {
            assertFailure(MoneyParser.parse(raw), containing: "not a whole number of đồng", raw)
        }
    }

    func testNegativeAmountsAreRefused() {
        for raw in ["-2.055.000", "(2.055.000)", "\u{2212}2055000", "-2055000 đ"] {
            assertFailure(MoneyParser.parse(raw), containing: "is negative", raw)
        }
    }

    func testWordsAndJunkAreRefused() {
        assertFailureReason(MoneyParser.parse("hai triệu"), "'hai triệu' is not a number", "hai triệu")
        for raw in ["2.055.000 USD", "abc", "2055000a", "+2055000"] {
            assertFailure(MoneyParser.parse(raw), containing: "is not a number", raw)
        }
        assertFailure(MoneyParser.parse("đ"), containing: "has no digits", "đ")
        assertFailure(MoneyParser.parse("2.055E+06"), containing: "scientific notation", "2.055E+06")
    }

    func testMalformedSeparators() {
        for raw in ["2.05.000", "20.55.000", "2055.000", "2 05 000", "2055,000"] {
            assertFailure(MoneyParser.parse(raw), containing: "misplaced thousands separators", raw)
        }
        for raw in ["2..055", ".5", "2055.", "2.055,000.5,0"] {
            XCTAssertThrowsError(try MoneyParser.parse(raw).get(), raw)
        }
        assertFailure(MoneyParser.parse("2,055.000,00"), containing: "mixes separators", "2,055.000,00")
    }

    func testOverflow() {
        assertFailureReason(MoneyParser.parse("9223372036854775808"), "'9223372036854775808' is too large", "Int64.max+1")
        assertFailure(MoneyParser.parse("99.999.999.999.999.999.999"), containing: "is too large", "huge")
    }
}

// MARK: - Citizen IDs

final class CitizenIDTests: XCTestCase {
    func testAcceptedForms() {
        for raw in [
            "044123456789", "44123456789", "044 123 456 789", "044.123.456.789", "044-123-456-789",
            "'044123456789", "=\"044123456789\"", "\u{00A0}044123456789\u{00A0}", "44123456789.0", "'44123456789",
            "44 123 456 789", "44.123.456.789", " 044 - 123 - 456 - 789 ",
        ] {
            assertSuccess(CitizenID.parse(raw), "044123456789", raw)
        }
        assertSuccess(CitizenID.parse("123456789"), "123456789", "CMND")
        assertSuccess(CitizenID.parse("23456789"), "023456789", "CMND without zero")
        assertSuccess(CitizenID.parse("194 123 456"), "194123456", "CMND with spaces")
        assertSuccess(CitizenID.parse("194.123.456"), "194123456", "CMND with dots")
        assertSuccess(CitizenID.parse("94 123 456"), "094123456", "CMND with spaces, without zero")
    }

    func testScientificNotationLostDigits() {
        for raw in ["4.4123E+11", "4,4123E+11", "4.41235E+11", "4.4123e11"] {
            assertFailure(CitizenID.parse(raw), containing: "scientific notation", raw)
        }
    }

    func testNonDigits() {
        assertFailureReason(CitizenID.parse("04412345678A"), "'04412345678A' contains 'A', which is not a digit", "A")
        assertFailure(CitizenID.parse("044/123456789"), containing: "not a digit", "slash")
        assertFailure(CitizenID.parse("không có"), containing: "not a digit", "words")
    }

    func testWrongDigitCounts() {
        assertFailureReason(CitizenID.parse("0441234567"),
                            "'0441234567' must have 12 digits (CCCD) or 9 (CMND), found 10", "10 digits")
        assertFailure(CitizenID.parse("1234567"), containing: "found 7", "7 digits")
        assertFailure(CitizenID.parse("0441234567890"), containing: "found 13", "13 digits")
        assertFailure(CitizenID.parse("-"), containing: "found 0", "dash only")
        assertFailureReason(CitizenID.parse("044 123 456 7890"),
                            "'044 123 456 7890' must have 12 digits (CCCD) or 9 (CMND), found 13", "13 digits grouped")
    }

    func testMask() {
        XCTAssertEqual(CitizenID.mask("044123456789"), "044*******89")
        XCTAssertEqual(CitizenID.mask("123456789"), "123****89")
        XCTAssertEqual(CitizenID.mask("123456"), "123*56")
        XCTAssertEqual(CitizenID.mask("12345"), "*****")
        XCTAssertEqual(CitizenID.mask(""), "")
    }

    func testDecodeCCCD() throws {
        let male1985 = try XCTUnwrap(CitizenID.decodeCCCD("044085012345"))
        XCTAssertEqual(male1985.province, "044")
        XCTAssertTrue(male1985.male)
        XCTAssertEqual(male1985.birthYear, 1985)

        let female1950 = try XCTUnwrap(CitizenID.decodeCCCD("044150012345"))
        XCTAssertFalse(female1950.male)
        XCTAssertEqual(female1950.birthYear, 1950)

        let male2005 = try XCTUnwrap(CitizenID.decodeCCCD("001205012345"))
        XCTAssertEqual(male2005.province, "001")
        XCTAssertTrue(male2005.male)
        XCTAssertEqual(male2005.birthYear, 2005)

        let female2012 = try XCTUnwrap(CitizenID.decodeCCCD("044312012345"))
        XCTAssertFalse(female2012.male)
        XCTAssertEqual(female2012.birthYear, 2012)

        let male2100 = try XCTUnwrap(CitizenID.decodeCCCD("044400012345"))
        XCTAssertTrue(male2100.male)
        XCTAssertEqual(male2100.birthYear, 2100)
        let female2199 = try XCTUnwrap(CitizenID.decodeCCCD("044599012345"))
        XCTAssertFalse(female2199.male)
        XCTAssertEqual(female2199.birthYear, 2199)

        for bad in ["044600012345", "044985012345", "04408501234", "123456789", "04408501234A", ""] {
            XCTAssertNil(CitizenID.decodeCCCD(bad), bad)
        }
    }
}

// MARK: - Beneficiary codes

final class BeneficiaryCodeTests: XCTestCase {
    func testNormalize() {
        for raw in ["454-028349", "454028349", " 454 - 028349 ", "'454028349", "454.028.349", "454028349.0"] {
            XCTAssertEqual(BeneficiaryCode.normalize(raw), "454028349", raw)
        }
        XCTAssertEqual(BeneficiaryCode.normalize("qb-dt/0012"), "QBDT0012")
        XCTAssertEqual(BeneficiaryCode.normalize("NCC 00 12"), "NCC0012")
        XCTAssertNil(BeneficiaryCode.normalize("---"))
        XCTAssertNil(BeneficiaryCode.normalize(" / "))
        XCTAssertNil(BeneficiaryCode.normalize(""))
    }
}
