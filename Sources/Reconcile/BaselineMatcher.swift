/// The simple deterministic baseline the accuracy harness compares against: exact code, else
/// exact citizen ID, else exact folded name with birth year in the same commune — no identity
/// check, no review, the first candidate wins.
struct BaselineMatcher: Matcher {
    let records: [RegistryRecord]
    private var byCode: [String: Int] = [:]
    private var byID: [String: Int] = [:]
    private var byNameYearCommune: [String: Int] = [:]

    init(records: [RegistryRecord]) {
        self.records = records
        for (i, r) in records.enumerated() {
            if byCode[r.code] == nil { byCode[r.code] = i }
            if let id = r.idNumber, byID[id] == nil { byID[id] = i }
            let key = Self.key(r.nameKey, r.birthYear, r.communeCode)
            if byNameYearCommune[key] == nil { byNameYearCommune[key] = i }
        }
    }

    static func key(_ name: String, _ year: Int?, _ commune: String?) -> String {
        "\(name)|\(year.map(String.init) ?? "")|\(commune ?? "")"
    }

    func decide(_ line: PaymentLine) -> LineDecision {
        if let code = line.code, let i = byCode[code] { return .match(record: i, rule: "code") }
        if let id = line.idNumber, let i = byID[id] { return .match(record: i, rule: "citizen ID") }
        if let i = byNameYearCommune[Self.key(line.nameKey, line.birthYear, line.communeCode)] {
            return .match(record: i, rule: "name, birth year and commune")
        }
        return .unmatched
    }
}

/// Decides each payment line of a period.
protocol Matcher {
    func decide(_ line: PaymentLine) -> LineDecision
    /// The same, never proposing records an analyst ruled out for this line.
    func decide(_ line: PaymentLine, excluding: Set<Int>) -> LineDecision
}

extension Matcher {
    func decide(_ line: PaymentLine, excluding: Set<Int>) -> LineDecision { decide(line) }
}

/// Which matcher reconciles.
public enum MatcherKind: String, CaseIterable, Sendable {
    /// Fellegi–Sunter weights estimated from the data (EM), term frequencies, one-to-one (the default).
    case probabilistic
    /// Code, citizen ID, then name with birth and commune, own district first, with identity
    /// checks and a review queue: the rules of the first release, kept for comparison.
    case deterministic
    /// Exact keys only, first candidate wins: the baseline of the accuracy harness.
    case baseline
}
