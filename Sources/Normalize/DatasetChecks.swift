import Ingest
import Pipeline
import VietText
import Warehouse

/// Checks across the rows of a dataset or across datasets, after the load: the same citizen ID
/// twice in the registry, more poor and near-poor households than households in a commune.
enum DatasetChecks {
    /// Starts the checks' reading on a connection of its own (`Database.reader`): they need no
    /// index, so `db` builds them meanwhile. On an in-memory warehouse it reads now. `write`
    /// stores what it found.
    static func start(db: Database, year: Int?) throws -> Background<[QualityLog.Entry]> {
        guard let reader = try db.reader() else { return .done(try find(db: db, year: year)) }
        return Background { try find(db: reader, year: year) }
    }

    /// Writes the findings of `start`, in one transaction.
    static func write(_ checks: Background<[QualityLog.Entry]>, into db: Database) throws {
        let entries = try checks.wait()
        let log = try QualityLog(db: db)
        try db.transaction { try log.write(entries) }
    }

    /// The checks' findings, in order, read through `db`.
    static func find(db: Database, year: Int?) throws -> [QualityLog.Entry] {
        let log = QualityLog()
        // One citizen ID on several registry records.
        for duplicate in try DuplicateIDs.find(db) {
            try log.finding(file: duplicate.file, line: duplicate.line, rule: "duplicate_id",
                            detail: "citizen ID \(CitizenID.mask(duplicate.id)) is also on \(duplicate.others)",
                            severity: "warning", column: "id_number", value: duplicate.id, district: duplicate.district)
        }
        // A commune cannot have more poor and near-poor households than households.
        let communes = try db.rows("""
            WITH counted AS (
              SELECT commune_code, year, COUNT(DISTINCT COALESCE(household_id, name_key || '|' || COALESCE(id_number, ''))) AS n
              FROM households GROUP BY commune_code, year),
            totals AS (
              SELECT commune_code, year, total_households, source_file, source_line, district_code,
                     ROW_NUMBER() OVER (PARTITION BY commune_code, year ORDER BY source_file DESC, source_line DESC) AS k
              FROM household_totals)
            SELECT t.source_file, t.source_line, t.commune_code, t.year, c.n, t.total_households, t.district_code
            FROM totals t JOIN counted c ON c.commune_code = t.commune_code AND c.year = t.year
            WHERE t.k = 1 AND c.n > t.total_households ORDER BY t.source_file, t.source_line
            """)
        for row in communes {
            let detail = "commune \(row[2].string ?? "") in \(row[3].int ?? 0): \(row[4].int ?? 0) poor and near-poor households listed, but only \(row[5].int ?? 0) households in total"
            try log.finding(file: row[0].string, line: row[1].int.map(Int.init), rule: "households_above_total",
                            detail: detail, severity: "error", column: "total_households", value: row[5].string, district: row[6].string)
        }
        return log.take()
    }
}
