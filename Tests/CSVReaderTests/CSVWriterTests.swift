import CSVReader
import XCTest

/// What Excel would run as a formula is kept text; a plain signed number stays a number.
final class CSVWriterTests: XCTestCase {
    func testFormulasAreNeutralizedAndSignedNumbersAreNot() {
        XCTAssertEqual(CSVWriter.neutralized("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")")
        XCTAssertEqual(CSVWriter.neutralized("@SUM(A1)"), "'@SUM(A1)")
        XCTAssertEqual(CSVWriter.neutralized("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0")
        XCTAssertEqual(CSVWriter.neutralized("-2+3"), "'-2+3")
        XCTAssertEqual(CSVWriter.neutralized("-"), "'-")
        XCTAssertEqual(CSVWriter.neutralized("-1."), "'-1.")
        XCTAssertEqual(CSVWriter.neutralized("\tx"), "'\tx")
        XCTAssertEqual(CSVWriter.neutralized("-55000"), "-55000")
        XCTAssertEqual(CSVWriter.neutralized("-0.75"), "-0.75")
        XCTAssertEqual(CSVWriter.neutralized("+3"), "+3")
        XCTAssertEqual(CSVWriter.neutralized("Nguyễn Văn Hùng"), "Nguyễn Văn Hùng")
    }
}
