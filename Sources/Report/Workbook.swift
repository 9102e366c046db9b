import CXLSX
import Foundation

/// An error reported by libxlsxwriter: its `lxw_error` code, `lxw_strerror`'s message and the
/// call that failed.
public struct XLSXError: Error, CustomStringConvertible {
    /// libxlsxwriter's result code.
    public let code: lxw_error
    /// `lxw_strerror` of the code.
    public let message: String
    /// The call that failed.
    public let operation: String

    init(_ code: lxw_error, _ operation: String) {
        self.code = code
        self.message = lxw_strerror(code).map { String(cString: $0) } ?? "unknown libxlsxwriter error"
        self.operation = operation
    }

    /// The call, the message and the code, for a log line.
    public var description: String { "libxlsxwriter: \(operation): \(message) (error \(code.rawValue))" }

    /// Throws unless `code` is `LXW_NO_ERROR`.
    static func check(_ code: lxw_error, _ operation: @autoclosure () -> String) throws {
        guard code == LXW_NO_ERROR else { throw XLSXError(code, operation()) }
    }
}

/// An .xlsx file being written: owns its `lxw_workbook`. Nothing reaches the disk before
/// `close()`; a workbook dropped without `close()` is freed and writes nothing.
final class Workbook {
    /// Excel's limit on a sheet name, in characters.
    static let maxSheetNameLength = 31

    private var handle: UnsafeMutablePointer<lxw_workbook>?
    private var sheetKeys: Set<String> = []
    /// Where `close()` writes the file.
    let path: String

    /// A workbook that `close()` writes to `path`.
    init(path: String) throws {
        guard let handle = workbook_new(path) else { throw XLSXError(LXW_ERROR_MEMORY_MALLOC_FAILED, "workbook_new(\(path))") }
        self.handle = handle
        self.path = path
    }

    deinit {
        if let handle { lxw_workbook_free(handle) }
    }

    /// The open workbook's handle; throws once it is closed.
    fileprivate func open(_ operation: @autoclosure () -> String) throws -> UnsafeMutablePointer<lxw_workbook> {
        guard let handle else { throw XLSXError(LXW_ERROR_PARAMETER_VALIDATION, "\(operation()): the workbook is closed") }
        return handle
    }

    /// A new worksheet. The name is made acceptable to Excel (see `sheetName(_:)`) and unique
    /// (" (2)", " (3)"… appended); the worksheet's `name` is the one used.
    func addWorksheet(named proposed: String) throws -> Worksheet {
        let workbook = try open("workbook_add_worksheet")
        let base = Self.sheetName(proposed)
        var name = base
        var n = 2
        // Excel compares sheet names without regard to case; "History" is reserved.
        while sheetKeys.contains(name.lowercased()) || name.lowercased() == "history" {
            let suffix = " (\(n))"
            name = Self.truncated(base, to: Self.maxSheetNameLength - suffix.count) + suffix
            n += 1
        }
        try XLSXError.check(workbook_validate_sheet_name(workbook, name), "workbook_validate_sheet_name(\(name))")
        guard let sheet = workbook_add_worksheet(workbook, name) else {
            throw XLSXError(LXW_ERROR_MEMORY_MALLOC_FAILED, "workbook_add_worksheet(\(name))")
        }
        sheetKeys.insert(name.lowercased())
        return Worksheet(workbook: self, handle: sheet, name: name)
    }

    /// A cell format of this workbook: bold and/or a number format ("#,##0", "0.0%", "dd/mm/yyyy"…).
    func addFormat(bold: Bool = false, numberFormat: NumberFormat? = nil) throws -> CellFormat {
        let workbook = try open("workbook_add_format")
        guard let format = workbook_add_format(workbook) else {
            throw XLSXError(LXW_ERROR_MEMORY_MALLOC_FAILED, "workbook_add_format")
        }
        if bold { format_set_bold(format) }
        if let numberFormat { format_set_num_format(format, numberFormat.rawValue) }
        return CellFormat(workbook: self, handle: format)
    }

    /// Writes the file and frees the workbook (libxlsxwriter frees it even when writing fails).
    func close() throws {
        guard let handle else { return }
        self.handle = nil
        try XLSXError.check(workbook_close(handle), "workbook_close(\(path))")
    }

    /// A name Excel accepts: `[ ] : * ? / \` replaced by "-", no apostrophe at either end,
    /// not empty, at most 31 characters.
    static func sheetName(_ proposed: String) -> String {
        let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]
        var name = String(proposed.precomposedStringWithCanonicalMapping.map { forbidden.contains($0) ? "-" : $0 })
        name = truncated(name.trimmingCharacters(in: CharacterSet(charactersIn: "'").union(.whitespaces)),
                         to: maxSheetNameLength)
        name = name.trimmingCharacters(in: CharacterSet(charactersIn: "'").union(.whitespaces))
        return name.isEmpty ? "Sheet" : name
    }

    /// The longest prefix of whole characters within `limit` UTF-16 units (Excel's count) and
    /// Unicode scalars (libxlsxwriter's).
    private static func truncated(_ text: String, to limit: Int) -> String {
        var out = ""
        for character in text {
            let candidate = out + String(character)
            guard candidate.utf16.count <= limit, candidate.unicodeScalars.count <= limit else { break }
            out = candidate
        }
        return out
    }
}

/// The number formats the reports use.
enum NumberFormat: String {
    /// 20,360 (Excel shows the user's own thousands separator).
    case integer = "#,##0"
    /// 110.1% of a ratio 1.1005.
    case percent = "0.0%"
    /// 120.45% of a ratio 1.2045: published percentages keep their two decimals.
    case percent2 = "0.00%"
    /// 4.05, 0.95: rates already in percent, percentage points.
    case decimal = "0.00"
    case date = "dd/mm/yyyy"
    case dateTime = "dd/mm/yyyy hh:mm"
    case month = "mm/yyyy"
}

/// A format of one workbook, usable until the workbook closes.
struct CellFormat {
    fileprivate let workbook: Workbook
    fileprivate let handle: UnsafeMutablePointer<lxw_format>
}

/// A worksheet of an open workbook. Rows and columns count from 0; every write throws once the
/// workbook is closed or when libxlsxwriter refuses it.
struct Worksheet {
    private let workbook: Workbook
    private let handle: UnsafeMutablePointer<lxw_worksheet>
    /// The name as written (after `Workbook.sheetName(_:)`).
    let name: String

    fileprivate init(workbook: Workbook, handle: UnsafeMutablePointer<lxw_worksheet>, name: String) {
        self.workbook = workbook
        self.handle = handle
        self.name = name
    }

    func write(_ text: String, row: Int, column: Int, format: CellFormat? = nil) throws {
        let (r, c, f) = try cell(row, column, format, "worksheet_write_string")
        try XLSXError.check(worksheet_write_string(handle, r, c, text, f), "worksheet_write_string(\(name)!\(Self.a1(row, column)))")
    }

    func write(_ number: Double, row: Int, column: Int, format: CellFormat? = nil) throws {
        let (r, c, f) = try cell(row, column, format, "worksheet_write_number")
        try XLSXError.check(worksheet_write_number(handle, r, c, number, f), "worksheet_write_number(\(name)!\(Self.a1(row, column)))")
    }

    /// A formula ("=C2/D2") with its value as cached, so that readers that do not recalculate
    /// see it; `nil` caches an empty text result.
    func writeFormula(_ formula: String, result: Double?, row: Int, column: Int, format: CellFormat? = nil) throws {
        let (r, c, f) = try cell(row, column, format, "worksheet_write_formula")
        let location = "\(name)!\(Self.a1(row, column))"
        if let result {
            try XLSXError.check(worksheet_write_formula_num(handle, r, c, formula, f, result), "worksheet_write_formula_num(\(location))")
        } else {
            try XLSXError.check(worksheet_write_formula_str(handle, r, c, formula, f, ""), "worksheet_write_formula_str(\(location))")
        }
    }

    /// A date or date and time; give the cell a date format to show it as one.
    func write(_ components: DateComponents, row: Int, column: Int, format: CellFormat) throws {
        guard let year = components.year, let month = components.month, let day = components.day else {
            throw XLSXError(LXW_ERROR_PARAMETER_VALIDATION, "worksheet_write_datetime(\(name)!\(Self.a1(row, column))): incomplete date")
        }
        var datetime = lxw_datetime(year: Int32(year), month: Int32(month), day: Int32(day),
                                    hour: Int32(components.hour ?? 0), min: Int32(components.minute ?? 0),
                                    sec: Double(components.second ?? 0))
        let (r, c, f) = try cell(row, column, format, "worksheet_write_datetime")
        try XLSXError.check(worksheet_write_datetime(handle, r, c, &datetime, f), "worksheet_write_datetime(\(name)!\(Self.a1(row, column)))")
    }

    /// An empty cell that carries a format (libxlsxwriter ignores a blank without one).
    func writeBlank(row: Int, column: Int, format: CellFormat? = nil) throws {
        let (r, c, f) = try cell(row, column, format, "worksheet_write_blank")
        try XLSXError.check(worksheet_write_blank(handle, r, c, f), "worksheet_write_blank(\(name)!\(Self.a1(row, column)))")
    }

    /// The width of columns `columns` in characters.
    func setColumns(_ columns: ClosedRange<Int>, width: Double, format: CellFormat? = nil) throws {
        let (_, first, f) = try cell(0, columns.lowerBound, format, "worksheet_set_column")
        let (_, last, _) = try cell(0, columns.upperBound, nil, "worksheet_set_column")
        try XLSXError.check(worksheet_set_column(handle, first, last, width, f), "worksheet_set_column(\(name))")
    }

    /// Rows above `row` and columns left of `column` stay in view.
    func freezePanes(row: Int, column: Int = 0) throws {
        let (r, c, _) = try cell(row, column, nil, "worksheet_freeze_panes")
        worksheet_freeze_panes(handle, r, c)
    }

    /// Filter buttons on the first row of the range (the header), over the rows below.
    func autofilter(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) throws {
        let (r1, c1, _) = try cell(firstRow, firstColumn, nil, "worksheet_autofilter")
        let (r2, c2, _) = try cell(lastRow, lastColumn, nil, "worksheet_autofilter")
        try XLSXError.check(worksheet_autofilter(handle, r1, c1, r2, c2), "worksheet_autofilter(\(name))")
    }

    /// "C2" of row 1, column 2.
    static func a1(_ row: Int, _ column: Int) -> String {
        var letters = ""
        var n = column + 1
        while n > 0 {
            let scalar = UnicodeScalar(UInt8(65 + (n - 1) % 26))
            letters = String(Character(scalar)) + letters
            n = (n - 1) / 26
        }
        return "\(letters)\(row + 1)"
    }

    /// The C types of a cell and its format, checked: the workbook is open, the cell within
    /// Excel's grid, the format of this workbook.
    private func cell(_ row: Int, _ column: Int, _ format: CellFormat?, _ operation: String)
        throws -> (lxw_row_t, lxw_col_t, UnsafeMutablePointer<lxw_format>?) {
        _ = try workbook.open(operation)
        guard let r = lxw_row_t(exactly: row), let c = lxw_col_t(exactly: column), row < 1_048_576, column < 16_384 else {
            throw XLSXError(LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE, "\(operation)(\(name)): row \(row), column \(column)")
        }
        if let format, format.workbook !== workbook {
            throw XLSXError(LXW_ERROR_PARAMETER_VALIDATION, "\(operation)(\(name)): a format of another workbook")
        }
        return (r, c, format?.handle)
    }
}
