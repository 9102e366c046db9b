import Warehouse

/// Collects matches, exceptions and explanations of one period, then writes them in one go.
struct ExceptionWriter {
    let period: String
    private var matches: [[SQLValue]] = []
    private var exceptions: [[SQLValue]] = []
    private var explanations: [[SQLValue]] = []
    private(set) var counts: [String: Int] = [:]

    init(period: String) { self.period = period }

    mutating func match(_ line: PaymentLine, record: RegistryRecord?, rule: String, decision: String, detail: String? = nil) {
        matches.append([.text(period), .text(line.sourceFile), .int(line.sourceLine), .text(line.districtCode),
                        .text(record?.code), .text(rule), .text(decision), .null, .text(detail),
                        .text(record?.sourceFile), .int(record?.sourceLine)])
    }

    /// The field-by-field comparison of a line and a record it was matched to or weighed against.
    mutating func explain(_ line: PaymentLine, record: RegistryRecord, decision: String, comparison: PairComparison) {
        for field in comparison.fields {
            explanations.append([.text(period), .text(line.sourceFile), .int(line.sourceLine), .text(record.code), .text(decision),
                                 .text(field.field), .text(field.level), .null, .null, .text(field.detail)])
        }
    }

    mutating func exception(_ type: ExceptionType, line: PaymentLine, record: RegistryRecord?, amount: Int64, detail: String, reasonVI: String) {
        counts[type.rawValue, default: 0] += 1
        exceptions.append([.text(period), .text(line.districtCode), .text(type.rawValue), .text(record?.code ?? ""),
                           .text(line.sourceFile), .int(line.sourceLine), .int64(amount), .text(detail), .text(reasonVI)])
    }

    mutating func recordException(_ type: ExceptionType, record: RegistryRecord, amount: Int64, detail: String, reasonVI: String) {
        counts[type.rawValue, default: 0] += 1
        exceptions.append([.text(period), .text(record.districtCode), .text(type.rawValue), .text(record.code),
                           .text(record.sourceFile), .int(record.sourceLine), .int64(amount), .text(detail), .text(reasonVI)])
    }

    func write(to db: Database) throws {
        let insertMatch = try db.prepare("INSERT INTO recon_matches(period, source_file, source_line, district_code, beneficiary_id, rule, decision, score, detail, record_file, record_line) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
        for row in matches { try insertMatch.run(row) }
        let insertException = try db.prepare("INSERT INTO recon_exceptions(period, district_code, exception_type, beneficiary_id, source_file, source_line, amount_at_risk, detail, reason_vi) VALUES (?,?,?,?,?,?,?,?,?)")
        for row in exceptions { try insertException.run(row) }
        let insertExplanation = try db.prepare("INSERT INTO recon_explanations(period, source_file, source_line, beneficiary_id, decision, field, level, weight, tf_adjustment, detail) VALUES (?,?,?,?,?,?,?,?,?,?)")
        for row in explanations { try insertExplanation.run(row) }
    }
}
