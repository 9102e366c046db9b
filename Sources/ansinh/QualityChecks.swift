import Foundation
import Ingest
import Pipeline
import Warehouse

/// Data-quality checks of a run, kept in `quality_checks` (passes too). A failed blocking
/// check stops the publish (exit code 1).
enum QualityChecks {
    struct Result {
        let name: String
        let subject: String
        let passed: Bool
        let blocking: Bool
        let detail: String
    }

    /// The checks' results, read from what normalize wrote (the ledger and the dataset tables,
    /// which the later stages do not change): a run reads them while reconcile's input is still
    /// being read, and writes them after aggregate (`write`).
    static func find(db: Database, context: RunContext, ledger: [LedgerEntry]) throws -> [Result] {
        var results: [Result] = []
        let limit = context.config.thresholds.maxFileRejectRate
        for entry in ledger where entry.rowsData > 0 {
            let rate = Double(entry.rowsRejected) / Double(entry.rowsData)
            results.append(Result(name: "file_reject_rate", subject: entry.sourceFile, passed: rate <= limit, blocking: true,
                                  detail: String(format: "%d of %d rows rejected (%.1f%%, limit %.0f%%)", entry.rowsRejected, entry.rowsData, rate * 100, limit * 100)))
        }
        for entry in ledger where entry.status == "error" {
            results.append(Result(name: "file_readable", subject: entry.sourceFile, passed: false, blocking: false,
                                  detail: entry.message ?? "unreadable"))
        }
        // The payments are counted, and the period's lines among them, in one scan (there is no
        // index on the month: see `Indexes`).
        let payments = try db.rows("SELECT COUNT(*), TOTAL(period = ?) FROM payments", [.text(context.period)]).first
        for dataset in Dataset.allCases {
            let n = dataset == .payments ? payments?[0].int ?? 0 : try db.scalar("SELECT COUNT(*) FROM \(dataset.rawValue)")?.int ?? 0
            results.append(Result(name: "dataset_loaded", subject: dataset.rawValue, passed: n > 0, blocking: dataset == .beneficiaries || dataset == .payments,
                                  detail: "\(n) rows loaded"))
        }
        let lines = Int64(payments?[1].double ?? 0)
        results.append(Result(name: "period_has_payments", subject: context.period, passed: lines > 0, blocking: true,
                              detail: "\(lines) payment lines for \(context.period)"))
        let ledgerOK = try db.scalar("SELECT COUNT(*) FROM file_ledger WHERE rows_data <> rows_loaded + rows_rejected")?.int ?? 1
        results.append(Result(name: "ledger_adds_up", subject: "file_ledger", passed: ledgerOK == 0, blocking: true,
                              detail: "\(ledgerOK) files where rows_data ≠ loaded + rejected"))
        return results
    }

    /// Replaces `quality_checks` with `results`, in one transaction.
    static func write(_ results: [Result], into db: Database) throws {
        let insert = try db.prepare("INSERT INTO quality_checks(check_name, subject, passed, blocking, detail) VALUES (?,?,?,?,?)")
        try db.transaction {
            try db.execute("DELETE FROM quality_checks")
            for r in results { try insert.run([.text(r.name), .text(r.subject), .int(r.passed ? 1 : 0), .int(r.blocking ? 1 : 0), .text(r.detail)]) }
        }
    }
}
