import Foundation
import Warehouse

/// Turns one reconciliation in the warehouse into an `AccuracyReport`.
struct Measurement {
    let matcher: String
    let seed: UInt64
    let scale: Double
    let period: String
    let seconds: Double

    /// Compares the period's `recon_exceptions` with `planted`. A NEEDS_REVIEW finding is the
    /// line sent to review, whichever candidate a matcher lists first (the truth names one of
    /// them): it is compared by file and line.
    func report(db: Database, planted given: [Finding]) throws -> AccuracyReport {
        let planted = given.map(Self.byLine)
        var found: [Finding] = []
        var details: [Finding: String] = [:]
        for row in try db.rows("""
            SELECT exception_type, district_code, beneficiary_id, source_file, source_line, detail
            FROM recon_exceptions WHERE period = ? ORDER BY source_file, source_line
            """, [.text(period)]) {
            let finding = Finding(type: row[0].string ?? "", districtCode: row[1].string ?? "", beneficiaryID: row[2].string ?? "",
                                  file: row[3].string ?? "", line: Int(row[4].int ?? 0))
            found.append(Self.byLine(finding))
            if details[Self.byLine(finding)] == nil { details[Self.byLine(finding)] = row[5].string ?? "" }
        }
        let lines = Int(try db.scalar("SELECT COUNT(*) FROM recon_matches WHERE period = ?", [.text(period)])?.int ?? 0)

        let scores = Scorer.score(found: found, planted: planted)
        let errors = Scorer.errors(found: found, planted: planted)
        let limit = AccuracyReport.exampleLimit
        var results: [AccuracyReport.TypeResult] = []
        for type in AccuracyReport.ordered(Set(scores.keys)) {
            let fps = errors.falsePositives.filter { $0.type == type }.prefix(limit).map { fp in
                Example(location: fp.location, type: type, detail: falsePositiveDetail(fp, details: details, planted: planted))
            }
            let fns = try errors.falseNegatives.filter { $0.type == type }.prefix(limit).map { fn in
                Example(location: fn.location, type: type, detail: try falseNegativeDetail(fn, found: found, details: details, db: db))
            }
            results.append(.init(type: type, score: scores[type] ?? Score(), falsePositiveExamples: fps, falseNegativeExamples: fns))
        }
        return AccuracyReport(matcher: matcher, seeds: [seed], scale: scale, period: period, paymentLines: lines,
                              types: results, reconcileSeconds: seconds)
    }

    static func byLine(_ f: Finding) -> Finding {
        f.type == "NEEDS_REVIEW" ? Finding(type: f.type, districtCode: f.districtCode, beneficiaryID: "", file: f.file, line: f.line) : f
    }

    /// The pipeline's reason, and what the truth planted on the same line, if anything.
    private func falsePositiveDetail(_ fp: Finding, details: [Finding: String], planted: [Finding]) -> String {
        var text = "\(describe(fp)): \(details[fp] ?? "")"
        let there = planted.filter { $0.file == fp.file && $0.line == fp.line }
        text += there.isEmpty ? "; nothing planted on this line" : "; planted: " + there.map(describe).joined(separator: ", ")
        return text
    }

    /// What the pipeline did with the line instead: other findings on it, and its match decision.
    private func falseNegativeDetail(_ fn: Finding, found: [Finding], details: [Finding: String], db: Database) throws -> String {
        var parts = found.filter { $0.file == fn.file && $0.line == fn.line }.map { "found \(describe($0)): \(details[$0] ?? "")" }
        let matches = try db.rows("""
            SELECT decision, rule, beneficiary_id, detail FROM recon_matches
            WHERE period = ? AND source_file = ? AND source_line = ?
            """, [.text(period), .text(fn.file), .int(fn.line)])
        for m in matches {
            var text = "decided \(m[0].string ?? "?") by \(m[1].string ?? "?")"
            if let id = m[2].string, !id.isEmpty { text += " → \(id)" }
            if let why = m[3].string, !why.isEmpty { text += " (\(why))" }
            parts.append(text)
        }
        let planted = "planted \(describe(fn))"
        return parts.isEmpty ? "\(planted); nothing found on this line" : "\(planted); " + parts.joined(separator: "; ")
    }

    private func describe(_ f: Finding) -> String {
        f.beneficiaryID.isEmpty ? "\(f.type) in \(f.districtCode)" : "\(f.type) of \(f.beneficiaryID) in \(f.districtCode)"
    }
}
