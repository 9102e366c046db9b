import ArgumentParser
import Foundation
import Pipeline
import Reconcile
import Warehouse

/// `ansinh review export|import`: the queue of payment lines a person must decide.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "The review queue: export NEEDS_REVIEW lines for Excel, import the decisions.",
        subcommands: [ReviewExport.self, ReviewImport.self])
}

struct ReviewExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the period's NEEDS_REVIEW lines (largest amount first, one row per candidate) for Excel.")
    @OptionGroup var options: CommonOptions

    @Option(help: "The file to write (default: OUTPUT/report/review-PERIOD.csv).")
    var file: String?

    func run() throws {
        let context = try options.context()
        let db = try Database(path: context.warehouseURL.path, readOnly: true)
        let url = file.map { URL(fileURLWithPath: $0) } ?? context.reportURL.appendingPathComponent("review-\(context.period).csv")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let rows = try ReviewQueue.export(db: db, period: context.period, to: url)
        print("\(rows) rows to review written to \(url.path): fill 'decision' with match / no match (khớp / không khớp), then `ansinh review import \(url.path)`")
    }
}

struct ReviewImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Store the analysts' decisions; every later run applies them before the matcher.")
    @OptionGroup var options: CommonOptions

    @Argument(help: "The exported file with the decision column filled in.")
    var path: String

    @Option(help: "Who decided, where the file's decided_by column is empty.")
    var by: String = ProcessInfo.processInfo.environment["USER"] ?? "analyst"

    func run() throws {
        let context = try options.context()
        let lock = try OutputLock(folder: context.output, wait: options.wait)
        let db = try Database(path: context.warehouseURL.path)
        try Schema.create(in: db)
        let result: ReviewQueue.ImportResult
        do {
            result = try ReviewQueue.importDecisions(from: URL(fileURLWithPath: path), into: db, decidedBy: by)
        } catch let error as ReviewImportError {
            throw ConfigurationError(error.description)
        }
        withExtendedLifetime(lock) {}
        print("\(result.decisions) decisions stored, \(result.skipped) rows left undecided")
        for problem in result.problems { print("not imported: \(problem)") }
        if !result.problems.isEmpty { throw ExitCode(Outcome.checksFailed.rawValue) }
    }
}
