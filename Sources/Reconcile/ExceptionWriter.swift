import Warehouse

/// Writes matches, exceptions and explanations of one period as they are decided, with prepared
/// statements inside the stage's transaction, reading the rows' strings from `MatchData`'s
/// tables: memory stays proportional to the registry, not to the rows written.
final class ExceptionWriter {
    let period: String
    let data: MatchData
    private let insertMatch: Statement
    private let insertException: Statement
    private let insertExplanation: Statement
    private(set) var counts: [String: Int] = [:]

    init(db: Database, period: String, data: MatchData) throws {
        self.period = period
        self.data = data
        insertMatch = try db.prepare("INSERT INTO recon_matches(period, source_file, source_line, district_code, beneficiary_id, rule, decision, score, detail, record_file, record_line, match_weight) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")
        insertException = try db.prepare("INSERT INTO recon_exceptions(period, district_code, exception_type, beneficiary_id, source_file, source_line, amount_at_risk, detail, reason_vi) VALUES (?,?,?,?,?,?,?,?,?)")
        insertExplanation = try db.prepare("INSERT INTO recon_pairs(period, source_file, source_line, beneficiary_id, decision, record_file, record_line, code, id_number, name, birth, commune, amount, match_weight, probability, tf_adjustment, rule) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
    }

    /// Line `l`'s row of `recon_matches`; with the pair the model scored, `score` is the
    /// probability that the line pays the record (among all its candidates) and `match_weight`
    /// the pair's weight in bits.
    func match(line l: Int, record r: Int?, rule: String, decision: String, detail: String? = nil, scored: ScoredPair? = nil) throws {
        let s = insertMatch
        try s.bind(text: period, at: 1); try s.bind(text: data.fileName(line: l), at: 2); try s.bind(integer: Int64(data.lines.line[l]), at: 3)
        try s.bind(text: data.districtCode(line: l), at: 4); try s.bind(text: r.map { data.code(record: $0) }, at: 5); try s.bind(text: rule, at: 6)
        try s.bind(text: decision, at: 7); try s.bind(real: scored?.probability, at: 8)
        try s.bind(text: detail, at: 9); try s.bind(text: r.map { data.fileName(record: $0) }, at: 10)
        try s.bind(integer: r.map { Int64(data.records.line[$0]) }, at: 11); try s.bind(real: scored?.weight, at: 12)
        try s.insert()
    }

    /// The field-by-field comparison of line `l` and record `r`, matched or weighed against it,
    /// with the pair's weight, probability and name term-frequency adjustment when a model scored it.
    func explain(line l: Int, record r: Int, decision: String, pattern: Pattern, scored: ScoredPair? = nil, rule: String? = nil) throws {
        let s = insertExplanation
        try s.bind(text: period, at: 1); try s.bind(text: data.fileName(line: l), at: 2); try s.bind(integer: Int64(data.lines.line[l]), at: 3)
        try s.bind(text: data.code(record: r), at: 4); try s.bind(text: decision, at: 5); try s.bind(text: data.fileName(record: r), at: 6)
        try s.bind(integer: Int64(data.records.line[r]), at: 7)
        try s.bind(text: pattern.label(.code), at: 8); try s.bind(text: pattern.label(.idNumber), at: 9)
        try s.bind(text: pattern.label(.name), at: 10); try s.bind(text: pattern.label(.birth), at: 11)
        try s.bind(text: pattern.label(.place), at: 12)
        try s.bind(text: pattern[.amount] == Level.Amount.missing ? nil : pattern.label(.amount), at: 13)
        try s.bind(real: scored?.weight, at: 14); try s.bind(real: scored?.probability, at: 15)
        try s.bind(real: scored?.tfAdjustment, at: 16); try s.bind(text: rule ?? scored?.rule.label, at: 17)
        try s.insert()
    }

    /// An exception of payment line `l` (and the record it points to).
    func exception(_ type: ExceptionType, line l: Int, record r: Int?, amount: Int64, detail: String, reasonVI: String) throws {
        counts[type.rawValue, default: 0] += 1
        try insertException.run([.text(period), .text(data.districtCode(line: l)), .text(type.rawValue), .text(r.map { data.code(record: $0) } ?? ""),
                                 .text(data.fileName(line: l)), .int(Int(data.lines.line[l])), .int64(amount), .text(detail), .text(reasonVI)])
    }

    /// An exception of registry record `r`.
    func recordException(_ type: ExceptionType, record r: Int, amount: Int64, detail: String, reasonVI: String) throws {
        counts[type.rawValue, default: 0] += 1
        try insertException.run([.text(period), .text(data.districtCode(record: r)), .text(type.rawValue), .text(data.code(record: r)),
                                 .text(data.fileName(record: r)), .int(Int(data.records.line[r])), .int64(amount), .text(detail), .text(reasonVI)])
    }
}
