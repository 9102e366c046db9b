import Warehouse

/// Writes matches, exceptions and explanations of one period as they are decided, with prepared
/// statements inside the stage's transaction, reading the rows' strings from `MatchData`'s
/// tables: memory stays proportional to the registry, not to the rows written. Rows go to
/// SQLite in batches (`BatchedInsert`): `flush` before the transaction ends.
final class ExceptionWriter {
    let period: String
    let data: MatchData
    private let insertMatch: BatchedInsert
    private let insertException: BatchedInsert
    private let insertExplanation: BatchedInsert
    private(set) var counts: [String: Int] = [:]

    init(db: Database, period: String, data: MatchData) throws {
        self.period = period
        self.data = data
        insertMatch = try BatchedInsert(db: db, "INSERT INTO recon_matches(period, source_file, source_line, district_code, beneficiary_id, rule, decision, score, detail, record_file, record_line, match_weight)", columns: 12)
        insertException = try BatchedInsert(db: db, "INSERT INTO recon_exceptions(period, district_code, exception_type, beneficiary_id, source_file, source_line, amount_at_risk, detail, reason_vi)", columns: 9)
        insertExplanation = try BatchedInsert(db: db, "INSERT INTO recon_pairs(period, source_file, source_line, beneficiary_id, decision, record_file, record_line, code, id_number, name, birth, commune, amount, match_weight, probability, tf_adjustment, rule)", columns: 17)
    }

    /// Writes the rows still held back (they go to SQLite in batches): before the transaction ends.
    func flush() throws {
        try insertMatch.flush(); try insertExplanation.flush(); try insertException.flush()
    }

    /// Line `l`'s row of `recon_matches`; with the pair the model scored, `score` is the
    /// probability that the line pays the record (among all its candidates) and `match_weight`
    /// the pair's weight in bits.
    func match(line l: Int, record r: Int?, rule: String, decision: String, detail: String? = nil, scored: ScoredPair? = nil) throws {
        let s = insertMatch
        s.text(period); s.text(data.fileName(line: l)); s.integer(Int64(data.lines.line[l]))
        s.text(data.districtCode(line: l)); s.text(r.map { data.code(record: $0) }); s.text(rule)
        s.text(decision); s.real(scored?.probability)
        s.text(detail); s.text(r.map { data.fileName(record: $0) })
        s.integer(r.map { Int64(data.records.line[$0]) }); s.real(scored?.weight)
        try s.endRow()
    }

    /// The field-by-field comparison of line `l` and record `r`, matched or weighed against it,
    /// with the pair's weight, probability and name term-frequency adjustment when a model scored it.
    func explain(line l: Int, record r: Int, decision: String, pattern: Pattern, scored: ScoredPair? = nil, rule: String? = nil) throws {
        let s = insertExplanation
        s.text(period); s.text(data.fileName(line: l)); s.integer(Int64(data.lines.line[l]))
        s.text(data.code(record: r)); s.text(decision); s.text(data.fileName(record: r))
        s.integer(Int64(data.records.line[r]))
        s.text(pattern.label(.code)); s.text(pattern.label(.idNumber))
        s.text(pattern.label(.name)); s.text(pattern.label(.birth))
        s.text(pattern.label(.place))
        s.text(pattern[.amount] == Level.Amount.missing ? nil : pattern.label(.amount))
        s.real(scored?.weight); s.real(scored?.probability)
        s.real(scored?.tfAdjustment); s.text(rule ?? scored?.rule.label)
        try s.endRow()
    }

    /// An exception of payment line `l` (and the record it points to).
    func exception(_ type: ExceptionType, line l: Int, record r: Int?, amount: Int64, detail: String, reasonVI: String) throws {
        counts[type.rawValue, default: 0] += 1
        let s = insertException
        s.text(period); s.text(data.districtCode(line: l)); s.text(type.rawValue); s.text(r.map { data.code(record: $0) } ?? "")
        s.text(data.fileName(line: l)); s.integer(Int64(data.lines.line[l])); s.integer(amount); s.text(detail); s.text(reasonVI)
        try s.endRow()
    }

    /// An exception of registry record `r`.
    func recordException(_ type: ExceptionType, record r: Int, amount: Int64, detail: String, reasonVI: String) throws {
        counts[type.rawValue, default: 0] += 1
        let s = insertException
        s.text(period); s.text(data.districtCode(record: r)); s.text(type.rawValue); s.text(data.code(record: r))
        s.text(data.fileName(record: r)); s.integer(Int64(data.records.line[r])); s.integer(amount); s.text(detail); s.text(reasonVI)
        try s.endRow()
    }
}
