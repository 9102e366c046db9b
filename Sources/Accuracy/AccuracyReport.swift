import Reconcile

/// The accuracy of one matcher on one generated data set (or pooled over several): per
/// exception type and overall, the review rate, and examples of the errors.
public struct AccuracyReport: Sendable {
    /// The score of one exception type, with up to `AccuracyReport.exampleLimit` examples of
    /// each kind of error.
    public struct TypeResult: Sendable {
        public let type: String
        public var score: Score
        public var falsePositiveExamples: [Example]
        public var falseNegativeExamples: [Example]
    }

    /// Examples kept per type and kind of error.
    public static let exampleLimit = 5

    /// The matcher measured ("deterministic", "baseline").
    public let matcher: String
    /// The generator's seeds (one, or several when pooled).
    public let seeds: [UInt64]
    /// The generator's scale.
    public let scale: Double
    /// The payment month reconciled.
    public let period: String
    /// Payment lines of the period (rows of `recon_matches`).
    public let paymentLines: Int
    /// The eight contract types in contract order, then any other type either side used.
    public let types: [TypeResult]
    /// Seconds the reconcile stage took (summed when pooled).
    public let reconcileSeconds: Double
    /// Lines of the hard cases (the same person written differently) that paid the right record.
    public var hardCases: [HardCaseResult] = []

    public init(matcher: String, seeds: [UInt64], scale: Double, period: String, paymentLines: Int,
                types: [TypeResult], reconcileSeconds: Double) {
        self.matcher = matcher
        self.seeds = seeds
        self.scale = scale
        self.period = period
        self.paymentLines = paymentLines
        self.types = types
        self.reconcileSeconds = reconcileSeconds
    }

    /// All types pooled (micro-averaged: the sums of TP, FP and FN).
    public var overall: Score { types.reduce(Score()) { $0 + $1.score } }

    /// The result of one type, nil when neither side has it.
    public func result(_ type: ExceptionType) -> TypeResult? {
        types.first { $0.type == type.rawValue }
    }

    /// NEEDS_REVIEW findings of the matcher per payment line; nil without payment lines.
    public var reviewRate: Double? { rate(result(.needsReview)?.score.found ?? 0) }
    /// NEEDS_REVIEW findings planted in the truth per payment line; nil without payment lines.
    public var plantedReviewRate: Double? { rate(result(.needsReview)?.score.planted ?? 0) }

    private func rate(_ count: Int) -> Double? {
        paymentLines == 0 ? nil : Double(count) / Double(paymentLines)
    }

    /// Type order: the contract's eight, then others by name.
    static func ordered(_ names: Set<String>) -> [String] {
        let contract = ExceptionType.allCases.map(\.rawValue)
        return contract + names.subtracting(contract).sorted()
    }

    /// One report summing several of the same matcher (counts, lines and time add up; examples
    /// are kept up to the limit, the first report's first). Nil for an empty list.
    public static func pooled(_ reports: [AccuracyReport]) -> AccuracyReport? {
        guard let first = reports.first else { return nil }
        var byType: [String: TypeResult] = [:]
        for report in reports {
            for t in report.types {
                guard var sum = byType[t.type] else { byType[t.type] = t; continue }
                sum.score = sum.score + t.score
                sum.falsePositiveExamples = Array((sum.falsePositiveExamples + t.falsePositiveExamples).prefix(exampleLimit))
                sum.falseNegativeExamples = Array((sum.falseNegativeExamples + t.falseNegativeExamples).prefix(exampleLimit))
                byType[t.type] = sum
            }
        }
        let types = ordered(Set(byType.keys)).compactMap { byType[$0] }
        var pooled = AccuracyReport(matcher: first.matcher, seeds: reports.flatMap(\.seeds), scale: first.scale,
                                    period: first.period, paymentLines: reports.reduce(0) { $0 + $1.paymentLines },
                                    types: types, reconcileSeconds: reports.reduce(0) { $0 + $1.reconcileSeconds })
        pooled.hardCases = HardCaseResult.pooled(reports.map(\.hardCases))
        return pooled
    }
}
