import Foundation
import Warehouse

/// How a matcher did on one kind of hard case (family-name variant, dropped middle name…):
/// lines planted, and lines that paid the right record.
public struct HardCaseResult: Sendable, Equatable, Encodable {
    public let kind: String
    public var planted: Int
    public var matched: Int

    /// The hard cases of `truth/hard_cases.csv` against the reconciled matches; empty when the
    /// data set has none.
    static func measure(truth: URL, db: Database, period: String) throws -> [HardCaseResult] {
        let url = truth.appendingPathComponent("hard_cases.csv")
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        let statement = try db.prepare("SELECT decision, beneficiary_id FROM recon_matches WHERE period = ? AND source_file = ? AND source_line = ?")
        var results: [String: HardCaseResult] = [:]
        var order: [String] = []
        for row in try TruthFile.rows(url, columns: ["case", "beneficiary_id", "source_file", "source_line"]) {
            let kind = row[0]
            if results[kind] == nil { results[kind] = HardCaseResult(kind: kind, planted: 0, matched: 0); order.append(kind) }
            results[kind]?.planted += 1
            try statement.bind([.text(period), .text(row[2]), .int(Int(row[3]))])
            if try statement.step(), statement.string(at: 0) == "match", statement.string(at: 1) == row[1] {
                results[kind]?.matched += 1
            }
        }
        return order.compactMap { results[$0] }
    }

    /// Sums results of several runs by kind.
    static func pooled(_ lists: [[HardCaseResult]]) -> [HardCaseResult] {
        var out: [HardCaseResult] = []
        for list in lists {
            for r in list {
                if let i = out.firstIndex(where: { $0.kind == r.kind }) {
                    out[i].planted += r.planted
                    out[i].matched += r.matched
                } else {
                    out.append(r)
                }
            }
        }
        return out
    }
}
