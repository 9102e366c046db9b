@testable import Reconcile
import XCTest

/// The pieces of the probabilistic engine on their own: name levels, the CCCD's birth year, EM
/// recovering a known m, and candidates sharing a line's probability.
final class FellegiSunterTests: XCTestCase {
    private func level(_ a: String, _ b: String, maxEdits: Int = 2) -> String {
        let x = Array(a.utf8), y = Array(b.utf8)
        let l = x.withUnsafeBufferPointer { p in y.withUnsafeBufferPointer { q in NameComparison.level(p, q, maxEdits: maxEdits) } }
        return MatchField.name.levels[Int(l)]
    }

    func testNameLevelsNameTheWayOnePersonIsWrittenDifferently() {
        XCTAssertEqual(level("huynh van nam", "hoang van nam"), "family-name variant")
        XCTAssertEqual(level("vo thi lan", "vu thi lan"), "family-name variant")
        XCTAssertEqual(level("nguyen hung", "nguyen van hung"), "middle name dropped")
        XCTAssertEqual(level("nguyen thi hong cuc", "nguyen cuc"), "middle name dropped")
        XCTAssertEqual(level("mai tran thi", "tran thi mai"), "same words reordered")
        XCTAssertEqual(level("nguyen v hung", "nguyen van hung"), "initials")
        XCTAssertEqual(level("nguyen van hun", "nguyen van hung"), "1 edit")
        XCTAssertEqual(level("nguyen van hnug", "nguyen van hung"), "2 edits")
        XCTAssertEqual(level("nguyen van hnug", "nguyen van hung", maxEdits: 1), "different")
        XCTAssertEqual(level("le van tam", "tran thi lan"), "different")
        XCTAssertEqual(level("nguyen van hung", "nguyen van hung"), "folded exact")
        // Same family and given name but another middle name is not a dropped one.
        XCTAssertEqual(level("nguyen thi hung", "nguyen van minh hung"), "different")
    }

    func testACCCDSaysTheCenturyAndYearOfBirth() {
        func year(_ id: String) -> Int? { Array(id.utf8).withUnsafeBufferPointer(MatchData.cccdYear) }
        XCTAssertEqual(year("044048000123"), 1948)   // 0: man, 20th century
        XCTAssertEqual(year("044152000777"), 1952)   // 1: woman, 20th century
        XCTAssertEqual(year("046205000001"), 2005)   // 2: man, 21st century
        XCTAssertNil(year("194500123"))              // a 9-digit CMND says nothing
    }

    /// Patterns drawn from a known model: EM, with u given, finds m of the name again.
    func testEMRecoversTheShareOfExactNamesAmongTruePairs() {
        var model = FellegiSunterModel()
        var u = MatchField.allCases.map { [Int](repeating: 0, count: $0.levels.count) }
        u[MatchField.name.rawValue][Int(Level.Name.exact)] = 1
        u[MatchField.name.rawValue][Int(Level.Name.oneEdit)] = 10
        u[MatchField.name.rawValue][Int(Level.Name.different)] = 9989
        u[MatchField.code.rawValue][Int(Level.Code.exact)] = 1
        u[MatchField.code.rawValue][Int(Level.Code.different)] = 9999
        model.setU(counts: u)
        func pattern(code: UInt8, name: UInt8) -> UInt32 {
            var p = Pattern(); p[.code] = code; p[.name] = name; return p.bits
        }
        // 2,000 true pairs: 80% exact names, 20% one edit, all with the code; 8,000 unrelated.
        let patterns: [UInt32: Int] = [
            pattern(code: Level.Code.exact, name: Level.Name.exact): 1600,
            pattern(code: Level.Code.exact, name: Level.Name.oneEdit): 400,
            pattern(code: Level.Code.different, name: Level.Name.different): 7990,
            pattern(code: Level.Code.different, name: Level.Name.oneEdit): 10,
        ]
        let (m, share, _) = model.estimated(patterns: patterns, fields: [.code, .name])
        XCTAssertEqual(share, 0.2, accuracy: 0.005)
        XCTAssertEqual(m[MatchField.name.rawValue][Int(Level.Name.exact)], 0.8, accuracy: 0.01)
        XCTAssertEqual(m[MatchField.name.rawValue][Int(Level.Name.oneEdit)], 0.2, accuracy: 0.01)
        XCTAssertEqual(m[MatchField.code.rawValue][Int(Level.Code.exact)], 1, accuracy: 0.01)
    }

    /// Two equally good candidates share the line: neither reaches a half.
    func testCandidatesShareTheLinesProbability() {
        func pair(_ record: Int32, _ weight: Double) -> ScoredPair {
            ScoredPair(record: record, pattern: Pattern(), weight: weight, tfAdjustment: 0, rule: .nameYear)
        }
        var twins = [pair(1, 20), pair(2, 20)]
        ProbabilisticMatcher.share(&twins)
        XCTAssertEqual(twins[0].probability, twins[1].probability, accuracy: 1e-12)
        XCTAssertLessThan(twins[0].probability, 0.5)
        var one = [pair(3, 0)]
        ProbabilisticMatcher.share(&one)
        XCTAssertEqual(one[0].probability, 0.5, accuracy: 1e-12, "weight 0: as likely as nobody registered")
        var clear = [pair(4, -3), pair(5, 12)]
        ProbabilisticMatcher.share(&clear)
        XCTAssertEqual(clear.map(\.record), [5, 4], "best first")
        XCTAssertGreaterThan(clear[0].probability, 0.99)
    }
}
