import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Ingest
import Pipeline
import Warehouse

/// The run history: `runs` (one row per run), `run_stages` (one row per stage of a run) and
/// `quality_checks` (every check of every run, by `run_id`), carried over from the published
/// warehouse into each new one.
enum RunHistory {
    /// The schema name the published warehouse is attached under while it is copied.
    private static let schema = "published"
    /// Where the earlier runs' checks wait, on this connection, while `QualityChecks.run`
    /// rewrites `quality_checks`; `finish` puts them back.
    private static let carriedChecks = "carried_quality_checks"

    /// Copies the history tables (`runs`, `run_stages`, `review_decisions`, and the earlier
    /// runs' `quality_checks`) from the published warehouse into `db`, a new warehouse whose
    /// schema is created. Each table is copied on its own, by the columns both warehouses have,
    /// so an older warehouse (without `run_stages`, or without `quality_checks.run_id`) still
    /// gives what it has. An unreadable old warehouse or table must not stop tonight's run:
    /// what could not be carried is returned (table names), for the caller to log.
    @discardableResult
    static func carryOver(from published: URL, into db: Database) throws -> [String] {
        guard FileManager.default.fileExists(atPath: published.path) else { return [] }
        do {
            try db.run("ATTACH DATABASE ? AS \(schema)", [.text(published.path)])
        } catch {
            return ["runs", "run_stages", "review_decisions", "quality_checks"]
        }
        defer { try? db.execute("DETACH DATABASE \(schema)") }
        var lost: [String] = []
        for table in ["runs", "run_stages"] {
            do { try copy(table, in: db) } catch { lost.append(table) }
        }
        // Analysts' review decisions live on from run to run.
        do { try copy("review_decisions", in: db, orReplace: true) } catch { lost.append("review_decisions") }
        do { try holdChecks(in: db) } catch { lost.append("quality_checks") }
        return lost
    }

    /// Records the start of the run; returns its `run_id`.
    static func start(_ db: Database, context: RunContext, command: String) throws -> Int64 {
        let stamp = timestamp()
        try db.run("""
            INSERT INTO runs(started_at, command, input_dir, output_dir, period, year, config_path, config_sha256, stages, outcome)
            VALUES (?,?,?,?,?,?,?,?,?, 'running')
            """, [.text(stamp), .text(command), .text(context.input.path), .text(context.output.path), .text(context.period),
                  .int(context.year), .text(context.config.path.path), .text(Fingerprint.sha256(context.config.text)),
                  .text("ingest,normalize,reconcile,aggregate,report")])
        return try db.scalar("SELECT last_insert_rowid()")?.int ?? 0
    }

    /// Records the end of the run, with its ledger's counts and the `source_file=sha256` lines
    /// of its inputs; files this run's checks under `runID` and puts the earlier runs' checks
    /// (held by `carryOver`) back beside them.
    static func finish(_ db: Database, runID: Int64, outcome: Outcome, ledger: [LedgerEntry], exceptions: Int, message: String) throws {
        let inputs = ledger.map { "\($0.sourceFile)=\($0.sha256 ?? "-")" }.joined(separator: "\n")
        let findings = try db.scalar("SELECT COUNT(*) FROM quality_findings")?.int ?? 0
        try db.run("""
            UPDATE runs SET finished_at = ?, outcome = ?, exit_code = ?, inputs = ?, files = ?, rows_data = ?, rows_loaded = ?,
              rows_rejected = ?, findings = ?, exceptions = ?, message = ? WHERE run_id = ?
            """, [.text(timestamp()), .text(outcome == .success ? "published" : "checks_failed"),
                  .int(Int(outcome.rawValue)), .text(inputs), .int(ledger.count), .int(ledger.map(\.rowsData).reduce(0, +)),
                  .int(ledger.map(\.rowsLoaded).reduce(0, +)), .int(ledger.map(\.rowsRejected).reduce(0, +)),
                  .int64(findings), .int(exceptions), .text(message.isEmpty ? nil : message), .integer(runID)])
        try fileChecks(in: db, runID: runID)
    }

    /// Records that `stage` of run `runID` has started (a `run_stages` row without an end).
    static func stageStarted(_ db: Database, runID: Int64, stage: String) throws {
        try addPeakColumnIfMissing(db)
        try db.run("INSERT INTO run_stages(run_id, stage, started_at) VALUES (?,?,?)",
                   [.integer(runID), .text(stage), .text(timestamp())])
    }

    /// Records the end of `stage` of run `runID`: rows read and written, warnings, the outcome
    /// ("ok", "failed", …), a message, and the stage's peak resident memory in KiB. Without a
    /// matching `stageStarted` the row is written whole, started when it finished (a duration of
    /// 0 rather than no row).
    static func stageFinished(_ db: Database, runID: Int64, stage: String, rowsIn: Int?, rowsOut: Int?, warnings: Int?,
                              outcome: String, message: String?, peakRSSKiB: Int? = nil) throws {
        let now = timestamp()
        try addPeakColumnIfMissing(db)
        try db.run("""
            UPDATE run_stages SET finished_at = ?, rows_in = ?, rows_out = ?, warnings = ?, outcome = ?, message = ?, peak_rss_kib = ?
            WHERE rowid = (SELECT MAX(rowid) FROM run_stages WHERE run_id = ? AND stage = ? AND finished_at IS NULL)
            """, [.text(now), .int(rowsIn), .int(rowsOut), .int(warnings), .text(outcome), .text(message), .int(peakRSSKiB),
                  .integer(runID), .text(stage)])
        if db.changes == 0 {
            try db.run("""
                INSERT INTO run_stages(run_id, stage, started_at, finished_at, rows_in, rows_out, warnings, outcome, message, peak_rss_kib)
                VALUES (?,?,?,?,?,?,?,?,?,?)
                """, [.integer(runID), .text(stage), .text(now), .text(now), .int(rowsIn), .int(rowsOut), .int(warnings),
                      .text(outcome), .text(message), .int(peakRSSKiB)])
        }
    }

    /// A warehouse made before `run_stages.peak_rss_kib` (a stage command run against an older
    /// published warehouse) gets the column, empty for its earlier stages.
    private static func addPeakColumnIfMissing(_ db: Database) throws {
        let columns = try db.rows("SELECT name FROM pragma_table_info('run_stages')").compactMap { $0[0].string }
        if !columns.isEmpty && !columns.contains("peak_rss_kib") {
            try db.execute("ALTER TABLE run_stages ADD COLUMN peak_rss_kib INTEGER")
        }
    }

    /// Runs `body` as `stage` of run `runID`, recorded in `run_stages`: started, then finished
    /// "ok" with the stage's counts as the warehouse then holds them (`counts(of:in:period:)`),
    /// or "failed" with the error, which is rethrown. Returns what `body` returns, so that a
    /// stage call is wrapped without being rewritten. `known` gives the counts from what the
    /// stage returned instead, when it knows them (counting millions of rows again takes a scan
    /// each); they must be what `counts(of:in:period:)` would read.
    static func recordStage<T>(_ stage: String, _ db: Database, runID: Int64, period: String, known: ((T) -> StageCounts)? = nil,
                               _ body: () throws -> T) throws -> T {
        let started = Date()
        try stageStarted(db, runID: runID, stage: stage)
        PeakMemory.reset()
        let value: T
        do {
            value = try body()
        } catch {
            try? stageFinished(db, runID: runID, stage: stage, rowsIn: nil, rowsOut: nil, warnings: nil, outcome: "failed",
                               message: "\(error)", peakRSSKiB: PeakMemory.sinceReset())
            throw error
        }
        let peak = PeakMemory.sinceReset()
        let counts = known.map { $0(value) } ?? (try? self.counts(of: stage, in: db, period: period)) ?? StageCounts()
        try stageFinished(db, runID: runID, stage: stage, rowsIn: counts.rowsIn, rowsOut: counts.rowsOut, warnings: counts.warnings,
                          outcome: "ok", message: nil, peakRSSKiB: peak)
        Progress.stage(stage, rows: counts.rowsIn, seconds: Date().timeIntervalSince(started))
        return value
    }

    /// The peak resident memory of a stage. On Linux, writing "5" to /proc/self/clear_refs
    /// resets the kernel's high-water mark (VmHWM) at the stage's start, and VmHWM at its end
    /// is that stage's own peak. Elsewhere, or when /proc refuses, the process's peak so far
    /// (getrusage ru_maxrss), which covers the earlier stages too. The reset also lowers what
    /// the process reports as its peak at exit (wait4, /usr/bin/time): a run's peak is the
    /// largest of its stages'.
    enum PeakMemory {
        nonisolated(unsafe) private static var resetWorks = false
        #if os(Linux)
        private static let RUSAGE_SELF_WHO = __rusage_who_t(RUSAGE_SELF.rawValue)
        #else
        private static let RUSAGE_SELF_WHO = RUSAGE_SELF
        #endif

        /// Starts a stage's measurement.
        static func reset() {
            resetWorks = false
            #if os(Linux)
            let fd = open("/proc/self/clear_refs", O_WRONLY)
            guard fd >= 0 else { return }
            resetWorks = write(fd, "5", 1) == 1
            close(fd)
            #endif
        }

        /// The peak resident memory in KiB since `reset`, nil when it cannot be read.
        static func sinceReset() -> Int? {
            var kib: Int?
            if resetWorks, let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
               let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) {
                kib = line.split(separator: " ").compactMap { Int($0) }.first
            }
            if kib == nil {
                var usage = rusage()
                if getrusage(RUSAGE_SELF_WHO, &usage) == 0 { kib = Int(usage.ru_maxrss) } // KiB on Linux
            }
            return kib
        }
    }

    /// A line per finished stage with its rows per second, for a person at a terminal; nothing
    /// under cron (standard error is not a terminal) or with --quiet.
    enum Progress {
        nonisolated(unsafe) static var enabled = false

        static func stage(_ stage: String, rows: Int?, seconds: Double) {
            guard enabled else { return }
            var line = "  \(stage.padding(toLength: 10, withPad: " ", startingAt: 0)) \(String(format: "%6.1f s", seconds))"
            if let rows, rows > 0, stage != "checks" {
                line += "  \(rows) rows, \(Int(Double(rows) / max(seconds, 0.001))) rows/s"
            }
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    /// A stage's rows in and out and its warnings, as `run_stages` keeps them.
    struct StageCounts: Equatable {
        var rowsIn: Int?
        var rowsOut: Int?
        var warnings: Int?
    }

    /// The counts of a finished stage, read from the tables it wrote:
    /// - normalize (or ingest): data rows read, rows loaded, quality findings;
    /// - reconcile: payment lines of the period, exceptions of the period, lines for review;
    /// - aggregate: indicator rows written;
    /// - checks: checks run (in), checks passed (out), checks failed;
    /// - any other stage (report): none.
    static func counts(of stage: String, in db: Database, period: String) throws -> StageCounts {
        func count(_ sql: String, _ arguments: [SQLValue] = []) throws -> Int? {
            try db.scalar(sql, arguments)?.int.map { Int($0) }
        }
        switch stage {
        case "normalize", "ingest":
            return StageCounts(rowsIn: try count("SELECT COALESCE(SUM(rows_data), 0) FROM file_ledger"),
                               rowsOut: try count("SELECT COALESCE(SUM(rows_loaded), 0) FROM file_ledger"),
                               warnings: try count("SELECT COUNT(*) FROM quality_findings"))
        case "reconcile":
            return StageCounts(rowsIn: try count("SELECT COUNT(*) FROM payments WHERE period = ?", [.text(period)]),
                               rowsOut: try count("SELECT COUNT(*) FROM recon_exceptions WHERE period = ?", [.text(period)]),
                               warnings: try count("SELECT COUNT(*) FROM recon_matches WHERE period = ? AND decision = 'review'", [.text(period)]))
        case "aggregate":
            return StageCounts(rowsIn: nil, rowsOut: try count("""
                SELECT (SELECT COUNT(*) FROM provincial_indicators) + (SELECT COUNT(*) FROM district_indicators)
                     + (SELECT COUNT(*) FROM period_indicators)
                """), warnings: nil)
        case "checks":
            return StageCounts(rowsIn: try count("SELECT COUNT(*) FROM quality_checks WHERE run_id IS NULL"),
                               rowsOut: try count("SELECT COUNT(*) FROM quality_checks WHERE run_id IS NULL AND passed <> 0"),
                               warnings: try count("SELECT COUNT(*) FROM quality_checks WHERE run_id IS NULL AND passed = 0"))
        default:
            return StageCounts()
        }
    }

    /// A run's or a stage's timestamp: ISO 8601 in UTC with milliseconds ("2024-03-02T01:30:02.137Z"),
    /// so that durations are exact to the millisecond.
    static func timestamp(_ date: Date = Date()) -> String {
        JSONLogHandler.iso8601(date)
    }

    // MARK: - Copying

    /// The column names of `table` in `schema` (none when the table does not exist there).
    private static func columns(of table: String, in schema: String, db: Database) throws -> [String] {
        try db.rows("SELECT name FROM pragma_table_info(?, ?)", [.text(table), .text(schema)]).compactMap { $0[0].string }
    }

    /// Copies every row of the published `table` by the columns both sides have.
    private static func copy(_ table: String, in db: Database, orReplace: Bool = false) throws {
        let theirs = Set(try columns(of: table, in: schema, db: db))
        let common = try columns(of: table, in: "main", db: db).filter(theirs.contains)
        guard !common.isEmpty else { return } // an older warehouse without the table
        let list = common.map { "\"\($0)\"" }.joined(separator: ", ")
        try db.execute("INSERT \(orReplace ? "OR REPLACE " : "")INTO main.\(table)(\(list)) SELECT \(list) FROM \(schema).\(table)")
    }

    /// Keeps the published warehouse's checks in a temporary table of this connection (the
    /// checks stage empties `quality_checks`). Checks of a warehouse older than
    /// `quality_checks.run_id` were those of its last run.
    private static func holdChecks(in db: Database) throws {
        try db.execute("DROP TABLE IF EXISTS temp.\(carriedChecks)")
        let theirs = Set(try columns(of: "quality_checks", in: schema, db: db))
        guard !theirs.isEmpty else { return }
        let common = try columns(of: "quality_checks", in: "main", db: db).filter { theirs.contains($0) && $0 != "run_id" }
        let list = common.map { "\"\($0)\"" }.joined(separator: ", ")
        let runID = theirs.contains("run_id") ? "COALESCE(run_id, (SELECT MAX(run_id) FROM \(schema).runs))"
                                              : "(SELECT MAX(run_id) FROM \(schema).runs)"
        try db.execute("CREATE TEMP TABLE \(carriedChecks) AS SELECT \(list), \(runID) AS run_id FROM \(schema).quality_checks")
    }

    /// Files the checks without a run under `runID`, then adds the held checks of the runs that
    /// `quality_checks` does not hold yet (so calling it twice, or after a checks stage that
    /// kept the older rows, adds nothing twice).
    private static func fileChecks(in db: Database, runID: Int64) throws {
        try db.run("UPDATE quality_checks SET run_id = ? WHERE run_id IS NULL", [.integer(runID)])
        guard try db.scalar("SELECT COUNT(*) FROM temp.sqlite_master WHERE name = ?", [.text(carriedChecks)])?.int == 1 else { return }
        let held = Set(try columns(of: carriedChecks, in: "temp", db: db))
        let list = try columns(of: "quality_checks", in: "main", db: db).filter(held.contains).map { "\"\($0)\"" }.joined(separator: ", ")
        try db.execute("""
            INSERT INTO main.quality_checks(\(list)) SELECT \(list) FROM temp.\(carriedChecks)
            WHERE run_id IS NOT NULL AND run_id NOT IN (SELECT run_id FROM main.quality_checks WHERE run_id IS NOT NULL)
            """)
        try db.execute("DROP TABLE temp.\(carriedChecks)")
    }
}
