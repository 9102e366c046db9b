import CSVReader
import Pipeline
import Warehouse

/// A data row with its cells assigned to the dataset's fields. It keeps the record as read
/// (bytes) and gives a field's cell as text on demand (`subscript`) or as bytes (`withCell`):
/// the normalizer reads most cells without making a `String` of them.
public struct MappedRow: Sendable {
    /// 1-based physical line where the row starts.
    public let line: Int
    /// The record as read.
    public let record: CSVRecord
    /// The column of each field of the dataset spec, -1 when the file has no such column (one
    /// array for all the rows of a file).
    let columns: [Int]
    /// The cells ingest repaired (legacy-encoding mojibake undone), by field; empty in nearly
    /// every file.
    let repairs: [Int: String]

    /// A row of `record` whose field i is in column `columns[i]` (-1: none), with the cells
    /// `repairs` gives by field replaced.
    public init(line: Int, record: CSVRecord, columns: [Int], repairs: [Int: String] = [:]) {
        self.line = line
        self.record = record
        self.columns = columns
        self.repairs = repairs
    }

    /// The raw text of a field by index, nil when the file has no such column ("" when the
    /// row is shorter than the header).
    public subscript(_ field: Int) -> String? {
        if !repairs.isEmpty, let text = repairs[field] { return text }
        let column = columns[field]
        guard column >= 0 else { return nil }
        return column < record.count ? record.field(column) : ""
    }

    /// Calls `body` with the raw bytes of a field's cell (valid only during the call): what
    /// the subscript gives as text, without making it. Nil when the file has no such column.
    @inline(__always)
    public func withCell<R>(_ field: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        if !repairs.isEmpty, var text = repairs[field] { return try text.withUTF8(body) }
        let column = columns[field]
        guard column >= 0 else { return nil }
        guard column < record.count else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try record.withField(column, body)
    }

    /// All cells, as read.
    public var cells: [String] { record.fields }

    /// The row as an analyst would see it in a reject ("a | b | c"), shortened.
    public var text: String {
        String(cells.joined(separator: " | ").prefix(300))
    }
}

/// What the sink did with a row.
public enum RowOutcome: Sendable {
    /// Stored; `amount` is the value of the dataset's control-total field, when it has one.
    case loaded(amount: Int64?)
    /// Not stored, and why.
    case rejected(RowRejection)
}

/// Why a row was not loaded: the column, its value, a reason in an analyst's words.
public struct RowRejection: Sendable, Equatable {
    public let column: String?
    public let value: String?
    public let reason: String
    /// What kind of problem: required_empty, invalid_value, malformed_row, extra_cells,
    /// missing_column (the error report words each kind in Vietnamese).
    public let rule: String
    public init(column: String?, value: String?, reason: String, rule: String = "invalid_value") {
        self.column = column
        self.value = value
        self.reason = reason
        self.rule = rule
    }
}

/// What ingest knows about a file when its rows start to flow. A class: every row's reader
/// holds it, and a reference costs one count where a struct of references costs one each.
public final class FileInfo: @unchecked Sendable {
    public let file: InputFile
    public let spec: DatasetSpec
    public let districtCode: String
    public let encoding: TextEncoding
    public let delimiter: UInt8
    public let headerLine: Int
    public let mapping: HeaderMapping
    /// Text of the rows above the header ("DANH SÁCH CHI TRẢ THÁNG 12/2023"), in order.
    public let titleLines: [String]
    /// The spec's field names by field index. These three arrays are read at every cell, where
    /// copying a `FieldSpec` (strings, arrays, a set) cost a reference count on each.
    public let fieldNames: [String]
    /// Whether each field is required, by field index.
    public let fieldRequired: [Bool]
    /// Each field's configured default for an empty cell, by field index.
    public let fieldDefaults: [String?]
    /// The column of each field, -1 when the file has none (`MappedRow` reads it at every cell).
    public let columns: [Int]

    public init(file: InputFile, spec: DatasetSpec, districtCode: String, encoding: TextEncoding, delimiter: UInt8,
                headerLine: Int, mapping: HeaderMapping, titleLines: [String]) {
        self.file = file
        self.spec = spec
        self.districtCode = districtCode
        self.encoding = encoding
        self.delimiter = delimiter
        self.headerLine = headerLine
        self.mapping = mapping
        self.titleLines = titleLines
        fieldNames = spec.fields.map(\.name)
        fieldRequired = spec.fields.map(\.required)
        fieldDefaults = spec.fields.map(\.defaultValue)
        columns = mapping.columnOfField.map { $0 ?? -1 }
    }
}

/// The consumer of ingested rows: the normalizer (or a counter, for `ansinh ingest`).
public protocol RowSink: AnyObject {
    /// A file's header was found; rows follow.
    func beginFile(_ info: FileInfo) throws
    /// One data row: load it or say why not. The sink takes the row over (its reader keeps it
    /// without counting a reference to each of its arrays again).
    func load(_ row: __owned MappedRow) throws -> RowOutcome
    /// The control-total value of a totals row, nil when it has none or it is unreadable.
    func controlAmount(_ row: MappedRow) -> Int64?
    /// The file is done.
    func endFile(_ info: FileInfo) throws
    /// The rows loaded since the last call, for the stage's single warehouse writer (a sink
    /// that runs on a parsing thread keeps them rather than writing them itself).
    func takeLoaded() -> [LoadedRows]
}

extension RowSink {
    /// A sink that keeps no rows for a writer.
    public func takeLoaded() -> [LoadedRows] { [] }
}

/// Normalized rows ready for their dataset's table, in order: each row the values of its
/// insert, packed (`PackedRows`) on the parsing thread that made them.
public struct LoadedRows: Sendable {
    public let dataset: Dataset
    public let rows: PackedRows

    public init(dataset: Dataset, columns: Int) {
        self.dataset = dataset
        self.rows = PackedRows(columns: columns)
    }
}
