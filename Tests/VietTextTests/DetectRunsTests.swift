import XCTest
@testable import VietText

/// `LegacyText.detect` scores each distinct space-separated run once, weighted by how often it
/// came: the scores must be those of decoding the whole sample, in every encoding.
final class DetectRunsTests: XCTestCase {
    private let words = """
        Danh sách chi trả trợ cấp hằng tháng cho người có công với cách mạng và hộ nghèo \
        Đồng Hới Quảng Bình Nguyễn Văn Hùng Trần Thị Lan Hoàng Đức Thắng Phạm Thuỷ Lê Huy ở xã \
        QUẢNG NINH ĐỒNG HỚI 03/2024 Nguyen Van A
        """.split(separator: " ").map(String.init)

    /// Legacy bytes of random words, with the separators a file has (doubled spaces, commas,
    /// line breaks, a no-break space, stray high bytes), as `detect` may be handed them.
    private func sample(_ rng: inout SystemRandomNumberGenerator, encoding: LegacyText.ByteEncoding) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<Int.random(in: 0...60, using: &rng) {
            let word = words.randomElement(using: &rng) ?? ""
            switch encoding {
            case .cp1258: bytes += CP1258.encode(word)
            case .tcvn3: bytes += TCVN3.encode(word)
            case .vni: bytes += VNI.encode(word)
            }
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: bytes += [0x20, 0x20]
            case 1: bytes += [0x2C, 0x20]
            case 2: bytes += [0x0A]
            case 3: bytes += [0xA0]
            case 4: bytes += [UInt8.random(in: 0x80...0xFF, using: &rng)]
            default: bytes += [0x20]
            }
        }
        if Bool.random(using: &rng) { bytes.insert(0x20, at: 0) }
        return bytes
    }

    func testTheRunsScoreAsTheWholeSample() {
        var rng = SystemRandomNumberGenerator()
        for round in 0..<3_000 {
            let written = LegacyText.ByteEncoding.allCases[round % 3]
            let bytes = sample(&rng, encoding: written)
            let (joined, times) = LegacyText.distinctRuns(bytes)
            XCTAssertLessThanOrEqual(joined.count, bytes.count)
            for encoding in LegacyText.ByteEncoding.allCases {
                var whole: [UInt32] = [], runs: [UInt32] = []
                LegacyText.decodeScalars(bytes, as: encoding, into: &whole)
                LegacyText.decodeScalars(joined, as: encoding, into: &runs)
                let expected = LegacyWordScore.score(whole, countASCIIWords: false)
                let weighted = LegacyWordScore.score(runs, runs: times)
                // Nil only when a byte decodes to a space; then detect scores the whole sample.
                if let weighted {
                    XCTAssertEqual(weighted, expected, "\(encoding) of \(bytes)")
                } else {
                    XCTAssertTrue(runs.contains(0x20) && joined.count > 0)
                }
            }
        }
    }

    func testRunsComeInTheirFirstOrderWithTheirCounts() {
        let (joined, times) = LegacyText.distinctRuns(Array("  ab cd ab\u{0A}x  cd ".utf8))
        XCTAssertEqual(String(decoding: joined, as: UTF8.self), "ab cd ab\u{0A}x")
        XCTAssertEqual(times, [1, 2, 1])
        XCTAssertEqual(LegacyText.distinctRuns([]).times, [])
    }
}
