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
    ///
    /// `input`: the registry and lines read ahead (`ReadAhead`) while `db` was still busy;
    /// without it they are read now.
    @discardableResult
    public static func run(context: RunContext, db: Database, logger: Logger, matcher kind: MatcherKind = .probabilistic,
                           input: ReadAhead? = nil) throws -> Summary {
        let period = context.period
        let lastDay = context.periodLastDay
        let clock = ContinuousClock()
        var mark = clock.now
        func phase(_ name: String) {
            logger.debug("\(name) took \(clock.now - mark), resident \(ResidentMemory.current / 1_048_576) MiB, peak \(ResidentMemory.peak / 1_048_576) MiB")
            mark = clock.now
        }
        let data = try input?.wait() ?? MatchDataLoader.load(db, period: period)
        let lineCount = data.lines.count, recordCount = data.records.count
        phase("loading")
        // Analysts' decisions first: a decided line is never asked again nor overturned.
        let reviewed = try ReviewQueue.load(db)
        var analystMatch: [Int: Int] = [:]          // line → record
        var excluded: [Int: Set<Int>] = [:]         // line → records ruled out
        if !reviewed.isEmpty {
            var recordsByCode: [String: [Int]] = [:]
            for r in 0..<recordCount { recordsByCode[data.code(record: r), default: []].append(r) }
            for i in 0..<lineCount {
                let line = data.line(i)
                guard let decided = reviewed[ReviewQueue.signature(line)] ?? reviewed[ReviewQueue.legacySignature(line)] else { continue }
                if let code = decided.match, let candidates = recordsByCode[code], !candidates.isEmpty {
                    analystMatch[i] = candidates.first { data.records.district[$0] == data.lines.district[i] } ?? candidates[0]
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
        let decisions: Decisions
        var model: FellegiSunterModel?
        switch kind {
        case .probabilistic:
            var engine = ProbabilisticMatcher(data: data, settings: settings)
            engine.train()
            phase("training")
            var stats = ProbabilisticMatcher.Stats()
            var outcomes = engine.decideAll(excluded: excluded, stats: &stats)
            logger.debug("decided \(stats)")
            for (i, record) in analystMatch.sorted(by: { $0.key < $1.key }) {
                outcomes.setMatch(i, engine.pair(line: i, record: record, rule: .code), origin: .analyst)
            }
            model = engine.model
            engine.releaseIndex()
            decisions = .packed(outcomes, engine)
        case .deterministic, .baseline:
            let records = (0..<recordCount).map { data.record($0) }
            let matcher: Matcher = kind == .deterministic
                ? DeterministicMatcher(records: records, nameEditDistance: thresholds.nameEditDistance)
                : BaselineMatcher(records: records)
            var scored = (0..<lineCount).map { i in
                ScoredDecision(decision: matcher.decide(data.line(i), excluding: excluded[i] ?? []), pairs: [])
            }
            for (i, record) in analystMatch { scored[i] = ScoredDecision(decision: .match(record: record, rule: "analyst decision"), pairs: []) }
            decisions = .listed(scored)
        }

        phase("deciding")
        var payingDistrictIndexes = Set<Int32>()
        for d in data.lines.district { payingDistrictIndexes.insert(d) }
        let payingDistricts = Set(payingDistrictIndexes.map { data.districts.string($0) })
        let missing = context.config.gazetteer.districts.filter { !payingDistricts.contains($0.code) }
        // Every line's rows, on every core: into the warehouse and scratch databases, copied
        // after it in line order.
        let lineRows = try LineRowsWriter(db: db, lines: lineCount)
        defer { lineRows.remove() }
        defer { lineRows.detach(from: db) }     // also what a failed attach did attach
        try lineRows.attach(to: db)
        // Deferred: an immediate transaction would lock the attached scratch databases too,
        // which their own connections are about to write.
        let (counts, paidRecords) = try db.transaction(immediate: false) { () -> ([String: Int], Int) in
            try db.run("DELETE FROM recon_matches WHERE period = ?", [.text(period)])
            try db.run("DELETE FROM recon_exceptions WHERE period = ?", [.text(period)])
            try db.run("DELETE FROM recon_pairs WHERE period = ?", [.text(period)])
            try db.run("DELETE FROM recon_model WHERE period = ?", [.text(period)])
            if let model { try ModelWriter.write(model, period: period, db: db) }
            // Duplicate records need the registry alone: found on the other core while this one
            // copies and writes (started once the lines' rows, on both cores, are written).
            var duplicates: Background<[(index: Int, others: [Int])]>?
            defer { duplicates?.finish() }
            try lineRows.write(into: db, period: period, data: data, decisions: decisions, maxEdits: settings.maxEdits) {
                phase("writing lines")
                duplicates = Background { DuplicateRecords.find(data) }
            }
            phase("copying lines")
            let writer = try ExceptionWriter(db: db, period: period, data: data)
            let reviewCandidates = lineRows.reviewCandidates
            // The lines of each record, in line order (counted, then placed: two flat arrays).
            var start = [Int32](repeating: 0, count: recordCount + 1)
            for r in lineRows.matchedRecord where r >= 0 { start[Int(r) + 1] += 1 }
            for r in 0..<recordCount { start[r + 1] += start[r] }
            var placed = start
            var linesOf = [Int32](repeating: 0, count: Int(start[recordCount]))
            for (i, r) in lineRows.matchedRecord.enumerated() where r >= 0 { linesOf[Int(placed[Int(r)])] = Int32(i); placed[Int(r)] += 1 }
            placed = []
            lineRows.releaseMatches()
            let active = data.activeStatus
            // Whether a date (by index) is after the period's last day / its month before the period.
            let startsLater = (0..<data.dates.count).map { data.dates.string(Int32($0)) > lastDay }
            let endsBefore = (0..<data.dates.count).map { String(data.dates.string(Int32($0)).prefix(7)) < period }
            var paidRecords = 0
            // Per record: paid after its end, paid twice, paid a wrong amount.
            for record in 0..<recordCount where start[record + 1] > start[record] {
                paidRecords += 1
                let indexes = linesOf[Int(start[record])..<Int(start[record + 1])].map(Int.init)
                let end = data.records.endDate[record]
                if data.records.status[record] != active, end >= 0, endsBefore[Int(end)] {
                    let r = data.record(record)
                    for i in indexes {
                        let line = data.line(i)
                        try writer.exception(.paidAfterEnd, line: i, record: record, amount: line.amount,
                                             detail: "paid for \(period) but the record is \(r.status) since \(r.endDate ?? "")",
                                             reasonVI: Reasons.vietnamese(.paidAfterEnd, line: line, record: r, period: period, amount: line.amount))
                    }
                } else if indexes.count > 1 {
                    let r = data.record(record)
                    for i in indexes {
                        let line = data.line(i)
                        try writer.exception(.duplicatePayment, line: i, record: record, amount: line.amount,
                                             detail: "\(indexes.count) payment lines for this record in \(period): " + indexes.map { "\(data.fileName(line: $0)):\(data.lines.line[$0])" }.joined(separator: ", "),
                                             reasonVI: Reasons.vietnamese(.duplicatePayment, line: line, record: r, period: period, amount: line.amount, extra: String(indexes.count)))
                    }
                } else if let i = indexes.first, data.records.amount[record] != MatchColumns.noAmount, data.lines.amount[i] != data.records.amount[record] {
                    let entitled = data.records.amount[record], line = data.line(i), r = data.record(record)
                    try writer.exception(.amountMismatch, line: i, record: record, amount: line.amount - entitled,
                                         detail: "paid \(line.amount) VND, entitled to \(entitled) VND",
                                         reasonVI: Reasons.vietnamese(.amountMismatch, line: line, record: r, period: period, amount: line.amount - entitled))
                }
            }

            // Active, due, not paid — in the districts that sent payment lines for the period.
            for i in 0..<recordCount where data.records.status[i] == active && start[i + 1] == start[i] && !reviewCandidates.contains(i) {
                guard payingDistrictIndexes.contains(data.records.district[i]) else { continue }
                let startDate = data.records.startDate[i]
                if startDate >= 0 && startsLater[Int(startDate)] { continue }
                let r = data.record(i)
                try writer.recordException(.registeredNotPaid, record: i, amount: r.monthlyAmount ?? 0,
                                           detail: "active since \(r.startDate ?? "an unknown date"), no payment line in \(period)",
                                           reasonVI: Reasons.vietnamese(.registeredNotPaid, line: nil, record: r, period: period, amount: r.monthlyAmount ?? 0))
            }
            phase("per record")
            for (i, others) in try duplicates?.wait() ?? DuplicateRecords.find(data) {
                let r = data.record(i)
                try writer.recordException(.duplicateRecord, record: i, amount: r.monthlyAmount ?? 0,
                                           detail: DuplicateRecords.describe(others, in: data),
                                           reasonVI: Reasons.vietnamese(.duplicateRecord, line: nil, record: r, period: period, amount: r.monthlyAmount ?? 0,
                                                                        extra: others.prefix(5).map { data.code(record: $0) }.joined(separator: ", ")))
            }

            // A district without payment lines is not "clean": say so where analysts look.
            try db.run("DELETE FROM quality_findings WHERE rule = 'district_not_reconciled'")
            for district in missing {
                let detail = "no payment lines for \(period) from \(district.name) (\(district.code)): its registry was not reconciled"
                logger.warning("\(detail)")
                try db.run("INSERT INTO quality_findings(rule, detail, severity, district_code) VALUES ('district_not_reconciled', ?, 'error', ?)",
                           [.text(detail), .text(district.code)])
            }
            try writer.flush()
            phase("duplicate records")
            return (writer.counts.merging(lineRows.counts, uniquingKeysWith: +), paidRecords)
        }
        phase("commit")
        var summary = Summary()
        summary.lines = lineCount
        summary.matched = paidRecords
        summary.exceptions = counts
        logger.info("reconciled \(lineCount) payment lines of \(period) against \(recordCount) registry records: \(paidRecords) records paid")
        return summary
    }
}
