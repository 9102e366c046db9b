import Foundation
import Ingest
import Pipeline
import Warehouse

/// The `runs` table: one row per run, carried over from the published warehouse.
enum RunHistory {
    static func carryOver(from published: URL, into db: Database) throws {
        guard FileManager.default.fileExists(atPath: published.path) else { return }
        do {
            try db.run("ATTACH DATABASE ? AS published", [.text(published.path)])
            try db.execute("INSERT INTO runs SELECT * FROM published.runs")
            // Analysts' review decisions live on from run to run.
            try db.execute("INSERT OR REPLACE INTO review_decisions SELECT * FROM published.review_decisions")
            try db.execute("DETACH DATABASE published")
        } catch {
            // An unreadable old warehouse must not stop tonight's run; its history is lost.
            try? db.execute("DETACH DATABASE published")
        }
    }

    static func start(_ db: Database, context: RunContext, command: String) throws -> Int64 {
        let stamp = ISO8601DateFormatter().string(from: Date())
        try db.run("""
            INSERT INTO runs(started_at, command, input_dir, output_dir, period, year, config_path, config_sha256, stages, outcome)
            VALUES (?,?,?,?,?,?,?,?,?, 'running')
            """, [.text(stamp), .text(command), .text(context.input.path), .text(context.output.path), .text(context.period),
                  .int(context.year), .text(context.config.path.path), .text(Fingerprint.sha256(context.config.text)),
                  .text("ingest,normalize,reconcile,aggregate,report")])
        return try db.scalar("SELECT last_insert_rowid()")?.int ?? 0
    }

    static func finish(_ db: Database, runID: Int64, outcome: Outcome, ledger: [LedgerEntry], exceptions: Int, message: String) throws {
        let inputs = ledger.map { "\($0.sourceFile)=\($0.sha256 ?? "-")" }.joined(separator: "\n")
        let findings = try db.scalar("SELECT COUNT(*) FROM quality_findings")?.int ?? 0
        try db.run("""
            UPDATE runs SET finished_at = ?, outcome = ?, exit_code = ?, inputs = ?, files = ?, rows_data = ?, rows_loaded = ?,
              rows_rejected = ?, findings = ?, exceptions = ?, message = ? WHERE run_id = ?
            """, [.text(ISO8601DateFormatter().string(from: Date())), .text(outcome == .success ? "published" : "checks_failed"),
                  .int(Int(outcome.rawValue)), .text(inputs), .int(ledger.count), .int(ledger.map(\.rowsData).reduce(0, +)),
                  .int(ledger.map(\.rowsLoaded).reduce(0, +)), .int(ledger.map(\.rowsRejected).reduce(0, +)),
                  .int64(findings), .int(exceptions), .text(message.isEmpty ? nil : message), .integer(runID)])
    }
}
