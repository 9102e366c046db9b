import Warehouse

/// Writes matches, exceptions and explanations of one period as they are decided, with prepared
/// statements inside the stage's transaction: memory stays proportional to the registry, not to
/// the rows written.
struct ExceptionWriter {
    let period: String
    private let insertMatch: Statement
    private let insertException: Statement
    private let insertExplanation: Statement
    private(set) var counts: [String: Int] = [:]

    init(db: Database, period: String) throws {
        self.period = period
        insertMatch = try db.prepare("INSERT INTO recon_matches(period, source_file, source_line, district_code, beneficiary_id, rule, decision, score, detail, record_file, record_line, match_weight) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")
        insertException = try db.prepare("INSERT INTO recon_exceptions(period, district_code, exception_type, beneficiary_id, source_file, source_line, amount_at_risk, detail, reason_vi) VALUES (?,?,?,?,?,?,?,?,?)")
        insertExplanation = try db.prepare("INSERT INTO recon_pairs(period, source_file, source_line, beneficiary_id, decision, record_file, record_line, code, id_number, name, birth, commune, amount, match_weight, probability, tf_adjustment, rule) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
    }

    /// The line's row of `recon_matches`; `weight` is the match weight in bits when a model scored it.
    func match(_ line: PaymentLine, record: RegistryRecord?, rule: String, decision: String, detail: String? = nil, weight: Double? = nil) throws {
        try insertMatch.run([.text(period), .text(line.sourceFile), .int(line.sourceLine), .text(line.districtCode),
                             .text(record?.code), .text(rule), .text(decision),
                             .real(weight.map(FellegiSunterModel.probability)), .text(detail),
                             .text(record?.sourceFile), .int(record?.sourceLine), .real(weight)])
    }

    /// The field-by-field comparison of a line and a record it was matched to or weighed against,
    /// with the pair's weight, probability and name term-frequency adjustment when a model scored it.
    func explain(_ line: PaymentLine, record: RegistryRecord, decision: String, pattern: Pattern,
                 scored: ScoredPair? = nil, rule: String? = nil) throws {
        func level(_ field: MatchField) -> SQLValue { .text(pattern.label(field)) }
        try insertExplanation.run([.text(period), .text(line.sourceFile), .int(line.sourceLine), .text(record.code), .text(decision),
                                   .text(record.sourceFile), .int(record.sourceLine), level(.code), level(.idNumber),
                                   level(.name), level(.birth), level(.place),
                                   pattern[.amount] == Level.Amount.missing ? .null : level(.amount),
                                   .real(scored?.weight), .real(scored?.probability),
                                   .real(scored?.tfAdjustment), .text(rule ?? scored?.rule.label)])
    }

    mutating func exception(_ type: ExceptionType, line: PaymentLine, record: RegistryRecord?, amount: Int64, detail: String, reasonVI: String) throws {
        counts[type.rawValue, default: 0] += 1
        try insertException.run([.text(period), .text(line.districtCode), .text(type.rawValue), .text(record?.code ?? ""),
                                 .text(line.sourceFile), .int(line.sourceLine), .int64(amount), .text(detail), .text(reasonVI)])
    }

    mutating func recordException(_ type: ExceptionType, record: RegistryRecord, amount: Int64, detail: String, reasonVI: String) throws {
        counts[type.rawValue, default: 0] += 1
        try insertException.run([.text(period), .text(record.districtCode), .text(type.rawValue), .text(record.code),
                                 .text(record.sourceFile), .int(record.sourceLine), .int64(amount), .text(detail), .text(reasonVI)])
    }
}
