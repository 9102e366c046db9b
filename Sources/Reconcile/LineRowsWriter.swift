import Dispatch
import Foundation
import Warehouse

/// The lines' decisions: packed by the probabilistic matcher, listed by the other two.
enum Decisions {
    case packed(LineOutcomes, ProbabilisticMatcher)
    case listed([ScoredDecision])

    /// Line `i`'s decision, through `body` for each line of `lines` in turn (the payload is
    /// taken out once, not per line).
    func forEach(_ lines: Range<Int>, _ body: (Int, ScoredDecision) throws -> Void) rethrows {
        switch self {
        case .packed(let outcomes, let engine): for i in lines { try body(i, outcomes.decision(i, engine)) }
        case .listed(let decisions): for i in lines { try body(i, decisions[i]) }
        }
    }
}

/// Writes every line's rows — `recon_matches`, and the `recon_pairs` and `recon_exceptions` of
/// its decision — on every core: the first part of the lines straight into the warehouse, each
/// other part into a scratch database of its own at the same time, copied into the warehouse
/// after it, so that the rows land in line order as one writer would have put them (SQLite
/// copies whole records between tables of the same shape, without decoding them). Only the
/// parts after the first are written twice.
final class LineRowsWriter {
    /// The scratch databases, one per part after the first, in a private temporary folder.
    let folder: URL
    let files: [URL]
    private let parts: [Range<Int>]
    /// What the parts found: exceptions by type, the records review lines proposed, and the
    /// record each line pays (-1 none).
    private(set) var counts: [String: Int] = [:]
    private(set) var reviewCandidates = Set<Int>()
    private(set) var matchedRecord: [Int32] = []

    static let tables = ["recon_matches", "recon_pairs", "recon_exceptions"]

    /// Splits the lines into parts and creates the scratch databases, with the warehouse's
    /// tables (as created, with the columns added since), empty.
    init(db: Database, lines: Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ansinh-reconcile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        parts = ProbabilisticMatcher.chunks(lines)
        files = parts.indices.dropFirst().map { folder.appendingPathComponent("part-\($0).sqlite") }
        self.folder = folder
        do {
            let schema = try Self.tables.map { table -> String in
                guard let sql = try db.scalar("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [.text(table)])?.string else {
                    throw DatabaseError(resultCode: 1, message: "no table \(table)")
                }
                return sql
            }
            // The warehouse's page size: pages of one size hold the copied records as they do there.
            let pageSize = try db.scalar("PRAGMA main.page_size")?.int ?? Int64(Schema.pageSize)
            for file in files {
                let scratch = try Database(path: file.path)
                try scratch.execute("PRAGMA page_size = \(pageSize); PRAGMA journal_mode = OFF")
                for sql in schema { try scratch.execute(sql) }
            }
        } catch {
            // The caller removes the folder only once it has the writer: a failure here must.
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
    }

    /// Writes the rows of every line, inside the caller's transaction on `db`: the first part
    /// into `db` itself, the others into their scratch databases, all at once; then copies
    /// those into `db` in order. The scratch databases must be attached (`attach`) before the
    /// transaction began.
    func write(into db: Database, period: String, data: MatchData, decisions: Decisions, maxEdits: Int,
               written: () -> Void = {}) throws {
        let files = self.files, parts = self.parts
        var matchedRecord = [Int32](repeating: -1, count: data.lines.count)
        var results = [Result<([String: Int], Set<Int>), Error>](repeating: .success(([:], [])), count: parts.count)
        matchedRecord.withUnsafeMutableBufferPointer { matched in
            results.withUnsafeMutableBufferPointer { out in
                // `db` is used by one part alone, while this thread waits: one user at a time.
                DispatchQueue.concurrentPerform(iterations: parts.count) { k in
                    out[k] = Result {
                        func fill(_ target: Database) throws -> ([String: Int], Set<Int>) {
                            let writer = try ExceptionWriter(db: target, period: period, data: data)
                            let review = try Self.write(parts[k], decisions: decisions, data: data, writer: writer, period: period,
                                                        maxEdits: maxEdits, matched: matched)
                            try writer.flush()
                            return (writer.counts, review)
                        }
                        if k == 0 { return try fill(db) }
                        let scratch = try Database(path: files[k - 1].path)
                        try scratch.execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -8192;")
                        return try scratch.transaction { try fill(scratch) }
                    }
                }
            }
        }
        self.matchedRecord = matchedRecord
        for result in results {
            let (counts, review) = try result.get()
            self.counts.merge(counts, uniquingKeysWith: +)
            reviewCandidates.formUnion(review)
        }
        written()
        for table in Self.tables {
            for k in files.indices { try db.execute("INSERT INTO main.\(table) SELECT * FROM line_rows_\(k).\(table)") }
        }
    }

    /// Attaches the scratch databases to `db` (outside a transaction).
    func attach(to db: Database) throws {
        for (k, file) in files.enumerated() { try db.run("ATTACH DATABASE ? AS line_rows_\(k)", [.text(file.path)]) }
    }

    /// Detaches them again.
    func detach(from db: Database) {
        for k in files.indices { try? db.execute("DETACH DATABASE line_rows_\(k)") }
    }

    /// Frees the line → record column once the caller has read it.
    func releaseMatches() { matchedRecord = [] }

    /// Removes the scratch folder.
    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// The rows of `lines`: the match row of each, the pairs behind its decision, its exception.
    private static func write(_ lines: Range<Int>, decisions: Decisions, data: MatchData, writer: ExceptionWriter, period: String,
                              maxEdits: Int, matched: UnsafeMutableBufferPointer<Int32>) throws -> Set<Int> {
        var reviewCandidates = Set<Int>()
        /// The pair's row of recon_pairs: the model's scores when it weighed the pair.
        func explain(_ i: Int, _ record: Int, _ decision: String, _ pairs: [ScoredPair], rule: String? = nil) throws {
            let pair = pairs.first { $0.record == Int32(record) }
            try writer.explain(line: i, record: record, decision: decision,
                               pattern: pair?.pattern ?? data.compare(line: i, record: record, maxEdits: maxEdits),
                               scored: pair, rule: rule)
        }
        try decisions.forEach(lines) { i, outcome in
            let best = outcome.pairs.first
            switch outcome.decision {
            case .match(let record, let rule):
                matched[i] = Int32(record)
                try writer.match(line: i, record: record, rule: rule, decision: "match", scored: best)
                try explain(i, record, "match", outcome.pairs, rule: rule)
            case .conflict(let record, let rule, let given):
                let line = data.line(i), r = data.record(record)
                let why = given.isEmpty ? Reasons.conflict(line, r, rule: rule) : given
                try writer.match(line: i, record: record, rule: rule, decision: "conflict", detail: why, scored: best)
                try explain(i, record, "conflict", outcome.pairs, rule: rule)
                try writer.exception(.identityConflict, line: i, record: record, amount: line.amount,
                                     detail: "the payment's \(rule) points to a registry record of another person: \(why)",
                                     reasonVI: Reasons.vietnamese(.identityConflict, line: line, record: r, period: period,
                                                                  amount: line.amount, extra: Reasons.differences(line, r)))
            case .review(let candidates, let given):
                reviewCandidates.formUnion(candidates)
                let line = data.line(i)
                let first = candidates.first.map { data.record($0) }
                let codes = candidates.prefix(5).map { data.code(record: $0) }.joined(separator: ", ")
                let why = given.isEmpty ? Reasons.review(outcome.pairs, data: data) : given
                try writer.match(line: i, record: candidates.first, rule: best?.rule.label ?? "name", decision: "review", detail: why, scored: best)
                for candidate in candidates.prefix(5) { try explain(i, candidate, "review", outcome.pairs) }
                try writer.exception(.needsReview, line: i, record: candidates.first, amount: line.amount,
                                     detail: "\(why); candidates: \(codes)",
                                     reasonVI: Reasons.vietnamese(.needsReview, line: line, record: first, period: period, amount: line.amount, extra: codes))
            case .unmatched:
                let line = data.line(i)
                try writer.match(line: i, record: nil, rule: "none", decision: "unmatched")
                try writer.exception(.paidNotRegistered, line: i, record: nil, amount: line.amount,
                                     detail: "no registry record has this code, citizen ID, or name with this birth (\(line.fullName), \(line.birthDate ?? line.birthYear.map(String.init) ?? "no birth date"))"
                                        + (best.map { "; the closest, \(data.code(record: Int($0.record))), has probability \(Reasons.percent($0.probability))" } ?? ""),
                                     reasonVI: Reasons.vietnamese(.paidNotRegistered, line: line, record: nil, period: period, amount: line.amount))
            }
        }
        return reviewCandidates
    }
}
