import Dispatch
import Foundation

/// One weighed line–record pair.
struct ScoredPair {
    let record: Int32
    let pattern: Pattern
    /// Match weight in bits against "nobody registered": prior + field weights + term-frequency adjustment.
    let weight: Double
    /// The term-frequency adjustment on the name, in bits (included in `weight`).
    let tfAdjustment: Double
    let rule: CandidateIndex.Rule
    /// The probability that the line pays this record, given all the line's candidates.
    var probability: Double = 0
    /// The line's code or citizen ID is the record's.
    var isPointer: Bool { pattern[.code] == Level.Code.exact || pattern[.idNumber] == Level.ID.exact }
}

/// What the probabilistic matcher decided for one line, with the pairs behind it (the match or
/// conflict, or the review candidates, best first).
struct ScoredDecision {
    var decision: LineDecision
    var pairs: [ScoredPair]
}

/// The Fellegi–Sunter engine: blocking (`CandidateIndex`), field levels (`MatchData.compare`),
/// weights estimated from the data (`FellegiSunterModel`: u from random pairs, m and λ by EM)
/// with term-frequency adjustment on names — on the fuzzy levels too, by the given name — and a
/// one-to-one pass per district.
///
/// A line is a match when its best candidate's probability (among all its candidates and
/// "nobody registered") reaches `matchProbability` and the names agree at some level. A line
/// whose code or citizen ID points to a record it does not match is an identity conflict; a line
/// with a candidate above `reviewProbability` goes to review; the rest are unregistered.
struct ProbabilisticMatcher {
    struct Settings {
        var maxEdits = 2
        var matchProbability = 0.99
        var reviewProbability = 0.01
        /// Random pairs drawn to estimate u.
        var uSamples = 400_000
        /// How many lines, at most, are compared with every record of their commune and birth
        /// year for EM (all lines of a province-sized month; every k-th beyond).
        var trainingLines = 20_000
        var tfLimit = 5.0
    }

    let data: MatchData
    private(set) var index: CandidateIndex
    let settings: Settings
    private(set) var model = FellegiSunterModel()
    /// Σ p² over whole names and over given names of the registry: the chance two random
    /// records share one; the base of the term-frequency adjustment.
    private let nameAgreement: Double
    private let givenAgreement: Double

    init(data: MatchData, settings: Settings) {
        self.data = data
        index = CandidateIndex(data)
        self.settings = settings
        let n = Double(max(data.records.count, 1))
        nameAgreement = data.nameCount.reduce(0) { $0 + pow(Double($1) / n, 2) }
        givenAgreement = data.givenCount.reduce(0) { $0 + pow(Double($1) / n, 2) }
    }

    /// Frees the blocking index once every line is decided (pairs are weighed again without it).
    mutating func releaseIndex() { index = CandidateIndex(MatchData()) }

    // MARK: Training

    /// Estimates u from random pairs, then m by EM in three sessions, as Splink trains, each
    /// leaving out the fields its pairs were blocked on: pairs sharing a code (m of ID, name,
    /// birth, place); pairs sharing folded name and full birth date (m of code, ID, place: people
    /// paid without a code teach how often a true pair sits in another commune); and, for up to
    /// `trainingLines` lines, the records of their commune and birth year (m of code, name, and of
    /// the birth levels within one year: same date, swapped, year only, other date). Then π, the
    /// share of lines paying someone not registered, by EM over the same lines' candidates.
    mutating func train() {
        let lines = data.lines.count, records = data.records.count
        guard lines > 0, records > 0 else { return }
        // u: random pairs, from a fixed seed (the same data gives the same model).
        // A small data set is compared pair by pair instead.
        var rng = SplitMix64(seed: 0x616e_7369_6e68)
        let every = lines * records <= settings.uSamples
        let samples = every ? lines * records : settings.uSamples
        // The pairs drawn in turn, compared on every core: counts add up the same in any order.
        var pairs = [(Int32, Int32)]()
        pairs.reserveCapacity(samples)
        for k in 0..<samples {
            let (l, r) = every ? (k / records, k % records) : (Int(rng.next() % UInt64(lines)), Int(rng.next() % UInt64(records)))
            pairs.append((Int32(l), Int32(r)))
        }
        let parts = Self.chunks(samples)
        // Taken out of `self` (inout here): the closure would otherwise copy the columns per pair.
        let data = self.data, maxEdits = settings.maxEdits
        // Per part, one flat row of 16 counts per field (a level is 4 bits of the pattern):
        // no nested array to check for uniqueness per pair.
        let fields = MatchField.allCases
        var partial = [[Int]](repeating: [], count: parts.count)
        partial.withUnsafeMutableBufferPointer { out in
            DispatchQueue.concurrentPerform(iterations: parts.count) { c in
                var flat = [Int](repeating: 0, count: fields.count * 16)
                flat.withUnsafeMutableBufferPointer { counts in
                    for k in parts[c] {
                        let p = data.compare(line: Int(pairs[k].0), record: Int(pairs[k].1), maxEdits: maxEdits)
                        for f in fields { counts[f.rawValue * 16 + Int(p[f])] += 1 }
                    }
                }
                out[c] = flat
            }
        }
        var counts = fields.map { [Int](repeating: 0, count: $0.levels.count) }
        for part in partial { for f in counts.indices { for level in counts[f].indices { counts[f][level] += part[f * 16 + level] } } }
        model.setU(counts: counts)
        let training = trainingPatterns()
        let byCode: [MatchField] = [.idNumber, .name, .birth, .place]
        let byCommune: [MatchField] = [.code, .name, .birth]
        let a = model.estimated(patterns: training.byCode, fields: byCode)
        let byDate: [MatchField] = [.code, .idNumber, .place]
        let b = model.estimated(patterns: training.byCommuneYear, fields: byCommune, within: [.birth: Self.sameYear])
        let c = model.estimated(patterns: training.byNameDate, fields: byDate)
        model.combine([(a.m, byCode, a.iterations, [:]), (b.m, byCommune, b.iterations, [.birth: Self.sameYear]),
                       (c.m, byDate, c.iterations, [:])])
        model.setPrior(nobody: estimateNobody(), records: records)
    }

    /// π by EM over the lines sampled for training: each line pays one of its candidates or
    /// nobody registered, P(nobody | line) = π / (π + λ Σ 2^w), w without the prior; π is
    /// the mean of that over the lines, until it settles.
    private func estimateNobody() -> Double {
        let chunks = Self.chunks(data.lines.count)
        let stride = max(1, (data.lines.count + settings.trainingLines - 1) / max(settings.trainingLines, 1))
        let prior = model.priorWeight
        var partial = [[Double]](repeating: [], count: chunks.count)
        partial.withUnsafeMutableBufferPointer { out in
            DispatchQueue.concurrentPerform(iterations: chunks.count) { c in
                var sums: [Double] = []
                var pairs: [ScoredPair] = []
                for l in chunks[c] where l % stride == 0 {
                    pairs.removeAll(keepingCapacity: true)
                    score(l, excluded: [], into: &pairs) { index.firstRound(data, line: l, $0) }
                    score(l, excluded: [], into: &pairs) { index.secondRound(data, line: l, $0) }
                    sums.append(pairs.reduce(0) { $0 + exp2($1.weight - prior) })
                }
                out[c] = sums
            }
        }
        let sums = partial.flatMap { $0 }
        guard !sums.isEmpty else { return 0.01 }
        let records = Double(data.records.count)
        var nobody = 0.01
        for _ in 0..<200 {
            let lambda = (1 - nobody) / records
            let next = sums.reduce(0) { $0 + nobody / (nobody + lambda * $1) } / Double(sums.count)
            if abs(next - nobody) < 1e-9 { nobody = next; break }
            nobody = next
        }
        return nobody
    }

    /// The birth levels of two people born the same year.
    static let sameYear: [UInt8] = [Level.Birth.sameDate, Level.Birth.swapped, Level.Birth.sameYear, Level.Birth.sameYearOtherDate]

    private struct Training {
        var byCode: [UInt32: Int] = [:], byNameDate: [UInt32: Int] = [:], byCommuneYear: [UInt32: Int] = [:]
        var sampled = 0
    }

    /// Pattern counts of the three training sessions, and how many lines the third sampled.
    private func trainingPatterns() -> Training {
        let chunks = Self.chunks(data.lines.count)
        let stride = max(1, (data.lines.count + settings.trainingLines - 1) / max(settings.trainingLines, 1))
        var partial = [Training](repeating: Training(), count: chunks.count)
        partial.withUnsafeMutableBufferPointer { out in
            DispatchQueue.concurrentPerform(iterations: chunks.count) { c in
                var t = Training()
                for l in chunks[c] {
                    index.codeBlock(data, line: l) { r in
                        t.byCode[data.compare(line: l, record: Int(r), maxEdits: settings.maxEdits).weighedBits, default: 0] += 1
                    }
                    index.nameDayBlock(data, line: l) { r in
                        t.byNameDate[data.compare(line: l, record: Int(r), maxEdits: settings.maxEdits).weighedBits, default: 0] += 1
                    }
                    guard l % stride == 0, data.lines.commune[l] >= 0, data.lines.year[l] != 0 else { continue }
                    t.sampled += 1
                    index.communeYearBlock(data, line: l) { r in
                        t.byCommuneYear[data.compare(line: l, record: Int(r), maxEdits: settings.maxEdits).weighedBits, default: 0] += 1
                    }
                }
                out[c] = t
            }
        }
        return partial.reduce(into: Training()) { total, part in
            total.byCode.merge(part.byCode, uniquingKeysWith: +)
            total.byNameDate.merge(part.byNameDate, uniquingKeysWith: +)
            total.byCommuneYear.merge(part.byCommuneYear, uniquingKeysWith: +)
            total.sampled += part.sampled
        }
    }

    // MARK: Deciding

    /// How much work deciding took: lines, lines that needed the wider keys, pairs weighed.
    struct Stats: CustomStringConvertible {
        var lines = 0, secondRound = 0, pairs = 0
        var description: String { "\(lines) lines, \(secondRound) with the wider keys, \(pairs) pairs weighed" }
        static func + (a: Stats, b: Stats) -> Stats {
            Stats(lines: a.lines + b.lines, secondRound: a.secondRound + b.secondRound, pairs: a.pairs + b.pairs)
        }
    }

    /// Decides every line, packed; `excluded[l]` are records an analyst ruled out for line l.
    func decideAll(excluded: [Int: Set<Int>], stats: inout Stats) -> LineOutcomes {
        let chunks = Self.chunks(data.lines.count)
        var outcomes = LineOutcomes(count: data.lines.count)
        var partial = [([(Int, [ScoredPair])], Stats)](repeating: ([], Stats()), count: chunks.count)
        outcomes.withSlots { slots in
            partial.withUnsafeMutableBufferPointer { out in
                DispatchQueue.concurrentPerform(iterations: chunks.count) { c in
                    var reviews: [(Int, [ScoredPair])] = []
                    var counts = Stats()
                    for l in chunks[c] {
                        if let pairs = slots.store(l, decide(line: l, excluded: excluded[l] ?? [], stats: &counts)) { reviews.append((l, pairs)) }
                    }
                    out[c] = (reviews, counts)
                }
            }
        }
        for (reviews, _) in partial { for (l, pairs) in reviews { outcomes.keepReview(l, pairs) } }
        stats = partial.reduce(Stats()) { $0 + $1.1 }
        oneToOne(&outcomes)
        return outcomes
    }

    /// The weighed pairs of line `l` against the records `visit` proposes.
    private func score(_ l: Int, excluded: Set<Int>, into pairs: inout [ScoredPair],
                       _ propose: ((Int32, CandidateIndex.Rule) -> Void) -> Void) {
        // The records already weighed: a scan while they are few, a set once the wider keys
        // bring many (a commune's birth year holds hundreds; scanning made it quadratic).
        var seen = Set<Int32>()
        propose { r, rule in
            if pairs.count < Self.scanLimit {
                guard !pairs.contains(where: { $0.record == r }) else { return }
            } else {
                if seen.isEmpty { seen = Set(pairs.lazy.map(\.record)) }
                guard !seen.contains(r) else { return }
            }
            guard !excluded.contains(Int(r)) else { return }
            let pattern = data.compare(line: l, record: Int(r), maxEdits: settings.maxEdits)
            let tf = tfAdjustment(pattern, record: Int(r), line: l)
            pairs.append(ScoredPair(record: r, pattern: pattern, weight: model.weight(pattern) + tf, tfAdjustment: tf, rule: rule))
            if !seen.isEmpty { seen.insert(r) }
        }
    }

    /// Up to this many pairs, a line's candidates are checked for repeats by scanning them.
    private static let scanLimit = 32

    /// Term frequency: an agreeing name weighs more when it is rare in the registry and less when
    /// common — the whole name on the exact levels, the given name on the fuzzy levels that keep
    /// it (variant family name, dropped middle name, reordered, initials). A typing slip gets
    /// none: which of the two spellings is the person's is not known.
    /// Bounded to ±`tfLimit` bits so that a handful of records cannot swing a decision alone.
    @inline(__always)
    func tfAdjustment(_ p: Pattern, record r: Int, line l: Int) -> Double {
        let level = p[.name]
        let n = Double(data.records.count)
        let name = Int(data.records.name[r])
        let adjustment: Double
        switch level {
        case Level.Name.exact, Level.Name.folded:
            adjustment = log2(nameAgreement * n / Double(max(data.nameCount[name], 1)))
        case Level.Name.familyVariant, Level.Name.reordered, Level.Name.droppedMiddle, Level.Name.initials:
            let given = Int(data.given[name])
            guard data.given[Int(data.lines.name[l])] == Int32(given) else { return 0 }
            adjustment = log2(givenAgreement * n / Double(max(data.givenCount[given], 1)))
        default:
            return 0
        }
        return min(max(adjustment, -settings.tfLimit), settings.tfLimit)
    }

    /// The weighed pair of line `l` and record `r`, whether or not blocking proposed it (an
    /// analyst's decision).
    func pair(line l: Int, record r: Int, rule: CandidateIndex.Rule) -> ScoredPair {
        let pattern = data.compare(line: l, record: r, maxEdits: settings.maxEdits)
        let tf = tfAdjustment(pattern, record: r, line: l)
        return ScoredPair(record: Int32(r), pattern: pattern, weight: model.weight(pattern) + tf, tfAdjustment: tf, rule: rule)
    }

    func decide(line l: Int, excluded: Set<Int>, stats: inout Stats) -> ScoredDecision {
        let decision = weigh(line: l, excluded: excluded, stats: &stats)
        return pointerConflict(l, decision) ?? decision
    }

    /// A line matched to one record while its code (in its own district — codes repeat across
    /// districts) or its citizen ID is another record's, whose name does not agree: someone
    /// else's code or ID on the line, an IDENTITY_CONFLICT whatever the match.
    private func pointerConflict(_ l: Int, _ decided: ScoredDecision) -> ScoredDecision? {
        guard case .match(let record, _) = decided.decision else { return nil }
        let district = data.lines.district[l]
        // Where the match itself carries the line's code (or ID), that pointer is answered.
        let matched = decided.pairs.first?.pattern
        var kinds: [CandidateIndex.Rule] = []
        if data.lines.code[l] >= 0 && matched?[.code] != Level.Code.exact { kinds.append(.code) }
        if data.lines.id[l] >= 0 && matched?[.idNumber] != Level.ID.exact { kinds.append(.idNumber) }
        for kind in kinds {
            var conflict: Int?
            let visit: (Int32) -> Void = { r in
                guard conflict == nil, Int(r) != record else { return }
                if kind == .code && self.data.records.district[Int(r)] != district { return }
                let pattern = self.data.compare(line: l, record: Int(r), maxEdits: self.settings.maxEdits)
                if pattern[.name] == Level.Name.different { conflict = Int(r) }
            }
            if kind == .code { index.codeBlock(data, line: l, visit) } else { index.idBlock(data, line: l, visit) }
            if let conflict {
                let pair = self.pair(line: l, record: conflict, rule: kind)
                return ScoredDecision(decision: .conflict(record: conflict, rule: kind.label, why: ""), pairs: [pair])
            }
        }
        return nil
    }

    /// The engine's decision, before the pointer check.
    private func weigh(line l: Int, excluded: Set<Int>, stats: inout Stats) -> ScoredDecision {
        var pairs: [ScoredPair] = []
        stats.lines += 1
        score(l, excluded: excluded, into: &pairs) { index.firstRound(data, line: l, $0) }
        Self.share(&pairs)
        if let local = ownDistrict(l, pairs) { stats.pairs += pairs.count; return local }
        if confident(pairs) == nil {
            stats.secondRound += 1
            score(l, excluded: excluded, into: &pairs) { index.secondRound(data, line: l, $0) }
            Self.share(&pairs)
            stats.pairs += pairs.count
            if let local = ownDistrict(l, pairs) { return local }
        } else {
            stats.pairs += pairs.count
        }
        return classify(l, pairs)
    }

    /// A district pays its own people: a line whose best candidate in its own district is a
    /// match among that district's candidates is that record — unless another district's
    /// record is pointed to by the line's code or ID and the local one is not.
    private func ownDistrict(_ l: Int, _ pairs: [ScoredPair]) -> ScoredDecision? {
        let district = data.lines.district[l]
        var local = pairs.filter { data.records.district[Int($0.record)] == district }
        guard !local.isEmpty, local.count < pairs.count else { return nil }
        Self.share(&local)
        guard let best = confident(local) else { return nil }
        if !best.isPointer, pairs.contains(where: { $0.isPointer && data.records.district[Int($0.record)] != district }) { return nil }
        return ScoredDecision(decision: .match(record: Int(best.record), rule: best.rule.label), pairs: [best] + local.dropFirst().prefix(2))
    }

    /// Sorts the candidates best first and gives each its probability among them all and
    /// "nobody registered": 2^w / (1 + Σ 2^w).
    static func share(_ pairs: inout [ScoredPair]) {
        guard !pairs.isEmpty else { return }
        if pairs.count > 1 { pairs.sort { $0.weight != $1.weight ? $0.weight > $1.weight : $0.record < $1.record } }
        // Scaled by the best weight so that 2^w never overflows.
        let top = max(pairs[0].weight, 0)
        let total = exp2(-top) + pairs.reduce(0) { $0 + exp2($1.weight - top) }
        for k in pairs.indices { pairs[k].probability = exp2(pairs[k].weight - top) / total }
    }

    /// The best pair when it is a match on its own: probable enough and `acceptable`.
    private func confident(_ pairs: [ScoredPair]) -> ScoredPair? {
        guard let best = pairs.first, best.probability >= settings.matchProbability, Self.acceptable(best) else { return nil }
        return best
    }

    /// The guards no score overrides: the names agree at some level, and a name a typing slip
    /// away is accepted only with the full birth date or with the line's code or citizen ID —
    /// with a birth year alone, a misspelt name is a case for an analyst, however probable,
    /// so that the decision does not turn on the size of the registry.
    static func acceptable(_ pair: ScoredPair) -> Bool {
        let name = pair.pattern[.name]
        guard name != Level.Name.different else { return false }
        // A code or ID that points to a record, with a name that agrees only loosely (a middle
        // name, initials, a typing slip) and another birth year, shows another person: an
        // identity conflict, however much the code weighs. ("Trần Thị Kim Quỳnh", 1967, under
        // the code of Trần Thị Quỳnh, 1954.)
        if pair.isPointer, pair.pattern[.birth] == Level.Birth.different, name >= Level.Name.droppedMiddle { return false }
        if name == Level.Name.oneEdit || name == Level.Name.twoEdits {
            return pair.pattern[.birth] == Level.Birth.sameDate || pair.isPointer
        }
        return true
    }

    private func classify(_ l: Int, _ pairs: [ScoredPair]) -> ScoredDecision {
        if let best = confident(pairs) {
            return ScoredDecision(decision: .match(record: Int(best.record), rule: best.rule.label), pairs: pairs.count > 1 ? [best] + pairs.dropFirst().prefix(2) : [best])
        }
        let district = data.lines.district[l]
        let pointers = pairs.filter(\.isPointer)
        if let pointer = pointers.first(where: { data.records.district[Int($0.record)] == district }) {
            return ScoredDecision(decision: .conflict(record: Int(pointer.record), rule: pointer.rule.label, why: ""), pairs: [pointer])
        }
        // An analyst is shown people whose name agrees at some level and whose birth year is
        // the same (or unknown); anyone else is nobody's candidate but a pointer's (a conflict,
        // above).
        let plausible = pairs.filter {
            $0.probability >= settings.reviewProbability && $0.pattern.namesAgree
                && $0.pattern[.birth] != Level.Birth.different && $0.pattern[.birth] != Level.Birth.yearApart
        }
        if !plausible.isEmpty {
            let shown = Array(plausible.prefix(5))
            return ScoredDecision(decision: .review(candidates: shown.map { Int($0.record) }, why: ""), pairs: shown)
        }
        if let pointer = pointers.first {
            return ScoredDecision(decision: .conflict(record: Int(pointer.record), rule: pointer.rule.label, why: ""), pairs: [pointer])
        }
        return ScoredDecision(decision: .unmatched, pairs: Array(pairs.prefix(1)))
    }

    /// One-to-one: a line for review whose rival candidates are paid by lines that matched them
    /// with more weight is decided among the candidates left — a match if the best of them is
    /// now probable enough.
    private func oneToOne(_ outcomes: inout LineOutcomes) {
        guard !outcomes.reviews.isEmpty else { return }
        // Only the records review lines weigh can be claimed in a way that matters.
        var claimed: [Int32: Double] = [:]
        for pairs in outcomes.reviews.values { for pair in pairs { claimed[pair.record] = -.infinity } }
        var claimedAtAll = Set<Int32>()
        for l in 0..<outcomes.count where outcomes.kind(l) == .match {
            let record = outcomes.record[l]
            guard let held = claimed[record] else { continue }
            claimed[record] = max(held, pair(line: l, record: Int(record), rule: outcomes.pairRule(l)).weight)
            claimedAtAll.insert(record)
        }
        for l in outcomes.reviews.keys.sorted() {
            guard let pairs = outcomes.reviews[l] else { continue }
            var free = pairs.filter { pair in claimedAtAll.contains(pair.record) ? (claimed[pair.record] ?? -.infinity) <= pair.weight : true }
            guard !free.isEmpty, free.count < pairs.count else { continue }
            Self.share(&free)
            guard let best = confident(free) else { continue }
            outcomes.setMatch(Int(l), best, origin: .oneToOne)
        }
    }

    /// At most this many parts: `LineRowsWriter` attaches one scratch database per part, and
    /// SQLite attaches at most 10 by default (SQLITE_MAX_ATTACHED).
    static let maxParts = 8

    /// Contiguous ranges of lines, one per core (at least one).
    static func chunks(_ n: Int) -> [Range<Int>] {
        let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, maxParts, n / 1000 + 1))
        let size = (n + parts - 1) / max(parts, 1)
        return (0..<parts).map { $0 * size..<min(n, ($0 + 1) * size) }.filter { !$0.isEmpty }
    }
}

/// A small seeded generator (SplitMix64), so that u is estimated from the same pairs each run.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
