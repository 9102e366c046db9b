import ArgumentParser
import Foundation
import Normalize
import Pipeline
import Warehouse

/// `ansinh validate`: every file read and checked as `run` would, into a scratch in-memory
/// warehouse; prints a summary per file and touches nothing on disk.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Read and check every input file; print a summary per file; write nothing.",
        discussion: "Exit status 0 when every file is readable and no file has errors, 1 otherwise, 2 for bad usage.")
    @OptionGroup var options: CommonOptions

    func run() throws {
        let context = try options.context()
        let db = try Database(path: ":memory:")
        try Schema.create(in: db)
        let ledger = try NormalizeStage.run(context: context, db: db, logger: options.logger("ansinh.validate"))
        var findings: [String: (errors: Int64, warnings: Int64)] = [:]
        for row in try db.rows("SELECT source_file, SUM(severity = 'error'), SUM(severity <> 'error') FROM quality_findings WHERE source_file IS NOT NULL GROUP BY 1") {
            findings[row[0].string ?? ""] = (row[1].int ?? 0, row[2].int ?? 0)
        }
        let header = ["file", "dataset", "encoding", "delimiter", "header", "rows", "loaded", "rejected", "skipped",
                      "errors", "warnings", "status"]
        var table = [header]
        var bad = false
        for entry in ledger {
            let f = findings[entry.sourceFile] ?? (0, 0)
            if entry.status == "error" || entry.rowsRejected > 0 || f.errors > 0 { bad = true }
            table.append([entry.sourceFile, entry.dataset ?? "-", entry.encoding ?? "-", entry.delimiter ?? "-",
                          entry.headerLine.map(String.init) ?? "-", String(entry.rowsData), String(entry.rowsLoaded),
                          String(entry.rowsRejected), String(entry.rowsSkipped), String(f.errors), String(f.warnings),
                          entry.status + (entry.message.map { ": \($0)" } ?? "")])
        }
        let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        for row in table {
            print(row.enumerated().map { column, text in
                column == row.count - 1 ? text : text.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  "))
        }
        let districtFindings = try db.rows("SELECT detail FROM quality_findings WHERE source_file IS NULL ORDER BY district_code")
        for row in districtFindings { print("note: \(row[0].string ?? "")") }
        if bad { throw ExitCode(Outcome.checksFailed.rawValue) }
    }
}
