import Dispatch
import Foundation
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

    /// Reconciles the registry against the payment lines of `context.period` with `kind`,
    /// rewriting the period's rows of `recon_matches`, `recon_pairs`, `recon_model` and
    /// `recon_exceptions` in one transaction; analysts' decisions are applied first.
    @discardableResult
    public static func run(context: RunContext, db: Database, logger: Logger, matcher kind: MatcherKind = .probabilistic) throws -> Summary {
        let period = context.period
        let lastDay = context.periodLastDay
        let clock = ContinuousClock()
        var mark = clock.now
        func phase(_ name: String) { logger.debug("\(name) took \(clock.now - mark)"); mark = clock.now }
        let (records, lines) = try load(db, period: period)
        phase("loading")
        // Analysts' decisions first: a decided line is never asked again nor overturned.
        let reviewed = try ReviewQueue.load(db)
        var recordsByCode: [String: [Int]] = [:]
        if !reviewed.isEmpty { for (i, r) in records.enumerated() { recordsByCode[r.code, default: []].append(i) } }
        var analystMatch: [Int: Int] = [:]          // line → record
        var excluded: [Int: Set<Int>] = [:]         // line → records ruled out
        if !reviewed.isEmpty {
            for (i, line) in lines.enumerated() {
                guard let decided = reviewed[ReviewQueue.signature(line)] ?? reviewed[ReviewQueue.legacySignature(line)] else { continue }
                if let code = decided.match, let candidates = recordsByCode[code], !candidates.isEmpty {
                    analystMatch[i] = candidates.first { records[$0].districtCode == line.districtCode } ?? candidates[0]
                } else {
                    excluded[i] = Set(decided.notThese.flatMap { recordsByCode[$0] ?? [] })
                }
            }
        }
        let thresholds = context.config.thresholds
        var settings = ProbabilisticMatcher.Settings()
        settings.maxEdits = min(thresholds.nameEditDistance, 2)
        settings.matchProbability = thresholds.matchProbability
        settings.reviewProbability = thresholds.reviewProbability
        var engine = ProbabilisticMatcher(records: records, lines: lines, settings: settings)
        var scored: [ScoredDecision]
        switch kind {
        case .probabilistic:
            engine.train()
            phase("training")
            var stats = ProbabilisticMatcher.Stats()
            scored = engine.decideAll(excluded: excluded, stats: &stats)
            logger.debug("decided \(stats)")
        case .deterministic, .baseline:
            let matcher: Matcher = kind == .deterministic
                ? DeterministicMatcher(records: records, nameEditDistance: thresholds.nameEditDistance)
                : BaselineMatcher(records: records)
            scored = lines.indices.map { i in
                ScoredDecision(decision: matcher.decide(lines[i], excluding: excluded[i] ?? []), pairs: [])
            }
        }
        for (i, record) in analystMatch {
            let pair = engine.pair(line: i, record: record, rule: .code)
            scored[i] = ScoredDecision(decision: .match(record: record, rule: "analyst decision"), pairs: kind == .probabilistic ? [pair] : [])
        }
        let model = kind == .probabilistic ? engine.model : nil

        phase("deciding")
        let payingDistricts = Set(lines.map(\.districtCode))
        let missing = context.config.gazetteer.districts.filter { !payingDistricts.contains($0.code) }
        let (counts, paidRecords) = try db.transaction { () -> ([String: Int], Int) in
            try db.run("DELETE FROM recon_matches WHERE period = ?", [.text(period)])
            try db.run("DELETE FROM recon_exceptions WHERE period = ?", [.text(period)])
            try db.run("DELETE FROM recon_pairs WHERE period = ?", [.text(period)])
            try db.run("DELETE FROM recon_model WHERE period = ?", [.text(period)])
            var writer = try ExceptionWriter(db: db, period: period)
            if let model { try ModelWriter.write(model, period: period, db: db) }
            /// The pair's row of recon_pairs: the model's scores when it weighed the pair.
            func explain(_ i: Int, _ record: Int, _ decision: String, _ pairs: [ScoredPair], rule: String? = nil) throws {
                let pair = pairs.first { $0.record == Int32(record) }
                try writer.explain(lines[i], record: records[record], decision: decision,
                                   pattern: pair?.pattern ?? engine.data.compare(line: i, record: record, maxEdits: settings.maxEdits),
                                   scored: pair, rule: rule)
            }
            var matchedLines: [Int: [Int]] = [:]        // record → line indexes
            var reviewCandidates = Set<Int>()
            matchedLines.reserveCapacity(lines.count)
            for (i, outcome) in scored.enumerated() {
                let line = lines[i]
                let best = outcome.pairs.first
                switch outcome.decision {
                case .match(let record, let rule):
                    matchedLines[record, default: []].append(i)
                    try writer.match(line, record: records[record], rule: rule, decision: "match", scored: best)
                    try explain(i, record, "match", outcome.pairs, rule: rule)
                case .conflict(let record, let rule, let given):
                    let why = given.isEmpty ? Reasons.conflict(line, records[record], rule: rule) : given
                    try writer.match(line, record: records[record], rule: rule, decision: "conflict", detail: why, scored: best)
                    try explain(i, record, "conflict", outcome.pairs, rule: rule)
                    try writer.exception(.identityConflict, line: line, record: records[record], amount: line.amount,
                                     detail: "the payment's \(rule) points to a registry record of another person: \(why)",
                                     reasonVI: Reasons.vietnamese(.identityConflict, line: line, record: records[record], period: period,
                                                                  amount: line.amount, extra: Reasons.differences(line, records[record])))
                case .review(let candidates, let given):
                    reviewCandidates.formUnion(candidates)
                    let first = candidates.first.map { records[$0] }
                    let codes = candidates.prefix(5).map { records[$0].code }.joined(separator: ", ")
                    let why = given.isEmpty ? Reasons.review(outcome.pairs, records: records) : given
                    try writer.match(line, record: first, rule: best?.rule.label ?? "name", decision: "review", detail: why, scored: best)
                    for candidate in candidates.prefix(5) { try explain(i, candidate, "review", outcome.pairs) }
                    try writer.exception(.needsReview, line: line, record: first, amount: line.amount,
                                     detail: "\(why); candidates: \(codes)",
                                     reasonVI: Reasons.vietnamese(.needsReview, line: line, record: first, period: period, amount: line.amount, extra: codes))
                case .unmatched:
                    try writer.match(line, record: nil, rule: "none", decision: "unmatched")
                    try writer.exception(.paidNotRegistered, line: line, record: nil, amount: line.amount,
                                     detail: "no registry record has this code, citizen ID, or name with this birth (\(line.fullName), \(line.birthDate ?? line.birthYear.map(String.init) ?? "no birth date"))"
                                        + (best.map { "; the closest, \(records[Int($0.record)].code), has probability \(Reasons.percent($0.probability))" } ?? ""),
                                     reasonVI: Reasons.vietnamese(.paidNotRegistered, line: line, record: nil, period: period, amount: line.amount))
                }
            }

            phase("writing lines")
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
            phase("per record")
            for (i, others) in DuplicateRecords.find(records, engine.data) {
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
            phase("duplicate records")
            return (writer.counts, matchedLines.count)
        }
        phase("commit")
        var summary = Summary()
        summary.lines = lines.count
        summary.matched = paidRecords
        summary.exceptions = counts
        logger.info("reconciled \(lines.count) payment lines of \(period) against \(records.count) registry records: \(paidRecords) records paid")
        return summary
    }

    /// Registry and payment lines of the period, read at once on two connections when the
    /// warehouse is a file (an in-memory one is read in turn).
    static func load(_ db: Database, period: String) throws -> ([RegistryRecord], [PaymentLine]) {
        guard !db.path.isEmpty, db.path != ":memory:", FileManager.default.fileExists(atPath: db.path) else {
            return (try loadRegistry(db), try loadPayments(db, period: period))
        }
        let second = try Database(path: db.path, readOnly: true)
        let registry = Loaded()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { registry.records = Result { try loadRegistry(second) } }
        let lines = try loadPayments(db, period: period)
        group.wait()
        return (try registry.records.get(), lines)
    }

    /// The registry read on the other thread; `DispatchGroup.wait` orders the write before the read.
    private final class Loaded: @unchecked Sendable {
        var records: Result<[RegistryRecord], Error> = .success([])
    }

    static func loadRegistry(_ db: Database) throws -> [RegistryRecord] {
        let statement = try db.prepare("""
            SELECT beneficiary_id, full_name, name_key, birth_date, birth_year, id_number, commune_code, district_code,
                   status, start_date, end_date, monthly_amount, source_file, source_line
            FROM beneficiaries ORDER BY source_file, source_line
            """)
        var records: [RegistryRecord] = []
        var file = "", district = ""
        while try statement.step() {
            // Rows come file by file: one string per file and district, not one per row.
            let f = statement.text(at: 12) ?? "", d = statement.text(at: 7) ?? ""
            if f != file { file = f }
            if d != district { district = d }
            records.append(RegistryRecord(
                code: statement.text(at: 0) ?? "", fullName: statement.text(at: 1) ?? "",
                nameKey: statement.text(at: 2) ?? "", birthDate: statement.text(at: 3),
                birthYear: statement.integer(at: 4).map(Int.init), idNumber: statement.text(at: 5),
                communeCode: statement.text(at: 6), districtCode: district,
                status: statement.text(at: 8) ?? "active", startDate: statement.text(at: 9),
                endDate: statement.text(at: 10), monthlyAmount: statement.integer(at: 11),
                sourceFile: file, sourceLine: Int(statement.integer(at: 13) ?? 0)))
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
        var file = "", district = ""
        while try statement.step() {
            let f = statement.text(at: 10) ?? "", d = statement.text(at: 7) ?? ""
            if f != file { file = f }
            if d != district { district = d }
            lines.append(PaymentLine(
                code: statement.text(at: 0), fullName: statement.text(at: 1) ?? "",
                nameKey: statement.text(at: 2) ?? "", birthDate: statement.text(at: 3),
                birthYear: statement.integer(at: 4).map(Int.init), idNumber: statement.text(at: 5),
                communeCode: statement.text(at: 6), districtCode: district,
                amount: statement.integer(at: 8) ?? 0, method: statement.text(at: 9),
                sourceFile: file, sourceLine: Int(statement.integer(at: 11) ?? 0)))
        }
        return lines
    }
}
