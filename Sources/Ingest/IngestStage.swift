import Foundation
import Logging
import Pipeline
import Warehouse

/// The ingest stage: every file under INPUT, through the sink, into the ledger.
public enum IngestStage {
    /// Ingests every input file, one transaction per file, and writes `file_ledger` and
    /// `rejects` (the stage's own tables, cleared first). Returns the ledger.
    @discardableResult
    public static func run(context: RunContext, db: Database, sink: RowSink, logger: Logger) throws -> [LedgerEntry] {
        let files = try InputScanner.scan(context.input, config: context.config)
        let log = try QualityLog(db: db)
        var ledger: [LedgerEntry] = []
        for file in files {
            let entry = try db.transaction { () -> LedgerEntry in
                let entry = try FileIngestor(file: file, config: context.config, log: log, sink: sink, logger: logger).run()
                try entry.write(to: db)
                return entry
            }
            logger.info("\(entry.sourceFile): \(entry.status), \(entry.rowsLoaded) loaded, \(entry.rowsRejected) rejected, \(entry.rowsSkipped) skipped")
            ledger.append(entry)
        }
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
