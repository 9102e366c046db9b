import Ingest
import Pipeline
import VietText
import Warehouse

/// Checks across the rows of a dataset or across datasets, after the load: the same citizen ID
/// twice in the registry, more poor and near-poor households than households in a commune.
enum DatasetChecks {
    /// The checks' findings from what the writer counted (`DatasetTally`), in the order the
    /// SQL of `find(db:year:)` gives them; only the small `household_totals` is read.
    static func find(tally: DatasetTally, db: Database) throws -> [QualityLog.Entry] {
        let counts = tally.householdCounts
        try db.execute("DROP TABLE IF EXISTS temp.household_counts; CREATE TEMP TABLE household_counts(commune_code TEXT, year INTEGER, n INTEGER)")
        defer { try? db.execute("DROP TABLE IF EXISTS temp.household_counts") }
        let insert = try db.prepare("INSERT INTO temp.household_counts VALUES (?, ?, ?)")
        // Deferred: only the temporary database is written, the warehouse is not locked.
        try db.transaction(immediate: false) {
            for count in counts { try insert.run([.text(count.commune), .integer(count.year), .integer(Int64(count.households))]) }
        }
        return try findings(DuplicateIDs.find(tally), communes: db.rows(aboveTotal(counted: "SELECT commune_code, year, n FROM temp.household_counts")))
    }

    /// Starts the checks' reading of the tables on a connection of its own (`Database.reader`),
    /// for a warehouse whose rows the writer did not all see (an incremental run); on an
    /// in-memory warehouse it reads now. `write` stores what it found.
    static func start(db: Database, year: Int?) throws -> Background<[QualityLog.Entry]> {
        guard let reader = try db.reader() else { return .done(try find(db: db, year: year)) }
        return Background { try find(db: reader, year: year) }
    }

    /// Writes the findings of `start`, in one transaction.
    static func write(_ checks: Background<[QualityLog.Entry]>, into db: Database) throws {
        try write(checks.wait(), into: db)
    }

    /// Writes findings, in one transaction.
    static func write(_ entries: [QualityLog.Entry], into db: Database) throws {
        let log = try QualityLog(db: db)
        try db.transaction { try log.write(entries) }
    }

    /// The checks' findings, in order, read through `db`.
    static func find(db: Database, year: Int?) throws -> [QualityLog.Entry] {
        let counted = """
            SELECT commune_code, year, COUNT(DISTINCT COALESCE(household_id, name_key || '|' || COALESCE(id_number, ''))) AS n
            FROM households GROUP BY commune_code, year
            """
        return try findings(DuplicateIDs.find(db), communes: db.rows(aboveTotal(counted: counted)))
    }

    /// The communes (and years) with more households counted than their latest total says:
    /// `counted` gives commune_code, year and n.
    private static func aboveTotal(counted: String) -> String {
        """
        WITH counted AS (\(counted)),
        totals AS (
          SELECT commune_code, year, total_households, source_file, source_line, district_code,
                 ROW_NUMBER() OVER (PARTITION BY commune_code, year ORDER BY source_file DESC, source_line DESC) AS k
          FROM household_totals)
        SELECT t.source_file, t.source_line, t.commune_code, t.year, c.n, t.total_households, t.district_code
        FROM totals t JOIN counted c ON c.commune_code = t.commune_code AND c.year = t.year
        WHERE t.k = 1 AND c.n > t.total_households ORDER BY t.source_file, t.source_line
        """
    }

    private static func findings(_ duplicates: [DuplicateIDs.Duplicate], communes: [[SQLValue]]) throws -> [QualityLog.Entry] {
        let log = QualityLog()
        // One citizen ID on several registry records.
        for duplicate in duplicates {
            try log.finding(file: duplicate.file, line: duplicate.line, rule: "duplicate_id",
                            detail: "citizen ID \(CitizenID.mask(duplicate.id)) is also on \(duplicate.others)",
                            severity: "warning", column: "id_number", value: duplicate.id, district: duplicate.district)
        }
        // A commune cannot have more poor and near-poor households than households.
        for row in communes {
            let detail = "commune \(row[2].string ?? "") in \(row[3].int ?? 0): \(row[4].int ?? 0) poor and near-poor households listed, but only \(row[5].int ?? 0) households in total"
            try log.finding(file: row[0].string, line: row[1].int.map(Int.init), rule: "households_above_total",
                            detail: detail, severity: "error", column: "total_households", value: row[5].string, district: row[6].string)
        }
        return log.take()
    }
}
