import XCTest
import VietText

/// Making room ahead (`reserveCapacity`) changes nothing an `InternTable` answers: the same
/// indexes in the same order, whether room was made before the first string or midway.
final class InternTableTests: XCTestCase {
    private func strings(_ n: Int) -> [String] {
        var rng = SystemRandomNumberGenerator()
        // Repeats among them (a third of the draws), of several lengths, some empty.
        let pool = (0..<(n * 2 / 3)).map { i in String(repeating: "x", count: i % 20) + String(i) + (i % 7 == 0 ? "" : "đ") }
        return (0..<n).map { _ in pool.randomElement(using: &rng) ?? "" }
    }

    func testRoomMadeAheadGivesTheSameIndexes() {
        let input = strings(50_000)
        var plain = InternTable()
        let expected = input.map { plain.intern($0) }

        var ahead = InternTable()
        ahead.reserveCapacity(strings: 60_000, bytes: 1_000_000)
        XCTAssertEqual(input.map { ahead.intern($0) }, expected)

        var midway = InternTable()
        var got = input[..<20_000].map { midway.intern($0) }
        midway.reserveCapacity(strings: 200_000, bytes: 10)
        got += input[20_000...].map { midway.intern($0) }
        XCTAssertEqual(got, expected)

        // Too little room is only growth; the strings stay where they were.
        var small = InternTable()
        small.reserveCapacity(strings: 3, bytes: 3)
        XCTAssertEqual(input.map { small.intern($0) }, expected)
        XCTAssertEqual(small.strings, plain.strings)
        XCTAssertEqual(midway.count, plain.count)
        XCTAssertEqual(midway.strings, plain.strings)
    }
}
