/// The warehouse schema, written in one place. Column names are the contract (CONTRACT.md);
/// tables may carry more columns than it names.
public enum Schema {
    /// Bumped whenever a table or column changes; stored in `schema_meta`.
    /// 1: the first release; 2: the probabilistic engine's columns and `recon_model`, and the
    /// stable views `v_provincial_table`, `v_district_table`, `v_exceptions`.
    public static let version = 2

    /// The tables each stage owns and rewrites.
    public static let ingestTables = ["file_ledger", "rejects", "quality_findings"]
    public static let datasetTables = ["beneficiaries", "payments", "households", "household_totals", "recruitment"]

    static let ddl = """
    CREATE TABLE IF NOT EXISTS schema_meta(key TEXT PRIMARY KEY, value TEXT);
    CREATE TABLE IF NOT EXISTS runs(
        run_id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, command TEXT NOT NULL,
        input_dir TEXT, output_dir TEXT, period TEXT, year INTEGER, config_path TEXT, config_sha256 TEXT,
        inputs TEXT, stages TEXT, outcome TEXT, exit_code INTEGER,
        files INTEGER, rows_data INTEGER, rows_loaded INTEGER, rows_rejected INTEGER,
        findings INTEGER, exceptions INTEGER, message TEXT);
    CREATE TABLE IF NOT EXISTS admin_units(
        province_code TEXT, district_code TEXT NOT NULL, district_name TEXT NOT NULL,
        commune_code TEXT PRIMARY KEY, commune_name TEXT NOT NULL, commune_type TEXT);
    CREATE TABLE IF NOT EXISTS file_ledger(
        source_file TEXT PRIMARY KEY, dataset TEXT, district_code TEXT, encoding TEXT, delimiter TEXT,
        sha256 TEXT, bytes INTEGER, header_line INTEGER, rows_data INTEGER NOT NULL DEFAULT 0,
        rows_loaded INTEGER NOT NULL DEFAULT 0, rows_rejected INTEGER NOT NULL DEFAULT 0,
        rows_skipped INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL, message TEXT,
        unknown_columns TEXT, control_total TEXT, fields_repaired INTEGER NOT NULL DEFAULT 0,
        CHECK (rows_data = rows_loaded + rows_rejected));
    CREATE TABLE IF NOT EXISTS rejects(
        source_file TEXT NOT NULL, source_line INTEGER NOT NULL, column_name TEXT, value TEXT,
        reason TEXT NOT NULL, dataset TEXT, district_code TEXT, rule TEXT);
    CREATE TABLE IF NOT EXISTS quality_findings(
        source_file TEXT, source_line INTEGER, rule TEXT NOT NULL, detail TEXT NOT NULL,
        severity TEXT NOT NULL, column_name TEXT, value TEXT, district_code TEXT);
    CREATE TABLE IF NOT EXISTS quality_checks(
        check_name TEXT NOT NULL, subject TEXT, passed INTEGER NOT NULL, blocking INTEGER NOT NULL,
        detail TEXT, run_id INTEGER);
    CREATE TABLE IF NOT EXISTS run_stages(
        run_id INTEGER NOT NULL, stage TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT,
        rows_in INTEGER, rows_out INTEGER, warnings INTEGER, outcome TEXT, message TEXT, peak_rss_kib INTEGER);
    CREATE TABLE IF NOT EXISTS beneficiaries(
        beneficiary_id TEXT NOT NULL, full_name TEXT NOT NULL, name_key TEXT NOT NULL, birth_date TEXT,
        birth_year INTEGER, gender TEXT, id_number TEXT, commune_code TEXT, program TEXT, category TEXT,
        monthly_amount INTEGER, start_date TEXT, status TEXT NOT NULL, end_date TEXT, pay_method TEXT,
        source_file TEXT NOT NULL, source_line INTEGER NOT NULL, district_code TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS payments(
        period TEXT NOT NULL, beneficiary_id TEXT, full_name TEXT NOT NULL, name_key TEXT NOT NULL,
        birth_date TEXT, birth_year INTEGER, id_number TEXT, commune_code TEXT, amount INTEGER NOT NULL,
        method TEXT, paid_date TEXT,
        source_file TEXT NOT NULL, source_line INTEGER NOT NULL, district_code TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS households(
        household_id TEXT, head_name TEXT NOT NULL, name_key TEXT NOT NULL, id_number TEXT,
        commune_code TEXT NOT NULL, village TEXT, members INTEGER, classification TEXT NOT NULL,
        year INTEGER NOT NULL,
        source_file TEXT NOT NULL, source_line INTEGER NOT NULL, district_code TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS household_totals(
        commune_code TEXT NOT NULL, year INTEGER NOT NULL, total_households INTEGER NOT NULL,
        source_file TEXT NOT NULL, source_line INTEGER NOT NULL, district_code TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS recruitment(
        full_name TEXT NOT NULL, name_key TEXT NOT NULL, birth_date TEXT, birth_year INTEGER,
        id_number TEXT, commune_code TEXT, kind TEXT NOT NULL, level TEXT, market TEXT, date TEXT NOT NULL,
        year INTEGER NOT NULL,
        source_file TEXT NOT NULL, source_line INTEGER NOT NULL, district_code TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS recon_matches(
        period TEXT NOT NULL, source_file TEXT NOT NULL, source_line INTEGER NOT NULL,
        district_code TEXT, beneficiary_id TEXT, rule TEXT NOT NULL, decision TEXT NOT NULL,
        score REAL, detail TEXT, record_file TEXT, record_line INTEGER, match_weight REAL);
    CREATE TABLE IF NOT EXISTS recon_exceptions(
        period TEXT NOT NULL, district_code TEXT, exception_type TEXT NOT NULL, beneficiary_id TEXT,
        source_file TEXT NOT NULL, source_line INTEGER NOT NULL, amount_at_risk INTEGER NOT NULL,
        detail TEXT NOT NULL, reason_vi TEXT);
    CREATE TABLE IF NOT EXISTS recon_pairs(
        period TEXT NOT NULL, source_file TEXT NOT NULL, source_line INTEGER NOT NULL, beneficiary_id TEXT,
        decision TEXT NOT NULL, record_file TEXT, record_line INTEGER,
        code TEXT, id_number TEXT, name TEXT, birth TEXT, commune TEXT, amount TEXT,
        match_weight REAL, probability REAL, tf_adjustment REAL, rule TEXT);
    CREATE TABLE IF NOT EXISTS recon_model(
        period TEXT NOT NULL, field TEXT NOT NULL, level TEXT NOT NULL, m REAL, u REAL, weight REAL,
        PRIMARY KEY (period, field, level));
    CREATE TABLE IF NOT EXISTS review_decisions(
        signature TEXT NOT NULL, beneficiary_id TEXT NOT NULL, decision TEXT NOT NULL CHECK (decision IN ('match', 'no_match')),
        decided_by TEXT NOT NULL, decided_at TEXT NOT NULL, note TEXT, period TEXT, source_file TEXT, source_line INTEGER,
        PRIMARY KEY (signature, beneficiary_id));
    CREATE TABLE IF NOT EXISTS provincial_indicators(
        year INTEGER NOT NULL, indicator TEXT NOT NULL, value REAL, plan REAL, pct_of_plan REAL,
        PRIMARY KEY (year, indicator));
    CREATE TABLE IF NOT EXISTS district_indicators(
        year INTEGER NOT NULL, district_code TEXT NOT NULL, indicator TEXT NOT NULL, value REAL,
        plan REAL, pct_of_plan REAL, PRIMARY KEY (year, district_code, indicator));
    CREATE TABLE IF NOT EXISTS period_indicators(
        period TEXT NOT NULL, district_code TEXT, indicator TEXT NOT NULL, value REAL);
    """

    /// Columns added to a table after it first shipped: a warehouse written by an earlier
    /// build gets them on open (the stage subcommands work on the published warehouse).
    static let addedColumns: [(table: String, column: String, type: String)] = [
        ("rejects", "rule", "TEXT"),
        ("file_ledger", "fields_repaired", "INTEGER NOT NULL DEFAULT 0"),
        ("recon_exceptions", "reason_vi", "TEXT"),
        ("recon_matches", "record_file", "TEXT"),
        ("recon_matches", "record_line", "INTEGER"),
        ("recon_matches", "match_weight", "REAL"),
        ("recon_pairs", "match_weight", "REAL"),
        ("recon_pairs", "probability", "REAL"),
        ("recon_pairs", "tf_adjustment", "REAL"),
        ("recon_pairs", "rule", "TEXT"),
        ("quality_checks", "run_id", "INTEGER"),
    ]

    /// `recon_explanations`, per pair and field, is a view over `recon_pairs` (one row per pair)
    /// and `recon_model` (the weight of each field level in the period's model): six times fewer
    /// rows to write for the same facts. The name's term-frequency adjustment is per pair.
    static let explanationsView = """
    CREATE VIEW recon_explanations AS
      SELECT p.period, p.source_file, p.source_line, p.beneficiary_id, p.decision, 'code' AS field, p.code AS level,
            (SELECT weight FROM recon_model w WHERE w.period = p.period AND w.field = 'code' AND w.level = p.code) AS weight,
            NULL AS tf_adjustment, p.record_file, p.record_line FROM recon_pairs p
      UNION ALL SELECT p.period, p.source_file, p.source_line, p.beneficiary_id, p.decision, 'id_number' AS field, p.id_number AS level,
            (SELECT weight FROM recon_model w WHERE w.period = p.period AND w.field = 'id_number' AND w.level = p.id_number) AS weight,
            NULL AS tf_adjustment, p.record_file, p.record_line FROM recon_pairs p
      UNION ALL SELECT p.period, p.source_file, p.source_line, p.beneficiary_id, p.decision, 'name' AS field, p.name AS level,
            (SELECT weight FROM recon_model w WHERE w.period = p.period AND w.field = 'name' AND w.level = p.name) AS weight,
            p.tf_adjustment AS tf_adjustment, p.record_file, p.record_line FROM recon_pairs p
      UNION ALL SELECT p.period, p.source_file, p.source_line, p.beneficiary_id, p.decision, 'birth' AS field, p.birth AS level,
            (SELECT weight FROM recon_model w WHERE w.period = p.period AND w.field = 'birth' AND w.level = p.birth) AS weight,
            NULL AS tf_adjustment, p.record_file, p.record_line FROM recon_pairs p
      UNION ALL SELECT p.period, p.source_file, p.source_line, p.beneficiary_id, p.decision, 'commune' AS field, p.commune AS level,
            (SELECT weight FROM recon_model w WHERE w.period = p.period AND w.field = 'commune' AND w.level = p.commune) AS weight,
            NULL AS tf_adjustment, p.record_file, p.record_line FROM recon_pairs p
      UNION ALL SELECT p.period, p.source_file, p.source_line, p.beneficiary_id, p.decision, 'amount' AS field, p.amount AS level,
            (SELECT weight FROM recon_model w WHERE w.period = p.period AND w.field = 'amount' AND w.level = p.amount) AS weight,
            NULL AS tf_adjustment, p.record_file, p.record_line FROM recon_pairs p WHERE p.amount IS NOT NULL;
    """

    /// Stable views for downstream reports: their columns only grow, whatever the tables
    /// underneath become. Rebuilt on every open.
    static let stableViews = [
        ("v_provincial_table", """
        CREATE VIEW v_provincial_table AS
          SELECT p.year, p.indicator, p.value, p.plan, p.pct_of_plan,
                 prev.value AS previous_value, p.value - prev.value AS change_from_previous
          FROM provincial_indicators p
          LEFT JOIN provincial_indicators prev ON prev.indicator = p.indicator AND prev.year = p.year - 1
        """),
        ("v_district_table", """
        CREATE VIEW v_district_table AS
          SELECT d.year, d.district_code,
                 (SELECT district_name FROM admin_units a WHERE a.district_code = d.district_code LIMIT 1) AS district_name,
                 d.indicator, d.value, d.plan, d.pct_of_plan
          FROM district_indicators d
        """),
        ("v_exceptions", """
        CREATE VIEW v_exceptions AS
          SELECT e.period, e.district_code,
                 (SELECT district_name FROM admin_units a WHERE a.district_code = e.district_code LIMIT 1) AS district_name,
                 e.exception_type, e.beneficiary_id, e.source_file, e.source_line, e.amount_at_risk,
                 e.reason_vi, e.detail AS detail_en
          FROM recon_exceptions e
        """),
    ]

    /// The page size of a new warehouse: 16 KiB, not SQLite's 4 KiB. A national month writes
    /// gigabytes of rows in table order: a quarter of the pages means a quarter of the page
    /// writes, b-tree splits and cache lookups (a national run took 8% less time; 8 KiB and
    /// 32 KiB gave less). It only takes effect in a database without tables yet.
    public static let pageSize = 16_384

    /// Creates every table that is missing, adds missing columns, records the schema version.
    /// A new database gets `pageSize`.
    public static func create(in db: Database) throws {
        try db.execute("PRAGMA page_size = \(pageSize)")
        try db.execute(ddl)
        // A warehouse of an earlier build may hold recon_explanations as a table.
        if try db.scalar("SELECT type FROM sqlite_master WHERE name = 'recon_explanations'")?.string == "table" {
            try db.execute("DROP TABLE recon_explanations")
        }
        for added in addedColumns {
            let columns = try db.rows("SELECT name FROM pragma_table_info(?)", [.text(added.table)]).compactMap { $0[0].string }
            if !columns.contains(added.column) {
                try db.execute("ALTER TABLE \(added.table) ADD COLUMN \(added.column) \(added.type)")
            }
        }
        // Rebuilt on every open: an earlier build's view has no weights.
        try db.execute("DROP VIEW IF EXISTS recon_explanations")
        try db.execute(explanationsView)
        for (name, sql) in stableViews {
            try db.execute("DROP VIEW IF EXISTS \(name)")
            try db.execute(sql)
        }
        try db.run("INSERT OR REPLACE INTO schema_meta(key, value) VALUES ('schema_version', ?)", [.text(String(version))])
    }

    /// Empties the given tables (a stage rewrites what it owns).
    public static func clear(_ tables: [String], in db: Database) throws {
        for table in tables { try db.execute("DELETE FROM \(table)") }
    }

    /// Settings for a batch writer: no fsync per transaction, memory for temp tables.
    /// The run publishes by renaming a finished file, so a crash loses nothing published.
    public static func tuneForBatch(_ db: Database) throws {
        try db.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;")
    }
}
