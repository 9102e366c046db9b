import Pipeline
import Warehouse

/// A data row with its cells assigned to the dataset's fields.
public struct MappedRow: Sendable {
    /// 1-based physical line where the row starts.
    public let line: Int
    /// One value per field of the dataset spec (nil: the file has no such column); raw cell text.
    public let values: [String?]
    /// All cells, as read.
    public let cells: [String]

    /// The raw text of a field by index, nil when the file has no such column.
    @inlinable
    public subscript(_ field: Int) -> String? { values[field] }

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
    }
}

/// The consumer of ingested rows: the normalizer (or a counter, for `ansinh ingest`).
public protocol RowSink: AnyObject {
    /// A file's header was found; rows follow.
    func beginFile(_ info: FileInfo) throws
    /// One data row: load it or say why not.
    func load(_ row: MappedRow) throws -> RowOutcome
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
