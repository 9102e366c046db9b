import Warehouse

/// One file's line in `file_ledger`: what came in and where every row went.
public struct LedgerEntry: Sendable {
    public var sourceFile: String
    public var dataset: String?
    public var districtCode: String?
    public var encoding: String?
    public var delimiter: String?
    public var sha256: String?
    public var bytes: Int?
    public var headerLine: Int?
    public var rowsLoaded = 0
    public var rowsRejected = 0
    public var rowsSkipped = 0
    /// ok, error (unreadable, no header, missing columns) or ignored (not a district file).
    public var status = "ok"
    public var message: String?
    public var unknownColumns: [String] = []
    public var controlTotal: String?
    /// Fields whose legacy-encoding mojibake was repaired ("Qu¶ng B×nh" → "Quảng Bình").
    public var fieldsRepaired = 0

    /// Data rows: loaded plus rejected, always.
    public var rowsData: Int { rowsLoaded + rowsRejected }

    public init(sourceFile: String) { self.sourceFile = sourceFile }

    /// Writes the entry.
    public func write(to db: Database) throws {
        try db.run("""
            INSERT OR REPLACE INTO file_ledger(source_file, dataset, district_code, encoding, delimiter, sha256, bytes,
                header_line, rows_data, rows_loaded, rows_rejected, rows_skipped, status, message, unknown_columns,
                control_total, fields_repaired)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """, [.text(sourceFile), .text(dataset), .text(districtCode), .text(encoding), .text(delimiter),
                  .text(sha256), .int(bytes), .int(headerLine), .int(rowsData), .int(rowsLoaded), .int(rowsRejected),
                  .int(rowsSkipped), .text(status), .text(message),
                  .text(unknownColumns.isEmpty ? nil : unknownColumns.joined(separator: "; ")), .text(controlTotal),
                  .int(fieldsRepaired)])
    }

    /// How a delimiter byte is named in the ledger.
    public static func name(ofDelimiter byte: UInt8) -> String {
        switch byte {
        case 0x2C: return "comma"
        case 0x3B: return "semicolon"
        case 0x09: return "tab"
        case 0x7C: return "pipe"
        default: return String(UnicodeScalar(byte))
        }
    }
}

/// Writes rejects and quality findings of the running file, with prepared statements.
public final class QualityLog {
    private let rejectInsert: Statement
    private let findingInsert: Statement

    public init(db: Database) throws {
        rejectInsert = try db.prepare("INSERT INTO rejects(source_file, source_line, column_name, value, reason, dataset, district_code, rule) VALUES (?,?,?,?,?,?,?,?)")
        findingInsert = try db.prepare("INSERT INTO quality_findings(source_file, source_line, rule, detail, severity, column_name, value, district_code) VALUES (?,?,?,?,?,?,?,?)")
    }

    /// A row that is not loaded, and why.
    public func reject(file: String, line: Int, column: String?, value: String?, reason: String, dataset: String?, district: String?,
                       rule: String = "invalid_value") throws {
        try rejectInsert.run([.text(file), .int(line), .text(column), .text(value.map { String($0.prefix(500)) }),
                              .text(reason), .text(dataset), .text(district), .text(rule)])
    }

    /// A data-quality finding: severity `error` or `warning`.
    public func finding(file: String?, line: Int?, rule: String, detail: String, severity: String,
                        column: String? = nil, value: String? = nil, district: String?) throws {
        try findingInsert.run([.text(file), .int(line), .text(rule), .text(detail), .text(severity),
                               .text(column), .text(value.map { String($0.prefix(500)) }), .text(district)])
    }
}
