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

/// Opens the published warehouse for a single stage rerun.
private func openWarehouse(_ context: RunContext) throws -> Database {
    try FileManager.default.createDirectory(at: context.output, withIntermediateDirectories: true)
    let db = try Database(path: context.warehouseURL.path)
    try Schema.create(in: db)
    try Schema.tuneForBatch(db)
    return db
}

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read every input file (encoding, delimiter, header, rows) and print the ledger; writes nothing.",
        discussion: "Ingest streams rows straight into normalize, so on its own it is a structural check: values are not parsed. `normalize` (or `run`) ingests and loads.")
    @OptionGroup var options: CommonOptions

    func run() throws {
        let context = try options.context()
        let db = try Database(path: ":memory:")
        try Schema.create(in: db)
        let ledger = try IngestStage.run(context: context, db: db, sink: StructureOnlySink(), logger: options.logger("ansinh.ingest"))
        for entry in ledger {
            print([entry.sourceFile, entry.dataset ?? "-", entry.encoding ?? "-", entry.delimiter ?? "-",
                   "header line \(entry.headerLine.map(String.init) ?? "-")", "\(entry.rowsData) rows",
                   "\(entry.rowsRejected) rejected", "\(entry.rowsSkipped) skipped", entry.status, entry.message ?? ""]
                .joined(separator: "\t"))
        }
    }
}

/// Runs one stage against the published warehouse, holding the output lock.
private func rerun(_ options: CommonOptions, stage: String, _ body: (RunContext, Database, Logger) throws -> Void) throws {
    let context = try options.context()
    let lock = try OutputLock(folder: context.output, wait: options.wait)
    let db = try openWarehouse(context)
    try body(context, db, options.logger("ansinh.\(stage)"))
    withExtendedLifetime(lock) {}
}

struct NormalizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "normalize", abstract: "Ingest and normalize INPUT into the published warehouse's dataset tables.")
    @OptionGroup var options: CommonOptions

    func run() throws {
        try rerun(options, stage: "normalize") { try NormalizeStage.run(context: $0, db: $1, logger: $2) }
    }
}

struct ReconcileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reconcile", abstract: "Reconcile the registry against the payment lines of --period.")
    @OptionGroup var options: CommonOptions

    func run() throws {
        try rerun(options, stage: "reconcile") { try ReconcileStage.run(context: $0, db: $1, logger: $2) }
    }
}

struct AggregateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "aggregate", abstract: "Compute the provincial, district and payment-month indicators.")
    @OptionGroup var options: CommonOptions

    func run() throws {
        try rerun(options, stage: "aggregate") { try AggregateStage.run(context: $0, db: $1, logger: $2) }
    }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Write the report files under OUTPUT/report/.")
    @OptionGroup var options: CommonOptions
    @Flag(help: "Write citizen IDs unmasked in the report files (the department's own use only).")
    var unmasked = false

    func run() throws {
        let masking = ReportOptions(unmasked: unmasked)
        try rerun(options, stage: "report") { try ReportStage.run(context: $0, db: $1, into: $0.reportURL, logger: $2, options: masking) }
    }
}
