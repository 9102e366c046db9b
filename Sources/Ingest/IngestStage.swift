import Foundation
import Logging
import Pipeline
import Warehouse

/// The ingest stage: every file under INPUT, through the sink, into the ledger.
public enum IngestStage {
    /// Ingests every input file with one sink that stores nothing itself (it checks structure,
    /// or records rows for a test), on one parsing thread (see the other `run`).
    @discardableResult
    public static func run(context: RunContext, db: Database, sink: RowSink, logger: Logger,
                           previous: PreviousRun? = nil) throws -> [LedgerEntry] {
        let log = QualityLog()
        return try run(context: context, db: db, workers: [IngestWorker(sink: sink, log: log)], writeRows: { rows in
            // Rows kept for a writer and dropped here would vanish without a reject.
            guard rows.isEmpty else { throw SinkWithoutWriter(rows: rows.reduce(0) { $0 + $1.rows.count }) }
        }, logger: logger, previous: previous)
    }

    /// Ingests every input file, one transaction per file, and writes `file_ledger` and
    /// `rejects` (the stage's own tables, cleared first). Returns the ledger, in file order.
    ///
    /// Files are parsed on one thread per worker while this thread writes what they produced:
    /// each file's loaded rows (`writeRows`), rejects, findings and ledger line, in file order,
    /// so the warehouse is the same whatever the number of workers.
    ///
    /// With `previous` (an incremental run), a file whose name and content are those the
    /// published warehouse was built from is not parsed: its rows, rejects, findings and ledger
    /// line are copied. The same content under two names tonight, or under a new name since the
    /// last run, is a finding (`same_content`).
    @discardableResult
    public static func run(context: RunContext, db: Database, workers: [IngestWorker],
                           writeRows: ([LoadedRows]) throws -> Void, logger: Logger,
                           previous: PreviousRun? = nil, planned: ([InputFile]) -> Void = { _ in }) throws -> [LedgerEntry] {
        let files = try InputScanner.scan(context.input, config: context.config)
        // The files to come, before the first is read (the writer sizes what it keeps by them).
        planned(files)
        let log = try QualityLog(db: db)
        var parsed: [LedgerEntry?] = []
        var carried: [String] = []
        var firstWith: [String: String] = [:]       // sha256 → the first file with that content tonight

        /// What a worker made of one file: its sha256, and unless the file is carried over, its
        /// ledger entry, rejects and findings, and loaded rows.
        struct Outcome {
            let sha: String?
            let parsed: Result<(entry: LedgerEntry, log: [QualityLog.Entry], rows: [LoadedRows]), Error>?
        }
        let work = { (worker: Int, index: Int) -> Outcome in
            let file = files[index]
            if index + ReadAheadAdvice.files < files.count { ReadAheadAdvice.willNeed(files[index + ReadAheadAdvice.files].url) }
            // One read hashes the file and checks its bytes; the ingestor reuses it.
            let scan = try? TextDecoder.scan(file.url)
            if let previous, let sha = scan?.sha256, previous.unchanged(file.relativePath, sha256: sha) {
                return Outcome(sha: scan?.sha256, parsed: nil)
            }
            let tools = workers[worker]
            let result = Result { () -> (entry: LedgerEntry, log: [QualityLog.Entry], rows: [LoadedRows]) in
                let entry = try FileIngestor(file: file, config: context.config, log: tools.log, sink: tools.sink,
                                             logger: logger, scan: scan).run()
                return (entry, tools.log.take(), tools.sink.takeLoaded())
            }
            if case .failure = result { _ = tools.log.take(); _ = tools.sink.takeLoaded() }
            return Outcome(sha: scan?.sha256, parsed: result)
        }
        try OrderedWork<Outcome>().run(count: files.count, workers: workers.count, window: 4 * workers.count, work: work) { index, outcome in
            let file = files[index]
            if let sha = outcome.sha {
                if let first = firstWith[sha] {
                    try log.finding(file: file.relativePath, line: nil, rule: "same_content",
                                    detail: "same content as \(first): the same file sent twice would count its rows twice",
                                    severity: "warning", district: file.district?.code)
                } else {
                    firstWith[sha] = file.relativePath
                    if let previous, previous.files[file.relativePath] == nil, let old = previous.names[sha] {
                        try log.finding(file: file.relativePath, line: nil, rule: "same_content",
                                        detail: "same content as \(old) of the last run, renamed", severity: "warning", district: file.district?.code)
                    }
                }
            }
            guard let result = outcome.parsed else {
                carried.append(file.relativePath)
                parsed.append(nil)
                return
            }
            let (entry, entries, rows) = try result.get()
            try db.transaction {
                try writeRows(rows)
                try log.write(entries)
                try entry.write(to: db)
            }
            logger.info("\(entry.sourceFile): \(entry.status), \(entry.rowsLoaded) loaded, \(entry.rowsRejected) rejected, \(entry.rowsSkipped) skipped")
            parsed.append(entry)
        }
        var complete: [LedgerEntry] = []
        if let previous {
            let copied = try db.transaction { try previous.carryOver(carried) }
            var next = carried.makeIterator()
            for entry in parsed {
                if let entry { complete.append(entry); continue }
                guard let name = next.next(), let copy = copied[name] else { continue }
                complete.append(copy)
            }
            logger.info("incremental: \(carried.count) unchanged files carried over from the published warehouse, \(files.count - carried.count) parsed")
        } else {
            complete = parsed.compactMap { $0 }
        }
        let ledger = complete
        if files.isEmpty { logger.warning("no files under \(context.input.path)") }
        // A district with no file at all is worth a finding: its figures will be missing.
        let seen = Set(ledger.compactMap(\.districtCode))
        for district in context.config.gazetteer.districts where !seen.contains(district.code) {
            try log.finding(file: nil, line: nil, rule: "district_missing",
                            detail: "no file arrived from \(district.name) (\(district.code))", severity: "warning",
                            district: district.code)
        }
        return ledger
    }
}

/// One parsing thread's tools: the sink its rows go through and the log (kept, not written)
/// its rejects and findings go to — the same log the sink writes its row findings to.
public struct IngestWorker {
    public let sink: RowSink
    public let log: QualityLog

    public init(sink: RowSink, log: QualityLog) {
        self.sink = sink
        self.log = log
    }
}

/// A sink that accepts every row as it is: `ansinh ingest` checks structure only.
public final class StructureOnlySink: RowSink {
    public init() {}
    public func beginFile(_ info: FileInfo) throws {}
    public func load(_ row: __owned MappedRow) throws -> RowOutcome { .loaded(amount: nil) }
    public func controlAmount(_ row: MappedRow) -> Int64? { nil }
    public func endFile(_ info: FileInfo) throws {}
}

/// A sink that keeps loaded rows was given no writer for them.
public struct SinkWithoutWriter: Error, CustomStringConvertible {
    public let rows: Int
    public var description: String { "\(rows) loaded rows with no writer: pass `writeRows` to IngestStage.run" }
}
