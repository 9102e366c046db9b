import Logging
import Pipeline
import Warehouse

/// The reconcile stage: the registry against the payment lines of one period, into
/// `recon_matches` (one row per payment line) and `recon_exceptions` (one row per finding).
public enum ReconcileStage {
    /// Counts of a reconciliation, for the log and the run record.
    public struct Summary: Sendable {
        public var lines = 0
        public var matched = 0
        public var exceptions: [String: Int] = [:]
    }

    @discardableResult
    public static func run(context: RunContext, db: Database, logger: Logger, matcher kind: MatcherKind = .deterministic) throws -> Summary {
        let period = context.period
        let lastDay = context.periodLastDay
        let records = try loadRegistry(db)
        let lines = try loadPayments(db, period: period)
        let matcher: Matcher
        switch kind {
        case .deterministic:
            matcher = DeterministicMatcher(records: records, nameEditDistance: context.config.thresholds.nameEditDistance)
        case .baseline:
            matcher = BaselineMatcher(records: records)
        }
        // Analysts' decisions first: a decided line is never asked again nor overturned.
        let reviewed = try ReviewQueue.load(db)
        var recordsByCode: [String: [Int]] = [:]
        for (i, r) in records.enumerated() { recordsByCode[r.code, default: []].append(i) }
        let decisions = lines.map { line -> LineDecision in
            guard let decided = reviewed[ReviewQueue.signature(line)] else { return matcher.decide(line) }
            if let code = decided.match, let candidates = recordsByCode[code], !candidates.isEmpty {
                let record = candidates.first { records[$0].districtCode == line.districtCode } ?? candidates[0]
                return .match(record: record, rule: "analyst decision")
            }
            let excluded = Set(decided.notThese.flatMap { recordsByCode[$0] ?? [] })
            return matcher.decide(line, excluding: excluded)
        }

        let payingDistricts = Set(lines.map(\.districtCode))
        let missing = context.config.gazetteer.districts.filter { !payingDistricts.contains($0.code) }
        let (counts, paidRecords) = try db.transaction { () -> ([String: Int], Int) in
            try db.run("DELETE FROM recon_matches WHERE period = ?", [.text(period)])
            try db.run("DELETE FROM recon_exceptions WHERE period = ?", [.text(period)])
            try db.run("DELETE FROM recon_pairs WHERE period = ?", [.text(period)])
            var writer = try ExceptionWriter(db: db, period: period)
            let distance = context.config.thresholds.nameEditDistance
            func explain(_ line: PaymentLine, _ record: Int, _ decision: String) throws {
                try writer.explain(line, record: records[record], decision: decision,
                                   comparison: PairComparison(line, records[record], nameEditDistance: distance))
            }
            var matchedLines: [Int: [Int]] = [:]        // record → line indexes
            var reviewCandidates = Set<Int>()
            matchedLines.reserveCapacity(lines.count)
            for (i, decision) in decisions.enumerated() {
                let line = lines[i]
                switch decision {
                case .match(let record, let rule):
                    matchedLines[record, default: []].append(i)
                    try writer.match(line, record: records[record], rule: rule, decision: "match")
                    try explain(line, record, "match")
                case .conflict(let record, let rule, let why):
                    try writer.match(line, record: records[record], rule: rule, decision: "conflict", detail: why)
                    try explain(line, record, "conflict")
                    try writer.exception(.identityConflict, line: line, record: records[record], amount: line.amount,
                                     detail: "the payment's \(rule) points to a registry record of another person: \(why)",
                                     reasonVI: Reasons.vietnamese(.identityConflict, line: line, record: records[record], period: period,
                                                                  amount: line.amount, extra: Reasons.differences(line, records[record])))
                case .review(let candidates, let why):
                    reviewCandidates.formUnion(candidates)
                    let first = candidates.first.map { records[$0] }
                    let codes = candidates.prefix(5).map { records[$0].code }.joined(separator: ", ")
                    try writer.match(line, record: first, rule: "name", decision: "review", detail: why)
                    for candidate in candidates.prefix(5) { try explain(line, candidate, "review") }
                    try writer.exception(.needsReview, line: line, record: first, amount: line.amount,
                                     detail: "\(why); candidates: \(codes)",
                                     reasonVI: Reasons.vietnamese(.needsReview, line: line, record: first, period: period, amount: line.amount, extra: codes))
                case .unmatched:
                    try writer.match(line, record: nil, rule: "none", decision: "unmatched")
                    try writer.exception(.paidNotRegistered, line: line, record: nil, amount: line.amount,
                                     detail: "no registry record has this code, citizen ID, or name with this birth (\(line.fullName), \(line.birthDate ?? line.birthYear.map(String.init) ?? "no birth date"))",
                                     reasonVI: Reasons.vietnamese(.paidNotRegistered, line: line, record: nil, period: period, amount: line.amount))
                }
            }

            // Per record: paid after its end, paid twice, paid a wrong amount.
            for record in matchedLines.keys.sorted() {
                guard let indexes = matchedLines[record] else { continue }
                let r = records[record]
                if r.status != "active", let end = r.endDate, String(end.prefix(7)) < period {
                    for i in indexes {
                        try writer.exception(.paidAfterEnd, line: lines[i], record: r, amount: lines[i].amount,
                                         detail: "paid for \(period) but the record is \(r.status) since \(end)",
                                         reasonVI: Reasons.vietnamese(.paidAfterEnd, line: lines[i], record: r, period: period, amount: lines[i].amount))
                    }
                } else if indexes.count > 1 {
                    for i in indexes {
                        try writer.exception(.duplicatePayment, line: lines[i], record: r, amount: lines[i].amount,
                                         detail: "\(indexes.count) payment lines for this record in \(period): " + indexes.map { "\(lines[$0].sourceFile):\(lines[$0].sourceLine)" }.joined(separator: ", "),
                                         reasonVI: Reasons.vietnamese(.duplicatePayment, line: lines[i], record: r, period: period, amount: lines[i].amount, extra: String(indexes.count)))
                    }
                } else if let i = indexes.first, let entitled = r.monthlyAmount, lines[i].amount != entitled {
                    try writer.exception(.amountMismatch, line: lines[i], record: r, amount: lines[i].amount - entitled,
                                     detail: "paid \(lines[i].amount) VND, entitled to \(entitled) VND",
                                     reasonVI: Reasons.vietnamese(.amountMismatch, line: lines[i], record: r, period: period, amount: lines[i].amount - entitled))
                }
            }

            // Active, due, not paid — in the districts that sent payment lines for the period.
            for (i, r) in records.enumerated() where r.status == "active" && matchedLines[i] == nil && !reviewCandidates.contains(i) {
                guard payingDistricts.contains(r.districtCode) else { continue }
                if let start = r.startDate, start > lastDay { continue }
                try writer.recordException(.registeredNotPaid, record: r, amount: r.monthlyAmount ?? 0,
                                       detail: "active since \(r.startDate ?? "an unknown date"), no payment line in \(period)",
                                       reasonVI: Reasons.vietnamese(.registeredNotPaid, line: nil, record: r, period: period, amount: r.monthlyAmount ?? 0))
            }
            for (i, others) in DuplicateRecords.find(records) {
                let r = records[i]
                try writer.recordException(.duplicateRecord, record: r, amount: r.monthlyAmount ?? 0,
                                       detail: DuplicateRecords.describe(others, in: records),
                                       reasonVI: Reasons.vietnamese(.duplicateRecord, line: nil, record: r, period: period, amount: r.monthlyAmount ?? 0,
                                                                    extra: others.prefix(5).map { records[$0].code }.joined(separator: ", ")))
            }

                // A district without payment lines is not "clean": say so where analysts look.
                try db.run("DELETE FROM quality_findings WHERE rule = 'district_not_reconciled'")
                for district in missing {
                    let detail = "no payment lines for \(period) from \(district.name) (\(district.code)): its registry was not reconciled"
                    logger.warning("\(detail)")
                    try db.run("INSERT INTO quality_findings(rule, detail, severity, district_code) VALUES ('district_not_reconciled', ?, 'error', ?)",
                               [.text(detail), .text(district.code)])
                }
            return (writer.counts, matchedLines.count)
        }
        var summary = Summary()
        summary.lines = lines.count
        summary.matched = paidRecords
        summary.exceptions = counts
        logger.info("reconciled \(lines.count) payment lines of \(period) against \(records.count) registry records: \(paidRecords) records paid")
        return summary
    }

    static func loadRegistry(_ db: Database) throws -> [RegistryRecord] {
        let statement = try db.prepare("""
            SELECT beneficiary_id, full_name, name_key, birth_date, birth_year, id_number, commune_code, district_code,
                   status, start_date, end_date, monthly_amount, source_file, source_line
            FROM beneficiaries ORDER BY source_file, source_line
            """)
        var records: [RegistryRecord] = []
        while try statement.step() {
            records.append(RegistryRecord(
                code: statement.string(at: 0) ?? "", fullName: statement.string(at: 1) ?? "",
                nameKey: statement.string(at: 2) ?? "", birthDate: statement.string(at: 3),
                birthYear: statement.int(at: 4).map(Int.init), idNumber: statement.string(at: 5),
                communeCode: statement.string(at: 6), districtCode: statement.string(at: 7) ?? "",
                status: statement.string(at: 8) ?? "active", startDate: statement.string(at: 9),
                endDate: statement.string(at: 10), monthlyAmount: statement.int(at: 11),
                sourceFile: statement.string(at: 12) ?? "", sourceLine: Int(statement.int(at: 13) ?? 0)))
        }
        return records
    }

    static func loadPayments(_ db: Database, period: String) throws -> [PaymentLine] {
        let statement = try db.prepare("""
            SELECT beneficiary_id, full_name, name_key, birth_date, birth_year, id_number, commune_code, district_code,
                   amount, method, source_file, source_line
            FROM payments WHERE period = ? ORDER BY source_file, source_line
            """)
        try statement.bind([.text(period)])
        var lines: [PaymentLine] = []
        while try statement.step() {
            lines.append(PaymentLine(
                code: statement.string(at: 0), fullName: statement.string(at: 1) ?? "",
                nameKey: statement.string(at: 2) ?? "", birthDate: statement.string(at: 3),
                birthYear: statement.int(at: 4).map(Int.init), idNumber: statement.string(at: 5),
                communeCode: statement.string(at: 6), districtCode: statement.string(at: 7) ?? "",
                amount: statement.int(at: 8) ?? 0, method: statement.string(at: 9),
                sourceFile: statement.string(at: 10) ?? "", sourceLine: Int(statement.int(at: 11) ?? 0)))
        }
        return lines
    }
}
