import XCTest
@testable import Reconcile

/// The banded edit distance against the full table, on random short names.
final class EditDistanceTests: XCTestCase {
    /// Levenshtein over the whole table, capped at limit + 1.
    private func reference(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : min(previous[b.count], limit + 1)
    }

    func testBandedDistanceIsTheFullTablesUpToTheLimit() {
        var rng = SplitMix64(seed: 7)
        let letters = Array("abhnu ".utf8)
        func word() -> [UInt8] { (0..<Int(rng.next() % 9)).map { _ in letters[Int(rng.next() % UInt64(letters.count))] } }
        for _ in 0..<20_000 {
            let a = word()
            var b = a
            for _ in 0..<Int(rng.next() % 4) {
                let k = Int(rng.next() % UInt64(b.count + 1))
                switch rng.next() % 3 {
                case 0: b.insert(letters[Int(rng.next() % UInt64(letters.count))], at: k)
                case 1: if k < b.count { b.remove(at: k) }
                default: if k < b.count { b[k] = letters[Int(rng.next() % UInt64(letters.count))] }
                }
            }
            if rng.next() % 5 == 0 { b = word() }
            for limit in 0...2 {
                let banded = a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in NameComparison.distance(x, y, limit: limit) } }
                XCTAssertEqual(banded, reference(a, b, limit: limit), "\(String(decoding: a, as: UTF8.self)) / \(String(decoding: b, as: UTF8.self)) limit \(limit)")
            }
        }
    }
}
