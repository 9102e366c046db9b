/// The probabilistic matcher's decisions for every line of the period, packed: 15 bytes a line
/// instead of a `ScoredDecision` with its own array. A pair's levels, weight and term-frequency
/// adjustment are computed again when the line is written (the same arithmetic, the same bits);
/// only its probability (which depends on the line's other candidates) is kept. Review lines,
/// a few in ten thousand, keep their candidates whole.
struct LineOutcomes {
    enum Kind: UInt8 { case unmatched, match, conflict, review }

    /// Where a match's rule label comes from besides the pair's key.
    enum Origin: UInt8 { case engine, analyst, oneToOne }

    private(set) var kind: [UInt8]
    /// The match or conflict's record, an unmatched line's closest candidate; -1 none.
    private(set) var record: [Int32]
    /// The key that found the pair (`CandidateIndex.Rule`), and the match's origin in the high bits.
    private var rule: [UInt8]
    private(set) var probability: [Double]
    /// Review lines' candidates, best first.
    private(set) var reviews: [Int32: [ScoredPair]] = [:]

    init(count: Int) {
        kind = [UInt8](repeating: Kind.unmatched.rawValue, count: count)
        record = [Int32](repeating: -1, count: count)
        rule = [UInt8](repeating: 0, count: count)
        probability = [Double](repeating: 0, count: count)
    }

    var count: Int { kind.count }

    func kind(_ l: Int) -> Kind { Kind(rawValue: kind[l]) ?? .unmatched }
    func pairRule(_ l: Int) -> CandidateIndex.Rule { CandidateIndex.Rule(rawValue: rule[l] & 0x3F) ?? .code }
    func origin(_ l: Int) -> Origin { Origin(rawValue: rule[l] >> 6) ?? .engine }

    /// A slot per line for `store`, written by one thread per range of lines.
    struct Slots {
        let kind: UnsafeMutableBufferPointer<UInt8>, record: UnsafeMutableBufferPointer<Int32>
        let rule: UnsafeMutableBufferPointer<UInt8>, probability: UnsafeMutableBufferPointer<Double>

        /// Packs what the engine decided for line `l`; a review's candidates come back to be
        /// kept by the caller (one thread writes the dictionary).
        func store(_ l: Int, _ d: ScoredDecision) -> [ScoredPair]? {
            let best = d.pairs.first
            switch d.decision {
            case .match(let r, _):
                kind[l] = Kind.match.rawValue; record[l] = Int32(r)
            case .conflict(let r, _, _):
                kind[l] = Kind.conflict.rawValue; record[l] = Int32(r)
            case .review:
                kind[l] = Kind.review.rawValue; record[l] = best?.record ?? -1
                rule[l] = best?.rule.rawValue ?? 0; probability[l] = best?.probability ?? 0
                return d.pairs
            case .unmatched:
                kind[l] = Kind.unmatched.rawValue; record[l] = best?.record ?? -1
            }
            rule[l] = best?.rule.rawValue ?? 0
            probability[l] = best?.probability ?? 0
            return nil
        }
    }

    /// Runs `body` with slots over every line's storage.
    mutating func withSlots<R>(_ body: (Slots) -> R) -> R {
        kind.withUnsafeMutableBufferPointer { k in record.withUnsafeMutableBufferPointer { r in
            rule.withUnsafeMutableBufferPointer { u in probability.withUnsafeMutableBufferPointer { p in
                body(Slots(kind: k, record: r, rule: u, probability: p))
            } }
        } }
    }

    mutating func keepReview(_ l: Int, _ pairs: [ScoredPair]) { reviews[Int32(l)] = pairs }

    /// Line `l` becomes a match of `pair` by `origin` (an analyst's decision, one-to-one).
    mutating func setMatch(_ l: Int, _ pair: ScoredPair, origin: Origin) {
        kind[l] = Kind.match.rawValue
        record[l] = pair.record
        rule[l] = pair.rule.rawValue | origin.rawValue << 6
        probability[l] = pair.probability
        reviews[Int32(l)] = nil
    }

    /// Line `l`'s decision with its pairs, as the engine made it: the kept pair weighed again.
    func decision(_ l: Int, _ engine: ProbabilisticMatcher) -> ScoredDecision {
        let r = Int(record[l])
        let kind = kind(l)
        if kind == .review {
            let pairs = reviews[Int32(l)] ?? []
            return ScoredDecision(decision: .review(candidates: pairs.map { Int($0.record) }, why: ""), pairs: pairs)
        }
        if kind == .unmatched && r < 0 { return ScoredDecision(decision: .unmatched, pairs: []) }
        // Weighed again (no closure here: capturing the engine would copy its columns per line).
        var pair = engine.pair(line: l, record: r, rule: pairRule(l))
        pair.probability = probability[l]
        switch kind {
        case .match:
            let label: String
            switch origin(l) {
            case .engine: label = pairRule(l).label
            case .analyst: label = "analyst decision"
            case .oneToOne: label = "one-to-one: \(pairRule(l).label); the other candidates are paid by other lines"
            }
            return ScoredDecision(decision: .match(record: r, rule: label), pairs: [pair])
        case .conflict:
            return ScoredDecision(decision: .conflict(record: r, rule: pairRule(l).label, why: ""), pairs: [pair])
        case .review, .unmatched:
            return ScoredDecision(decision: .unmatched, pairs: [pair])
        }
    }
}
