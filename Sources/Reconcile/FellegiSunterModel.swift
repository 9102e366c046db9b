import Foundation

/// A Fellegi–Sunter model of the fields of `MatchField`: for each field level, m (how often a
/// true pair shows it) and u (how often two unrelated people show it); u is estimated from
/// random line–record pairs, m by expectation–maximisation over blocked pairs (u held fixed,
/// the blocking fields left out), as Splink does. "Missing" levels weigh nothing.
///
/// The prior is per line, not per pair: a payment line pays someone not in the registry with
/// probability π ("nobody"), else one of the R records, each with λ = (1-π)/R. A pair's match
/// weight is log2(λ/π) plus the sum of log2(m/u) of its levels (and the name's term-frequency
/// adjustment); a line's candidates then share the probability: P(record c) = 2^w_c / (1 + Σ 2^w).
/// Two equally good namesakes get one half each, without a separate margin rule.
public struct FellegiSunterModel: Sendable {
    /// m[field][level] and u[field][level].
    public internal(set) var m: [[Double]]
    public internal(set) var u: [[Double]]
    /// Probability that a line pays one given record: (1-π)/R.
    public internal(set) var lambda: Double
    /// π: probability that a line pays someone not in the registry.
    public internal(set) var nobody: Double = 0.01
    /// EM iterations run and whether they converged.
    public internal(set) var iterations = 0
    /// log2(m/u) per field and level, cached.
    private(set) var weights: [[Double]] = []

    static let weighedFields = MatchField.allCases.filter(\.weighed)

    init() {
        m = MatchField.allCases.map { Self.startingM($0) }
        u = MatchField.allCases.map { [Double](repeating: 1 / Double($0.levels.count - 1), count: $0.levels.count) }
        lambda = 1e-6
        refresh()
    }

    /// What the department expects of a true pair before seeing any data, level by level: the
    /// start of EM, and a prior worth `priorPairs` pairs that the data outweighs as it grows —
    /// so that a district of ten records still gets sensible weights.
    static func startingM(_ field: MatchField) -> [Double] {
        switch field {
        case .code: return [0, 0.95, 0.05]
        case .idNumber: return [0, 0.9, 0.01, 0.01, 0.02, 0.05, 0.01]
        case .name: return [0, 0.6, 0.3, 0.01, 0.01, 0.01, 0.005, 0.03, 0.01, 0.025]
        case .birth: return [0, 0.6, 0.005, 0.35, 0.01, 0.01, 0.025]
        case .place: return [0, 0.95, 0.02, 0.02, 0.01]
        case .amount: return [0, 0.9, 0.1]
        }
    }

    /// How many pairs the expected m is worth against the data's.
    static let priorPairs = 20.0

    /// The weight of one field level (0 for "missing" and for fields that do not weigh).
    @inline(__always)
    public func weight(_ field: MatchField, _ level: UInt8) -> Double { weights[field.rawValue][Int(level)] }

    /// log2(λ/π): the weight of a pair before any field is compared.
    public var priorWeight: Double { log2(lambda / nobody) }

    /// The pair's match weight from its levels (without term-frequency adjustment).
    @inline(__always)
    func weight(_ p: Pattern) -> Double {
        var w = priorWeight
        for f in Self.weighedFields { w += weights[f.rawValue][Int(p[f])] }
        return w
    }

    /// 1/(1 + 2^-w).
    public static func probability(_ weight: Double) -> Double { 1 / (1 + exp2(-weight)) }

    mutating func refresh() {
        weights = MatchField.allCases.map { field in
            (0..<field.levels.count).map { level in
                guard field.weighed, level > 0 else { return 0 }
                return log2(m[field.rawValue][level] / u[field.rawValue][level])
            }
        }
    }

    /// u from level counts over random pairs, with a prior worth `priorPairs × 50` pairs: how
    /// often two unrelated people of a province agree (Quảng Bình's 2023 registry). A province's
    /// month outweighs it by far; a hand-written file of ten records does not, and gets
    /// province-like weights instead of ones learnt from a dozen pairs.
    mutating func setU(counts: [[Int]]) {
        let strength = Self.priorPairs * 50
        for field in MatchField.allCases {
            let c = counts[field.rawValue]
            let seen = Double(c.dropFirst().reduce(0, +))
            let expected = Self.expectedU(field)
            u[field.rawValue] = c.enumerated().map { $0.offset == 0 ? 0 : (Double($0.element) + strength * expected[$0.offset]) / (seen + strength) }
        }
        refresh()
    }

    /// How often two unrelated people of the province show each level.
    static func expectedU(_ field: MatchField) -> [Double] {
        switch field {
        case .code: return [0, 2e-5, 1 - 2e-5]
        case .idNumber: return [0, 5e-6, 5e-6, 1e-5, 0.99898, 0.0002, 0.0008]
        case .name: return [0, 2e-4, 2e-4, 1e-5, 5e-6, 8e-5, 2.5e-6, 8e-4, 4e-3, 0.9947]
        case .birth: return [0, 3e-5, 1e-5, 0.0096, 0.0043, 0.028, 0.95796]
        case .place: return [0, 0.008, 0.13, 0.002, 0.86]
        case .amount: return [0, 0.3, 0.7]
        }
    }

    /// EM over blocked pairs' patterns (counted), with u fixed, on the `fields` not used to
    /// block them (a blocked field agrees by construction and says nothing): m of those fields
    /// and the share of true pairs among the pairs. The model itself is not changed.
    ///
    /// A field the blocking fixes only in part (`within`: the birth year, when pairs share it)
    /// is estimated among the levels it can still take, with m and u conditioned on them; its
    /// m comes back conditional (summing to 1 over those levels).
    func estimated(patterns: [UInt32: Int], fields: [MatchField], within: [MatchField: [UInt8]] = [:],
                   maxIterations: Int = 100) -> (m: [[Double]], share: Double, iterations: Int) {
        var m = self.m
        var u = self.u
        for (field, levels) in within {
            let mTotal = levels.reduce(0) { $0 + m[field.rawValue][Int($1)] }
            let uTotal = levels.reduce(0) { $0 + u[field.rawValue][Int($1)] }
            for level in 1..<field.levels.count {
                let kept = levels.contains(UInt8(level))
                m[field.rawValue][level] = kept ? m[field.rawValue][level] / mTotal : 1e-12
                u[field.rawValue][level] = kept ? u[field.rawValue][level] / uTotal : 1e-12
            }
        }
        // In key order: a dictionary's order changes from process to process, and sums of doubles
        // with it — the same data must give the same model to the last bit.
        let items = patterns.sorted { $0.key < $1.key }.map { (Pattern(bits: $0.key), Double($0.value)) }
        let total = items.reduce(0) { $0 + $1.1 }
        guard total > 0 else { return (m, 0, 0) }
        var share = 0.5
        var iterations = 0
        for iteration in 1...maxIterations {
            var mCounts = MatchField.allCases.map { [Double](repeating: 0, count: $0.levels.count) }
            var matched = 0.0
            for (pattern, count) in items {
                var logM = 0.0, logU = 0.0
                for f in fields {
                    let level = Int(pattern[f])
                    guard level > 0 else { continue }
                    logM += log(m[f.rawValue][level]); logU += log(u[f.rawValue][level])
                }
                let a = share * exp(logM), b = (1 - share) * exp(logU)
                let posterior = a + b > 0 ? a / (a + b) : 0
                let weight = posterior * count
                matched += weight
                for f in fields { mCounts[f.rawValue][Int(pattern[f])] += weight }
            }
            var change = abs(matched / total - share)
            share = min(max(matched / total, 1e-9), 1 - 1e-9)
            for f in fields {
                let c = mCounts[f.rawValue]
                let allowed = within[f]
                let seen = c.dropFirst().reduce(0, +)
                // The expected m as a prior worth `priorPairs` pairs (restricted to the levels the
                // blocking leaves): a level no match showed keeps a small m, a small data set
                // keeps sensible weights.
                var expected = Self.startingM(f)
                if let allowed {
                    let total = allowed.reduce(0) { $0 + expected[Int($1)] }
                    expected = expected.enumerated().map { allowed.contains(UInt8($0.offset)) ? $0.element / total : 0 }
                }
                let updated = c.enumerated().map { level, count -> Double in
                    if level == 0 { return 0 }
                    if let allowed, !allowed.contains(UInt8(level)) { return 1e-12 }
                    return (count + Self.priorPairs * expected[level]) / (seen + Self.priorPairs)
                }
                for (old, new) in zip(m[f.rawValue], updated) { change = max(change, abs(old - new)) }
                m[f.rawValue] = updated
            }
            iterations = iteration
            if change < 1e-7 { break }
        }
        return (m, share, iterations)
    }

    /// Sets m of each field to the mean of the sessions that estimated it (Splink's way). A
    /// session that saw a field only `within` some levels contributes its conditional m there,
    /// scaled to the share those levels have in the other sessions.
    mutating func combine(_ sessions: [(m: [[Double]], fields: [MatchField], iterations: Int, within: [MatchField: [UInt8]])]) {
        for field in MatchField.allCases {
            let f = field.rawValue
            let full = sessions.filter { $0.fields.contains(field) && $0.within[field] == nil }
            let partial = sessions.filter { $0.fields.contains(field) && $0.within[field] != nil }
            guard !full.isEmpty || !partial.isEmpty else { continue }
            var combined = full.isEmpty ? m[f] : (0..<field.levels.count).map { level in
                full.reduce(0) { $0 + $1.m[f][level] } / Double(full.count)
            }
            for session in partial {
                guard let levels = session.within[field] else { continue }
                let share = levels.reduce(0) { $0 + combined[Int($1)] }
                for level in levels {
                    let i = Int(level)
                    combined[i] = full.isEmpty ? session.m[f][i] * share : (combined[i] + session.m[f][i] * share) / 2
                }
            }
            m[f] = combined
        }
        iterations = sessions.reduce(0) { $0 + $1.iterations }
        refresh()
    }

    /// Sets π and λ = (1-π)/R.
    mutating func setPrior(nobody: Double, records: Int) {
        self.nobody = min(max(nobody, 0.001), 0.5)
        lambda = (1 - self.nobody) / Double(max(records, 1))
        refresh()
    }
}

extension Pattern {
    init(bits: UInt32) { self.init(); self.bits = bits }
}
