import Foundation

/// The JSON rendering of a harness run: every (seed, matcher) report and the per-matcher pools.
/// Undefined ratios are `null`.
public struct AccuracyJSON: Encodable {
    public let scale: Double
    public let seeds: [UInt64]
    public let matchers: [String]
    public let runs: [AccuracyReport]
    public let pooled: [AccuracyReport]

    public init(scale: Double, seeds: [UInt64], matchers: [String], runs: [AccuracyReport], pooled: [AccuracyReport]) {
        self.scale = scale
        self.seeds = seeds
        self.matchers = matchers
        self.runs = runs
        self.pooled = pooled
    }

    /// Pretty-printed UTF-8 JSON with sorted keys.
    public func data() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

extension AccuracyReport: Encodable {
    private enum Keys: String, CodingKey {
        case matcher, seeds, scale, period, types, overall
        case paymentLines = "payment_lines", reviewRate = "review_rate", plantedReviewRate = "planted_review_rate"
        case reconcileSeconds = "reconcile_seconds", hardCases = "hard_cases"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(matcher, forKey: .matcher)
        try c.encode(seeds, forKey: .seeds)
        try c.encode(scale, forKey: .scale)
        try c.encode(period, forKey: .period)
        try c.encode(paymentLines, forKey: .paymentLines)
        try c.encode(reviewRate, forKey: .reviewRate)
        try c.encode(plantedReviewRate, forKey: .plantedReviewRate)
        try c.encode((reconcileSeconds * 1000).rounded() / 1000, forKey: .reconcileSeconds)
        try c.encode(overall, forKey: .overall)
        try c.encode(Dictionary(uniqueKeysWithValues: types.map { ($0.type, $0) }), forKey: .types)
        try c.encode(hardCases, forKey: .hardCases)
    }
}

extension AccuracyReport.TypeResult: Encodable {
    private enum Keys: String, CodingKey {
        case score
        case falsePositiveExamples = "false_positive_examples", falseNegativeExamples = "false_negative_examples"
    }

    public func encode(to encoder: Encoder) throws {
        try score.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(falsePositiveExamples, forKey: .falsePositiveExamples)
        try c.encode(falseNegativeExamples, forKey: .falseNegativeExamples)
    }
}

extension Score: Encodable {
    private enum Keys: String, CodingKey {
        case planted, found, precision, recall
        case truePositives = "tp", falsePositives = "fp", falseNegatives = "fn"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(planted, forKey: .planted)
        try c.encode(found, forKey: .found)
        try c.encode(truePositives, forKey: .truePositives)
        try c.encode(falsePositives, forKey: .falsePositives)
        try c.encode(falseNegatives, forKey: .falseNegatives)
        try c.encode(precision, forKey: .precision)
        try c.encode(recall, forKey: .recall)
    }
}

extension Example: Encodable {
    private enum Keys: String, CodingKey { case location, type, detail }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(location, forKey: .location)
        try c.encode(type, forKey: .type)
        try c.encode(detail, forKey: .detail)
    }
}
