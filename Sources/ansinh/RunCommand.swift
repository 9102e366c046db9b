import Aggregate
import ArgumentParser
import Foundation
import Ingest
import Logging
import Normalize
import Pipeline
import Reconcile
import Report
import Warehouse

/// Every stage, built into a new warehouse beside the published one and published by rename
/// only when the blocking checks pass.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run every stage: ingest, normalize, reconcile, aggregate, report.")
    @OptionGroup var options: CommonOptions
    @Flag(help: "Write citizen IDs unmasked in the report files (the department's own use only).")
    var unmasked = false
    @Flag(help: "Parse every file again, even those unchanged since the published warehouse was built.")
    var fullRefresh = false

    func run() throws {
        let context = try options.context()
        let logger = options.logger("ansinh.run")
        logger.debug("allocator: jemalloc \(Allocator.version ?? "(version unknown)"), transparent huge pages \(Allocator.hugePages ?? "(unknown)")")
        // Everything the run creates holds personal data: the building warehouse and its
        // journal too, readable by the owner only from their first byte.
        umask(0o077)
        RunHistory.Progress.enabled = isatty(STDERR_FILENO) == 1 && !options.quiet
        let lock = try OutputLock(folder: context.output, wait: options.wait)
        defer { withExtendedLifetime(lock) {} }

        let fm = FileManager.default
        // A run killed while swapping report folders left the old one aside: back in place.
        Self.recoverFolder(context.reportURL)
        Self.recoverFolder(context.output.appendingPathComponent("report.failed"))
        let building = context.output.appendingPathComponent("warehouse.building.sqlite")
        let buildingReport = context.output.appendingPathComponent("report.building")
        for url in [building, buildingReport] + Self.sidecars(of: building) { try? fm.removeItem(at: url) }

        let started = Date()
        let outcome: Outcome
        var failedChecks: [QualityChecks.Result] = []
        do {
            let db = try Database(path: building.path)
            // Creating the schema commits a few dozen times: none need reach the disk (see below).
            try db.execute("PRAGMA synchronous = OFF")
            try Schema.create(in: db)
            try Schema.tuneForBatch(db)
            // Nothing is published until the end: the building file need not reach the disk
            // before then (a crash throws it away). Synced in full before it is published.
            try db.execute("PRAGMA synchronous = OFF")
            // A rollback journal while building: pages appended to the file are not journaled,
            // so the new tables are written once. WAL would write every page twice (to the log,
            // then to the file at the checkpoint): at national scale that was 6 s of reconcile's
            // commit alone. The published file is in WAL mode again (below). PERSIST, not
            // DELETE: the journal is created once, not at each of the thousands of files'
            // transactions (creating a file a second after deleting one costs ext4 a scan of
            // its recently deleted inodes).
            try db.execute("PRAGMA journal_mode = PERSIST")
            try RunHistory.carryOver(from: context.warehouseURL, into: db)
            let runID = try RunHistory.start(db, context: context, command: "run")

            // Reconcile's input is read on other connections while this one writes the dataset
            // checks' findings and reads aggregate's and the checks' counts. In WAL mode for that
            // while: with a rollback journal, the findings' commit would wait for the readers'
            // shared locks to go (seconds at national scale), and this core with it. Only those
            // few pages are written twice. Every connection still waits for a lock rather than
            // failing.
            try db.waitWhenBusy()
            var readAhead: ReadAhead?
            defer { readAhead?.finish() }

            // Each stage's start, end, rows and outcome go to run_stages.
            let ledger = try RunHistory.recordStage("normalize", db, runID: runID, period: context.period) {
                try NormalizeStage.run(context: context, db: db, logger: logger, published: fullRefresh ? nil : context.warehouseURL) {
                    // `main.`: an incremental run still has the published warehouse attached.
                    try db.execute("PRAGMA main.journal_mode = WAL")
                    readAhead = ReadAhead(path: building.path, period: context.period)
                }
            }
            // This core would wait for the reading: it reads what aggregate counts besides the
            // month's payments meanwhile (reconcile changes none of it).
            var clock = ContinuousClock.now
            let aggregateInput = try AggregateStage.readInput(db, year: context.year)
            logger.debug("aggregate's input read in \(ContinuousClock.now - clock)")
            // And what the checks read (normalize's tables alone), while the last reader ends.
            clock = .now
            let checkResults = try QualityChecks.find(db: db, context: context, ledger: ledger)
            logger.debug("the checks read in \(ContinuousClock.now - clock)")
            readAhead?.ready()
            logger.debug("reconcile's input read \(ContinuousClock.now - clock) after the checks began reading")
            // Back to the rollback journal once the readers have closed (the switch checkpoints
            // the log and needs the file to itself), before reconcile writes its rows. Should it
            // not switch, the run is right all the same, only slower.
            clock = .now
            if let mode = try db.scalar("PRAGMA main.journal_mode = PERSIST")?.string, mode != "persist" {
                logger.debug("the building warehouse stays in \(mode) mode for reconcile")
            } else {
                logger.debug("the building warehouse is back to its rollback journal in \(ContinuousClock.now - clock)")
            }
            Allocator.releaseFreeMemory()
            let summary = try RunHistory.recordStage("reconcile", db, runID: runID, period: context.period, known: \.counts) {
                try ReconcileStage.run(context: context, db: db, logger: logger, input: readAhead)
            }
            Allocator.releaseFreeMemory()
            // Nearly all of the warehouse is written: its pages go to disk while aggregate, the
            // checks and the report work, instead of inside the commit before publishing.
            let flushing = Background { Self.startWriteback(building) }
            defer { flushing.finish() }
            // The report's error files and district lists depend on nothing after reconcile:
            // written on another core while aggregate and the checks run on this one.
            let reportOptions = ReportOptions(unmasked: unmasked)
            let listings = try ReportStage.startListings(context: context, db: db, into: buildingReport, options: reportOptions)
            defer { listings?.finish() }
            try RunHistory.recordStage("aggregate", db, runID: runID, period: context.period) {
                try AggregateStage.run(context: context, db: db, logger: logger, input: aggregateInput)
            }
            let results = try RunHistory.recordStage("checks", db, runID: runID, period: context.period) {
                try QualityChecks.write(checkResults, into: db)
                return checkResults
            }
            failedChecks = results.filter { $0.blocking && !$0.passed }
            try RunHistory.recordStage("report", db, runID: runID, period: context.period) {
                try ReportStage.run(context: context, db: db, into: buildingReport, logger: logger, options: reportOptions, listings: listings)
            }
            let result: Outcome = failedChecks.isEmpty ? .success : .checksFailed
            try RunHistory.finish(db, runID: runID, outcome: result, ledger: ledger, exceptions: summary.exceptions.values.reduce(0, +),
                                  message: failedChecks.map(\.detail).joined(separator: "; "))
            try db.execute("PRAGMA synchronous = FULL")
            // Back to WAL for the published file (readers beside a writer); the log starts empty,
            // and the kept rollback journal is deleted (a test checks no sidecar is left).
            // The switch rewrites the header in a rollback-journal commit under FULL: that commit
            // is what puts the whole file on disk before the rename. SQLite answers with the old
            // mode when it cannot switch (a statement still running): that must not publish.
            guard try db.scalar("PRAGMA journal_mode = WAL")?.string == "wal" else {
                throw FatalError(description: "the building warehouse could not be switched to WAL mode before publishing")
            }
            outcome = result
        } catch let error as ConfigurationError {
            for url in [building, buildingReport] + Self.sidecars(of: building) { try? fm.removeItem(at: url) }
            throw error
        } catch {
            for url in [building, buildingReport] + Self.sidecars(of: building) { try? fm.removeItem(at: url) }
            logger.critical("run failed, nothing published: \(error)")
            throw ExitCode(Outcome.fatal.rawValue)
        }

        if outcome == .success {
            // The warehouse being replaced joins history/ (the newest keep_published are kept).
            try PublishedCopies.rotate(output: context.output, keep: context.config.thresholds.keepPublished)
            try Self.publish(building, over: context.warehouseURL)
            try Self.publishFolder(buildingReport, over: context.reportURL)
            logger.info("published \(context.warehouseURL.path) and \(context.reportURL.path) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        } else {
            let kept = context.output.appendingPathComponent("warehouse.failed.sqlite")
            let keptReport = context.output.appendingPathComponent("report.failed")
            try Self.publish(building, over: kept)
            try Self.publishFolder(buildingReport, over: keptReport)
            for check in failedChecks { logger.error("blocking check failed: \(check.name) \(check.subject): \(check.detail)") }
            logger.error("not published: the new output is in \(kept.path); the published warehouse is unchanged")
            throw ExitCode(Outcome.checksFailed.rawValue)
        }
    }

    static func sidecars(of url: URL) -> [URL] {
        ["-wal", "-shm", "-journal"].map { URL(fileURLWithPath: url.path + $0) }
    }

    /// Writes the file's dirty pages to disk and waits for them (`fdatasync` on a descriptor of
    /// its own: the kernel flushes the file, whoever wrote it). Only an early start: SQLite's
    /// own sync at the last commit is what makes the file safe to publish.
    static func startWriteback(_ file: URL) {
        let fd = open(file.path, O_RDONLY)
        guard fd >= 0 else { return }
        _ = fdatasync(fd)
        close(fd)
    }

    /// Renames a finished database over the target (atomic on one file system).
    static func publish(_ file: URL, over target: URL) throws {
        for sidecar in sidecars(of: target) { try? FileManager.default.removeItem(at: sidecar) }
        guard rename(file.path, target.path) == 0 else {
            throw FatalError(description: "cannot publish \(target.path): \(String(cString: strerror(errno)))")
        }
        chmod(target.path, 0o600)
    }

    /// Swaps a finished folder in for the target folder: in one step where the kernel can
    /// exchange two paths (Linux `renameat2` with RENAME_EXCHANGE), so that the target never
    /// disappears; else the old one is moved aside first, and `recoverFolder` puts it back if
    /// the run dies in between.
    static func publishFolder(_ folder: URL, over target: URL) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: target.path), FolderExchange.exchange(folder.path, target.path) {
            try? fm.removeItem(at: folder)   // now the old folder
            return
        }
        let old = URL(fileURLWithPath: target.path + ".old")
        try? fm.removeItem(at: old)
        if fm.fileExists(atPath: target.path) { try fm.moveItem(at: target, to: old) }
        try fm.moveItem(at: folder, to: target)
        try? fm.removeItem(at: old)
    }

    /// After a run that died while swapping folders the old way: the target back in place.
    static func recoverFolder(_ target: URL) {
        let fm = FileManager.default
        let old = URL(fileURLWithPath: target.path + ".old")
        guard fm.fileExists(atPath: old.path) else { return }
        if fm.fileExists(atPath: target.path) { try? fm.removeItem(at: old) } else { try? fm.moveItem(at: old, to: target) }
    }
}

/// `renameat2(…, RENAME_EXCHANGE)`, looked up at run time: Swift's Glibc module does not
/// declare it, and a kernel or file system without it just makes `exchange` return false.
enum FolderExchange {
    private typealias Renameat2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    private static let function: Renameat2? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return nil }   // RTLD_DEFAULT
        return unsafeBitCast(symbol, to: Renameat2.self)
    }()

    /// Atomically swaps two existing paths; false when that cannot be done here.
    static func exchange(_ a: String, _ b: String) -> Bool {
        guard let function else { return false }
        let renameExchange: UInt32 = 1 << 1
        return function(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0
    }
}

extension ReconcileStage.Summary {
    /// The stage's counts as `run_stages` keeps them, from what it wrote: its lines are the
    /// period's payment lines, and each line left for review has one NEEDS_REVIEW exception.
    var counts: RunHistory.StageCounts {
        RunHistory.StageCounts(rowsIn: lines, rowsOut: exceptions.values.reduce(0, +),
                               warnings: exceptions[ExceptionType.needsReview.rawValue] ?? 0)
    }
}
