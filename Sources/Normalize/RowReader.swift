import Ingest
import Pipeline
import VietText

extension RowRejection: Error {}

/// Reads one mapped row field by field, applying the configuration's rule for each: a
/// required field that is empty or unreadable rejects the row; an optional one is stored empty
/// and its problem is kept as a warning.
struct RowReader {
    let row: MappedRow
    let info: FileInfo
    /// Data-quality findings of the row, written beside it when it is loaded.
    var findings: [RowFinding] = []

    init(row: MappedRow, info: FileInfo) {
        self.row = row
        self.info = info
    }

    /// The header text of a field's column as the file wrote it (or the field's name).
    func columnName(_ field: Int) -> String {
        if let column = info.mapping.columnOfField[field] { return info.mapping.headerName(column) }
        return info.fieldNames[field]
    }

    /// The cell's text, trimmed; nil when empty or absent (the configured default applies).
    func text(_ field: Int) -> String? {
        if let raw = row[field] {
            let trimmed = CellText.trimmed(raw)
            if !trimmed.isEmpty { return trimmed }
        }
        return info.fieldDefaults[field]
    }

    /// Calls `body` with what `text` gives, as UTF-8 bytes (valid only during the call),
    /// without making a `String` of a cell that is trimmed already (nearly every cell); false,
    /// without calling it, where `text` is nil. `body` leaves its answer in a variable of the
    /// caller's: a result handed back through here was copied (and its text retained and
    /// released) at each level, for every cell of every row.
    @inline(__always)
    func withText(_ field: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows -> Bool {
        var called = false
        var messy: String?
        try row.withCell(field) { raw in
            if CellText.isPlain(raw) {
                if !raw.isEmpty { try body(raw); called = true }
            } else {
                // Decomposed letters (every Windows-1258 file), doubled or no-break spaces:
                // trimmed on the bytes; a `String` only where that path declines.
                let trimmed = try CellText.withTrimmed(raw) { trimmed -> Bool in
                    if !trimmed.isEmpty { try body(trimmed); called = true }
                    return true
                }
                if trimmed == nil { messy = CellText.trimmed(String(decoding: raw, as: UTF8.self)) }
            }
        }
        if called { return true }
        if var text = messy, !text.isEmpty { try text.withUTF8(body); return true }
        guard var fallback = info.fieldDefaults[field] else { return false }
        try fallback.withUTF8(body)
        return true
    }

    /// True when `text` is nil: the cell is empty or absent and the field has no default.
    func isEmpty(_ field: Int) -> Bool {
        !withText(field) { _ in }
    }

    /// Parses a field, given as UTF-8 bytes (`withText`). Empty: nil, or a rejection when
    /// required. Unreadable: a rejection when required, else nil with a warning.
    @inline(__always)
    mutating func value<T>(_ field: Int, bytes parse: (UnsafeBufferPointer<UInt8>) -> Result<T, FieldError>) throws -> T? {
        var parsed: T?
        var error: FieldError?
        let present = withText(field) { bytes in
            switch parse(bytes) {
            case .success(let value): parsed = value
            case .failure(let failure): error = failure
            }
        }
        if let error { return try unreadable(field, error) }
        if !present, info.fieldRequired[field] {
            throw RowRejection(column: columnName(field), value: nil, reason: "\(info.fieldNames[field]) is empty", rule: "required_empty")
        }
        return parsed
    }

    /// A field whose text its parser could not read: a rejection when required, else a warning.
    private mutating func unreadable<T>(_ field: Int, _ error: FieldError) throws -> T? {
        let name = info.fieldNames[field], text = self.text(field) ?? ""
        if info.fieldRequired[field] {
            throw RowRejection(column: columnName(field), value: text, reason: "\(name): \(error.reason)")
        }
        finding("invalid_optional_value", field: name, value: text, "\(name): \(error.reason); stored empty")
        return nil
    }

    /// `value` with a parser of text (names, codes, citizen IDs: kept as text anyway).
    mutating func value<T>(_ field: Int, _ parse: (String) -> Result<T, FieldError>) throws -> T? {
        try value(field, bytes: { parse(String(decoding: $0, as: UTF8.self)) })
    }

    /// A required value that `value` already guaranteed; rejects defensively otherwise.
    mutating func required<T>(_ field: Int, bytes parse: (UnsafeBufferPointer<UInt8>) -> Result<T, FieldError>) throws -> T {
        guard let value = try value(field, bytes: parse) else {
            throw RowRejection(column: columnName(field), value: nil, reason: "\(info.fieldNames[field]) is empty", rule: "required_empty")
        }
        return value
    }

    /// `required` with a parser of text.
    mutating func required<T>(_ field: Int, _ parse: (String) -> Result<T, FieldError>) throws -> T {
        try required(field, bytes: { parse(String(decoding: $0, as: UTF8.self)) })
    }

    /// Notes a finding about this row.
    mutating func finding(_ rule: String, field: String?, value: String?, _ detail: String, severity: String = "warning") {
        findings.append(RowFinding(rule: rule, field: field, value: value, detail: detail, severity: severity))
    }
}

/// A data-quality finding about one row (rule, column, value, what is wrong, how bad).
struct RowFinding {
    let rule: String
    let field: String?
    let value: String?
    let detail: String
    let severity: String
}
