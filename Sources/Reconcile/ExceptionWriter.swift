import Warehouse

/// Writes matches, exceptions and explanations of one period as they are decided, with prepared
/// statements inside the stage's transaction, reading the rows' strings from `MatchData`'s
/// tables: memory stays proportional to the registry, not to the rows written. Each table's
/// rows are packed as they come (`PackedRows`, no array of values per row) and go to SQLite a
/// few thousand at a time (`BatchedInsert.rows`): `flush` before the transaction ends.
final class ExceptionWriter {
    let period: String
    let data: MatchData
    private let insertMatch: BatchedInsert
    private let insertException: BatchedInsert
    private let insertExplanation: BatchedInsert
    private let matches = PackedRows(columns: 12), exceptions = PackedRows(columns: 9), explanations = PackedRows(columns: 17)
    private(set) var counts: [String: Int] = [:]
    /// Rows packed per table before they go to SQLite.
    private static let batch = 4096

    init(db: Database, period: String, data: MatchData) throws {
        self.period = period
        self.data = data
        insertMatch = try BatchedInsert(db: db, "INSERT INTO recon_matches(period, source_file, source_line, district_code, beneficiary_id, rule, decision, score, detail, record_file, record_line, match_weight)", columns: 12)
        insertException = try BatchedInsert(db: db, "INSERT INTO recon_exceptions(period, district_code, exception_type, beneficiary_id, source_file, source_line, amount_at_risk, detail, reason_vi)", columns: 9)
        insertExplanation = try BatchedInsert(db: db, "INSERT INTO recon_pairs(period, source_file, source_line, beneficiary_id, decision, record_file, record_line, code, id_number, name, birth, commune, amount, match_weight, probability, tf_adjustment, rule)", columns: 17)
    }

    /// Writes the rows still held back (they go to SQLite in batches): before the transaction ends.
    func flush() throws {
        for (rows, insert) in [(matches, insertMatch), (explanations, insertExplanation), (exceptions, insertException)] {
            try insert.rows(rows)
            rows.removeAll()
            try insert.flush()
        }
    }

    /// Ends a packed row; a full batch goes to SQLite.
    @inline(__always)
    private func endRow(_ rows: PackedRows, _ insert: BatchedInsert) throws {
        rows.endRow()
        guard rows.count >= Self.batch else { return }
        try insert.rows(rows)
        rows.removeAll()
    }

    /// Line `l`'s row of `recon_matches`; with the pair the model scored, `score` is the
    /// probability that the line pays the record (among all its candidates) and `match_weight`
    /// the pair's weight in bits.
    func match(line l: Int, record r: Int?, rule: String, decision: String, detail: String? = nil, scored: ScoredPair? = nil) throws {
        let s = matches
        s.append(text: period); s.append(text: data.fileName(line: l)); s.append(integer: Int64(data.lines.line[l]))
        s.append(text: data.districtCode(line: l)); s.append(text: r.map { data.code(record: $0) }); s.append(text: rule)
        s.append(text: decision); s.append(real: scored?.probability)
        s.append(text: detail); s.append(text: r.map { data.fileName(record: $0) })
        s.append(integer: r.map { Int64(data.records.line[$0]) }); s.append(real: scored?.weight)
        try endRow(s, insertMatch)
    }

    /// The field-by-field comparison of line `l` and record `r`, matched or weighed against it,
    /// with the pair's weight, probability and name term-frequency adjustment when a model scored it.
    func explain(line l: Int, record r: Int, decision: String, pattern: Pattern, scored: ScoredPair? = nil, rule: String? = nil) throws {
        let s = explanations
        s.append(text: period); s.append(text: data.fileName(line: l)); s.append(integer: Int64(data.lines.line[l]))
        s.append(text: data.code(record: r)); s.append(text: decision); s.append(text: data.fileName(record: r))
        s.append(integer: Int64(data.records.line[r]))
        s.append(text: pattern.label(.code)); s.append(text: pattern.label(.idNumber))
        s.append(text: pattern.label(.name)); s.append(text: pattern.label(.birth))
        s.append(text: pattern.label(.place))
        s.append(text: pattern[.amount] == Level.Amount.missing ? nil : pattern.label(.amount))
        s.append(real: scored?.weight); s.append(real: scored?.probability)
        s.append(real: scored?.tfAdjustment); s.append(text: rule ?? scored?.rule.label)
        try endRow(s, insertExplanation)
    }

    /// An exception of payment line `l` (and the record it points to).
    func exception(_ type: ExceptionType, line l: Int, record r: Int?, amount: Int64, detail: String, reasonVI: String) throws {
        counts[type.rawValue, default: 0] += 1
        let s = exceptions
        s.append(text: period); s.append(text: data.districtCode(line: l)); s.append(text: type.rawValue); s.append(text: r.map { data.code(record: $0) } ?? "")
        s.append(text: data.fileName(line: l)); s.append(integer: Int64(data.lines.line[l])); s.append(integer: amount); s.append(text: detail); s.append(text: reasonVI)
        try endRow(s, insertException)
    }

    /// An exception of registry record `r`.
    func recordException(_ type: ExceptionType, record r: Int, amount: Int64, detail: String, reasonVI: String) throws {
        counts[type.rawValue, default: 0] += 1
        let s = exceptions
        s.append(text: period); s.append(text: data.districtCode(record: r)); s.append(text: type.rawValue); s.append(text: data.code(record: r))
        s.append(text: data.fileName(record: r)); s.append(integer: Int64(data.records.line[r])); s.append(integer: amount); s.append(text: detail); s.append(text: reasonVI)
        try endRow(s, insertException)
    }
}
