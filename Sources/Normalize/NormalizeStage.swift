import Foundation
import Ingest
import Logging
import Pipeline
import Warehouse

/// The normalize stage: ingest streams every file's rows through `NormalizeSink` into the
/// dataset tables, with the ledger, rejects and findings beside them.
public enum NormalizeStage {
    /// Rewrites the dataset tables, the ledger, rejects and findings from INPUT. With
    /// `published` (an incremental run into a new warehouse), the files unchanged since that
    /// warehouse was built are copied from it instead of parsed, when it was normalized by this
    /// build with the same configuration, period and year.
    ///
    /// `rowsStored` is called once every row is committed, before the dataset checks: what
    /// reads the tables on another connection can start there.
    @discardableResult
    public static func run(context: RunContext, db: Database, logger: Logger, published: URL? = nil,
                           rowsStored: (() throws -> Void)? = nil) throws -> [LedgerEntry] {
        try Schema.clear(Schema.datasetTables + Schema.ingestTables + ["admin_units"], in: db)
        try writeAdminUnits(context.config.gazetteer, db: db)
        try db.execute(Indexes.drop)
        // One parsing thread per core; this thread writes (SQLite has one writer anyway).
        let workers = (0..<Self.workerCount).map { _ -> IngestWorker in
            let log = QualityLog()
            return IngestWorker(sink: NormalizeSink(context: context, log: log, logger: logger), log: log)
        }
        // The configuration is its YAML and the gazetteer it names (commune codes come from it).
        let configuration = Fingerprint.sha256(context.config.text) + "+" + (Fingerprint.sha256(fileAt: context.config.gazetteerURL) ?? "-")
        let state = PreviousRun.state(config: configuration, period: context.period, year: context.year)
        let previous = published.flatMap { PreviousRun.open(published: $0, into: db, state: state, logger: logger) }
        defer { previous?.close() }
        // The writer counts what the dataset checks need as it stores the rows, unless some
        // files' rows are to be copied from the published warehouse instead (it never sees those).
        let writer = try NormalizeWriter(db: db, tally: previous == nil ? DatasetTally() : nil)
        var clock = ContinuousClock.now
        func lap(_ what: String) {
            let now = ContinuousClock.now
            logger.debug("normalize: \(what) in \(now - clock)")
            clock = now
        }
        let ledger = try IngestStage.run(context: context, db: db, workers: workers, writeRows: writer.write,
                                         logger: logger, previous: previous, planned: { writer.tally?.reserve(for: $0) })
        lap("files parsed and stored")
        try db.run("INSERT OR REPLACE INTO schema_meta(key, value) VALUES ('normalize_state', ?)", [.text(state)])
        try rowsStored?()
        if let tally = writer.tally {
            try DatasetChecks.write(DatasetChecks.find(tally: tally, db: db), into: db)
        } else {
            // The dataset checks read on a connection of their own, beside what `rowsStored` started.
            let checks = try DatasetChecks.start(db: db, year: context.year)
            defer { checks.finish() }
            try DatasetChecks.write(checks, into: db)
        }
        lap("dataset checks")
        return ledger
    }

    /// Parsing threads: one per core, at most four (the writer is the limit beyond that);
    /// `ANSINH_WORKERS` overrides it (1 = sequential parsing, for comparison).
    static var workerCount: Int {
        if let text = ProcessInfo.processInfo.environment["ANSINH_WORKERS"], let n = Int(text), n > 0 { return min(n, 16) }
        return min(4, max(1, ProcessInfo.processInfo.activeProcessorCount))
    }

    static func writeAdminUnits(_ gazetteer: Gazetteer, db: Database) throws {
        let names = Dictionary(uniqueKeysWithValues: gazetteer.districts.map { ($0.code, $0) })
        let insert = try db.prepare("INSERT OR REPLACE INTO admin_units VALUES (?,?,?,?,?,?)")
        try db.transaction {
            for commune in gazetteer.communes {
                let district = names[commune.districtCode]
                try insert.run([.text(district?.provinceCode), .text(commune.districtCode), .text(district?.name ?? ""),
                                .text(commune.code), .text(commune.name), .text(commune.type)])
            }
        }
    }
}

/// The dataset tables have no index. Every later stage reads the month's payment lines, the
/// registry or a year of households whole, once each, and a scan in table order does that faster
/// than an index's lookups. An index would also cost more to build than it saves: at national
/// scale (5 million lines of one month) `payments(period, district_code)` took 3.6 s to sort
/// after the load and saved about 1 s of scans in the checks and the report, and
/// `beneficiaries(beneficiary_id)` (1.3 s) served no stage. The duplicate-ID check hashes the
/// IDs (`DuplicateIDs`). Analysts who query the warehouse by hand can add their own (README).
enum Indexes {
    /// The indexes earlier versions built, dropped before a load (maintained row by row they
    /// would slow it) and not built again.
    static let drop = """
    DROP INDEX IF EXISTS payments_period; DROP INDEX IF EXISTS beneficiaries_code;
    DROP INDEX IF EXISTS recruitment_year; DROP INDEX IF EXISTS households_year; DROP INDEX IF EXISTS beneficiaries_id;
    """
}
