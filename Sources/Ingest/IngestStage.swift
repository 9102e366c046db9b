import Foundation
import Logging
import Pipeline
import Warehouse

/// The ingest stage: every file under INPUT, through the sink, into the ledger.
public enum IngestStage {
    /// Ingests every input file, one transaction per file, and writes `file_ledger` and
    /// `rejects` (the stage's own tables, cleared first). Returns the ledger, in file order.
    ///
    /// With `previous` (an incremental run), a file whose name and content are those the
    /// published warehouse was built from is not parsed: its rows, rejects, findings and ledger
    /// line are copied. The same content under two names tonight, or under a new name since the
    /// last run, is a finding (`same_content`).
    @discardableResult
    public static func run(context: RunContext, db: Database, sink: RowSink, logger: Logger,
                           previous: PreviousRun? = nil) throws -> [LedgerEntry] {
        let files = try InputScanner.scan(context.input, config: context.config)
        let log = try QualityLog(db: db)
        var parsed: [LedgerEntry?] = []
        var carried: [String] = []
        var firstWith: [String: String] = [:]       // sha256 → the first file with that content tonight
        for file in files {
            let sha = Fingerprint.sha256(fileAt: file.url)
            if let sha {
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
                if let previous, previous.unchanged(file.relativePath, sha256: sha) {
                    carried.append(file.relativePath)
                    parsed.append(nil)
                    continue
                }
            }
            let entry = try db.transaction { () -> LedgerEntry in
                let entry = try FileIngestor(file: file, config: context.config, log: log, sink: sink, logger: logger).run()
                try entry.write(to: db)
                return entry
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

/// A sink that accepts every row as it is: `ansinh ingest` checks structure only.
public final class StructureOnlySink: RowSink {
    public init() {}
    public func beginFile(_ info: FileInfo) throws {}
    public func load(_ row: MappedRow) throws -> RowOutcome { .loaded(amount: nil) }
    public func controlAmount(_ row: MappedRow) -> Int64? { nil }
    public func endFile(_ info: FileInfo) throws {}
}
