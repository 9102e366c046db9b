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
    /// without making a `String` of a cell that is trimmed already (nearly every cell); nil
    /// where `text` is nil.
    @inline(__always)
    func withText<R>(_ field: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        var result: R?
        var messy: String?
        try row.withCell(field) { raw in
            if CellText.isPlain(raw) {
                if !raw.isEmpty { result = try body(raw) }
            } else {
                // Decomposed letters (every Windows-1258 file), doubled or no-break spaces:
                // trimmed on the bytes; a `String` only where that path declines.
                var empty = false
                if let done = try CellText.withTrimmed(raw, { trimmed -> R? in
                    if trimmed.isEmpty { empty = true; return nil }
                    return try body(trimmed)
                }) {
                    result = done
                } else if !empty {
                    messy = CellText.trimmed(String(decoding: raw, as: UTF8.self))
                }
            }
        }
        if let result { return result }
        if var text = messy, !text.isEmpty { return try text.withUTF8(body) }
        guard var fallback = info.fieldDefaults[field] else { return nil }
        return try fallback.withUTF8(body)
    }

    /// True when `text` is nil: the cell is empty or absent and the field has no default.
    func isEmpty(_ field: Int) -> Bool {
        withText(field) { _ in () } == nil
    }

    /// Parses a field, given as UTF-8 bytes (`withText`). Empty: nil, or a rejection when
    /// required. Unreadable: a rejection when required, else nil with a warning.
    mutating func value<T>(_ field: Int, bytes parse: (UnsafeBufferPointer<UInt8>) -> Result<T, FieldError>) throws -> T? {
        guard let result = withText(field, parse) else {
            if info.fieldRequired[field] {
                throw RowRejection(column: columnName(field), value: nil, reason: "\(info.fieldNames[field]) is empty", rule: "required_empty")
            }
            return nil
        }
        switch result {
        case .success(let value):
            return value
        case .failure(let error):
            let name = info.fieldNames[field], text = self.text(field) ?? ""
            if info.fieldRequired[field] {
                throw RowRejection(column: columnName(field), value: text, reason: "\(name): \(error.reason)")
            }
            finding("invalid_optional_value", field: name, value: text, "\(name): \(error.reason); stored empty")
            return nil
        }
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
