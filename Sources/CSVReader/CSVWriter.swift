import CCSV
import Foundation

/// Writes CSV for spreadsheets: UTF-8 with a BOM (so Excel reads the diacritics), fields quoted
/// by libcsv's `csv_write2`, and cells that Excel would run as formulas neutralized.
public final class CSVWriter {
    private var data = Data()

    public init(bom: Bool = true) {
        if bom { data.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
    }

    /// Appends one row.
    public func row(_ fields: [String]) {
        for (i, field) in fields.enumerated() {
            if i > 0 { data.append(0x2C) }
            data.append(contentsOf: Self.quoted(Self.neutralized(field)))
        }
        data.append(contentsOf: [0x0D, 0x0A])
    }

    /// Writes what was appended, readable by the owner only (the rows hold personal data).
    public func write(to url: URL) throws {
        try data.write(to: url, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
    }

    /// A cell starting with = + - @ (or a tab or carriage return) would be a formula in Excel:
    /// an apostrophe in front keeps it text.
    public static func neutralized(_ field: String) -> String {
        guard let first = field.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return field }
        return "'" + field
    }

    /// The field in double quotes with inner quotes doubled, by libcsv.
    static func quoted(_ field: String) -> [UInt8] {
        let source = Array(field.utf8)
        // Worst case: every byte a quote (doubled) plus the two enclosing quotes.
        var buffer = [UInt8](repeating: 0, count: source.count * 2 + 2)
        let written = source.withUnsafeBytes { src in
            buffer.withUnsafeMutableBytes { dest in
                csv_write2(dest.baseAddress, dest.count, src.baseAddress, src.count, 0x22)
            }
        }
        return Array(buffer.prefix(written))
    }
}
