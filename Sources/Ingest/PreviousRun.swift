import Foundation
import Logging
import Warehouse

/// What the published warehouse already holds of tonight's input: an incremental run parses only
/// the files whose content changed, and copies the rows, rejects, findings and ledger line of
/// the others from the last published warehouse — when that warehouse was normalized by this
/// very build, with the same configuration, period and year (`state`); else every file is parsed.
public final class PreviousRun {
    /// The name the published warehouse is attached under.
    static let schema = "previous"
    /// Findings computed over all the data after the load (or by later stages): recomputed, never copied.
    static let recomputedRules = ["district_missing", "duplicate_id", "households_above_total", "district_not_reconciled", "same_content"]

    private let db: Database
    /// source_file → sha256 of the files the published warehouse was built from.
    let files: [String: String]
    /// sha256 → source_file, for content that came under another name.
    let names: [String: String]

    /// The state that must match for rows to be reused, as `schema_meta.normalize_state` keeps it.
    public static func state(config sha256: String, period: String, year: Int) -> String {
        "schema \(Schema.version); build \(Fingerprint.build); config \(sha256); period \(period); year \(year)"
    }

    /// Attaches the published warehouse when its state matches `state`; nil (and a log line
    /// saying why) when every file must be parsed.
    public static func open(published: URL, into db: Database, state: String, logger: Logger) -> PreviousRun? {
        guard FileManager.default.fileExists(atPath: published.path) else { return nil }
        do {
            try db.run("ATTACH DATABASE ? AS \(schema)", [.text(published.path)])
            let theirs = try db.scalar("SELECT value FROM \(schema).schema_meta WHERE key = 'normalize_state'")?.string
            guard theirs == state else {
                try db.execute("DETACH DATABASE \(schema)")
                logger.info("full refresh: the published warehouse was normalized \(theirs == nil ? "by an older build" : "with another build, configuration, period or year")")
                return nil
            }
            var files: [String: String] = [:], names: [String: String] = [:]
            for row in try db.rows("SELECT source_file, sha256 FROM \(schema).file_ledger WHERE sha256 IS NOT NULL") {
                guard let file = row[0].string, let sha = row[1].string else { continue }
                files[file] = sha
                names[sha] = names[sha] ?? file
            }
            return PreviousRun(db: db, files: files, names: names)
        } catch {
            // An unreadable old warehouse must not stop tonight's run: parse everything.
            try? db.execute("DETACH DATABASE \(schema)")
            logger.warning("full refresh: cannot read the published warehouse \(published.path): \(error)")
            return nil
        }
    }

    private init(db: Database, files: [String: String], names: [String: String]) {
        self.db = db
        self.files = files
        self.names = names
    }

    /// The file's content is the one the published warehouse was built from.
    func unchanged(_ file: String, sha256: String) -> Bool { files[file] == sha256 }

    /// Copies the rows of `carried` files (same name, same content) into the main database, in
    /// one statement per table, and returns their ledger entries.
    func carryOver(_ carried: [String]) throws -> [String: LedgerEntry] {
        guard !carried.isEmpty else { return [:] }
        try db.execute("CREATE TEMP TABLE IF NOT EXISTS carried(source_file TEXT PRIMARY KEY)")
        try db.execute("DELETE FROM temp.carried")
        let insert = try db.prepare("INSERT OR IGNORE INTO temp.carried VALUES (?)")
        for file in carried { try insert.run([.text(file)]) }
        let recomputed = Self.recomputedRules.map { "'\($0)'" }.joined(separator: ", ")
        for table in Schema.datasetTables + ["rejects", "quality_findings", "file_ledger"] {
            let columns = try db.rows("SELECT name FROM pragma_table_info(?)", [.text(table)]).compactMap { $0[0].string }
                .map { "\"\($0)\"" }.joined(separator: ", ")
            let extra = table == "quality_findings" ? " AND rule NOT IN (\(recomputed))" : ""
            try db.execute("""
                INSERT INTO main.\(table)(\(columns)) SELECT \(columns) FROM \(Self.schema).\(table)
                WHERE source_file IN (SELECT source_file FROM temp.carried)\(extra) ORDER BY rowid
                """)
        }
        var entries: [String: LedgerEntry] = [:]
        for row in try db.rows("""
            SELECT source_file, dataset, district_code, encoding, delimiter, sha256, bytes, header_line, rows_loaded,
                   rows_rejected, rows_skipped, status, message, unknown_columns, control_total, fields_repaired
            FROM main.file_ledger WHERE source_file IN (SELECT source_file FROM temp.carried)
            """) {
            var entry = LedgerEntry(sourceFile: row[0].string ?? "")
            entry.dataset = row[1].string; entry.districtCode = row[2].string; entry.encoding = row[3].string
            entry.delimiter = row[4].string; entry.sha256 = row[5].string; entry.bytes = row[6].int.map(Int.init)
            entry.headerLine = row[7].int.map(Int.init); entry.rowsLoaded = Int(row[8].int ?? 0)
            entry.rowsRejected = Int(row[9].int ?? 0); entry.rowsSkipped = Int(row[10].int ?? 0)
            entry.status = row[11].string ?? "ok"; entry.message = row[12].string
            entry.unknownColumns = row[13].string.map { $0.components(separatedBy: "; ") } ?? []
            entry.controlTotal = row[14].string; entry.fieldsRepaired = Int(row[15].int ?? 0)
            entries[entry.sourceFile] = entry
        }
        return entries
    }

    /// Detaches the published warehouse.
    public func close() {
        try? db.execute("DROP TABLE IF EXISTS temp.carried")
        try? db.execute("DETACH DATABASE \(Self.schema)")
    }
}
