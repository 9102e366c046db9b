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

/// Rejects and quality findings: written at once through prepared statements (`init(db:)`), or
/// kept in order (`init()`, a parsing thread's log) until the warehouse's writer takes them.
public final class QualityLog {
    /// One reject or finding, its values in the order of its insert.
    public enum Entry: Sendable {
        case reject([SQLValue])
        case finding([SQLValue])
    }

    private let rejectInsert: Statement?
    private let findingInsert: Statement?
    private var pending: [Entry] = []

    /// A log writing to the warehouse as it goes.
    public init(db: Database) throws {
        rejectInsert = try db.prepare("INSERT INTO rejects(source_file, source_line, column_name, value, reason, dataset, district_code, rule) VALUES (?,?,?,?,?,?,?,?)")
        findingInsert = try db.prepare("INSERT INTO quality_findings(source_file, source_line, rule, detail, severity, column_name, value, district_code) VALUES (?,?,?,?,?,?,?,?)")
    }

    /// A log keeping its entries for `take()`.
    public init() {
        rejectInsert = nil
        findingInsert = nil
    }

    /// A row that is not loaded, and why.
    public func reject(file: String, line: Int, column: String?, value: String?, reason: String, dataset: String?, district: String?,
                       rule: String = "invalid_value") throws {
        try add(.reject([.text(file), .int(line), .text(column), .text(value.map { String($0.prefix(500)) }),
                         .text(reason), .text(dataset), .text(district), .text(rule)]))
    }

    /// A data-quality finding: severity `error` or `warning`.
    public func finding(file: String?, line: Int?, rule: String, detail: String, severity: String,
                        column: String? = nil, value: String? = nil, district: String?) throws {
        try add(.finding([.text(file), .int(line), .text(rule), .text(detail), .text(severity),
                          .text(column), .text(value.map { String($0.prefix(500)) }), .text(district)]))
    }

    /// The entries kept since the last call, in the order they came.
    public func take() -> [Entry] {
        defer { pending.removeAll(keepingCapacity: true) }
        return pending
    }

    /// Writes entries another log kept (a log writing to the warehouse).
    public func write(_ entries: [Entry]) throws {
        for entry in entries { try add(entry) }
    }

    private func add(_ entry: Entry) throws {
        switch entry {
        case .reject(let values):
            if let rejectInsert { try rejectInsert.run(values) } else { pending.append(entry) }
        case .finding(let values):
            if let findingInsert { try findingInsert.run(values) } else { pending.append(entry) }
        }
    }
}
