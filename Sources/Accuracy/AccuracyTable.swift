import Foundation

/// The plain-text rendering of accuracy reports: one column group per matcher, side by side,
/// for reports of the same data set (or the same pooled seeds).
public enum AccuracyTable {
    private static let typeWidth = 20
    private static let group = ["found", "TP", "FP", "FN", "precision", "recall"]
    private static let widths = [6, 6, 6, 6, 9, 6]

    /// The table: type, planted, then found, TP, FP, FN, precision and recall of each report;
    /// a row for all types pooled, the review rate and the reconcile time. Planted counts are
    /// the first report's (the same data set for every matcher).
    public static func render(_ reports: [AccuracyReport], title: String) -> String {
        guard let first = reports.first else { return title + "\n(no reports)\n" }
        let groupWidth = zip(group, widths).reduce(0) { $0 + $1.1 + 2 }
        var out = title + "\n"
        out += pad("", typeWidth) + pad("", 9) + reports.map { " |" + pad(" " + $0.matcher, groupWidth, left: true) }.joined() + "\n"
        out += pad("type", typeWidth, left: true) + pad("planted", 9) + reports.map { _ in " |" + row(group) }.joined() + "\n"
        for (i, t) in first.types.enumerated() {
            out += pad(t.type, typeWidth, left: true) + pad(String(t.score.planted), 9)
            out += reports.map { " |" + row(cells(i < $0.types.count ? $0.types[i].score : Score())) }.joined() + "\n"
        }
        out += pad("all types", typeWidth, left: true) + pad(String(first.overall.planted), 9)
            + reports.map { " |" + row(cells($0.overall)) }.joined() + "\n"
        let review = reports.map { r in
            " |" + pad(" " + percent(r.reviewRate) + " of \(r.paymentLines) payment lines (planted \(percent(r.plantedReviewRate)))", groupWidth, left: true)
        }
        out += pad("review rate", typeWidth, left: true) + pad("", 9) + review.joined() + "\n"
        out += pad("reconcile time", typeWidth, left: true) + pad("", 9)
            + reports.map { " |" + pad(String(format: " %.2f s", $0.reconcileSeconds), groupWidth, left: true) }.joined() + "\n"
        // The same person written differently: lines that paid the right record.
        for (i, hard) in first.hardCases.enumerated() {
            out += pad(hard.kind, typeWidth + 9, left: true)
            out += reports.map { r in
                let h = i < r.hardCases.count ? r.hardCases[i] : HardCaseResult(kind: hard.kind, planted: 0, matched: 0)
                return " |" + pad(" \(h.matched) of \(h.planted) paid the right record", groupWidth, left: true)
            }.joined() + "\n"
        }
        return out.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in String(line.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n")
    }

    /// The kept examples of false positives and negatives, one per line, or nothing when every
    /// report is exact.
    public static func examples(_ reports: [AccuracyReport]) -> String {
        var out = ""
        for report in reports {
            for t in report.types {
                for e in t.falsePositiveExamples { out += "  \(report.matcher)  FP \(e.type)  \(e.location)  \(e.detail)\n" }
                for e in t.falseNegativeExamples { out += "  \(report.matcher)  FN \(e.type)  \(e.location)  \(e.detail)\n" }
            }
        }
        return out
    }

    /// "0.9987", or "n/a" for an undefined ratio.
    public static func ratio(_ value: Double?) -> String {
        value.map { String(format: "%.4f", $0) } ?? "n/a"
    }

    private static func percent(_ value: Double?) -> String {
        value.map { String(format: "%.2f%%", $0 * 100) } ?? "n/a"
    }

    private static func cells(_ s: Score) -> [String] {
        [String(s.found), String(s.truePositives), String(s.falsePositives), String(s.falseNegatives), ratio(s.precision), ratio(s.recall)]
    }

    private static func row(_ cells: [String]) -> String {
        zip(cells, widths).map { "  " + pad($0.0, $0.1) }.joined()
    }

    /// Right-aligned in `width` (left-aligned with `left`), never cut.
    private static func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return left ? text + fill : fill + text
    }
}
