import Foundation
import Ingest
import TestSupport
import XCTest

/// `TextDecoder.scan` decides whether a file is UTF-8 chunk by chunk (1 MiB), on the bytes
/// where they lie; the answer must be Swift's own validation of the whole file, whatever the
/// chunk boundaries cut.
final class UTF8ScanTests: XCTestCase {
    /// Text of ASCII, Vietnamese letters (two and three bytes), four-byte characters and, one
    /// piece in `oddOneIn`, a byte sequence that is not UTF-8.
    static func text(bytes: Int, oddOneIn: Int, _ rng: inout SeededGenerator) -> [UInt8] {
        let pieces: [[UInt8]] = ["Nguyễn Văn Hùng", "Quảng Bình", ",", "\n", "Đ", "ơ", "1948", "😀", "𝕏"].map { Array($0.utf8) }
        let odd: [[UInt8]] = [[0xFF], [0x80], [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
                              [0xF5, 0x80, 0x80, 0x80], [0xC3], [0xE1, 0xBB], [0xE1, 0x41]]
        var out: [UInt8] = []
        while out.count < bytes {
            if Int.random(in: 0..<oddOneIn, using: &rng) == 0 {
                out += odd[Int.random(in: 0..<odd.count, using: &rng)]
            } else {
                out += pieces[Int.random(in: 0..<pieces.count, using: &rng)]
            }
        }
        return out
    }

    /// What the scan must say: the file is valid UTF-8, or valid up to a last character that
    /// a cut copy left unfinished (which `scan` takes as UTF-8 too).
    static func expected(_ bytes: [UInt8]) -> Bool {
        if String(validating: bytes, as: UTF8.self) != nil { return true }
        for k in 1...3 where bytes.count > k {
            let tail = Array(bytes.suffix(k))
            guard String(validating: bytes.dropLast(k), as: UTF8.self) != nil else { continue }
            // Some completion of the tail into a whole character must be valid.
            let fillers: [UInt8] = [0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF]
            var completions: [[UInt8]] = [[]]
            for _ in 0..<(4 - k) {
                completions += completions.flatMap { c in fillers.map { c + [$0] } }
            }
            if completions.contains(where: { !$0.isEmpty && String(validating: tail + $0, as: UTF8.self) != nil }) { return true }
        }
        return false
    }

    func testTheScanAgreesWithSwiftsValidationWhereverTheChunksEnd() throws {
        let folder = try Fixture.tempDir()
        var rng = SeededGenerator(seed: 2023)
        var valid = 0, invalid = 0
        for trial in 0..<14 {
            // Two and a half chunks; every other file has no bad sequence at all, and some end
            // in the middle of a character, as a copy cut short does.
            var bytes = Self.text(bytes: 2_500_000 + trial * 7, oddOneIn: trial % 2 == 0 ? Int.max : 50_000, &rng)
            if trial % 3 == 1 { bytes += [0xE1, 0xBB] }
            if trial == 5 { bytes.insert(0xFF, at: 1 << 20) }             // on a chunk boundary
            if trial == 7 { bytes.insert(contentsOf: [0xE1, 0xBB, 0x9F], at: (1 << 20) - 1) } // a letter across it
            let url = folder.appendingPathComponent("file-\(trial).csv")
            try Data(bytes).write(to: url)
            let scan = try TextDecoder.scan(url)
            let want = Self.expected(bytes)
            XCTAssertEqual(scan.validUTF8, want, "file \(trial): \(bytes.count) bytes")
            if want { valid += 1 } else { invalid += 1 }
        }
        // Both answers were put to the test.
        XCTAssertGreaterThan(valid, 3)
        XCTAssertGreaterThan(invalid, 3)
    }
}
