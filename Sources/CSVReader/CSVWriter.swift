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

    /// The file's bytes so far, for a caller that writes them itself.
    public var bytes: Data { data }

    /// Writes what was appended, readable by the owner only (the rows hold personal data).
    public func write(to url: URL) throws {
        try data.write(to: url, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
    }

    /// A cell starting with = + - @ (or a tab or carriage return) would be a formula in Excel:
    /// an apostrophe in front keeps it text. A plain signed number ("-55000", "-0.75") is left
    /// alone: Excel reads it as the number it is, and runs nothing.
    public static func neutralized(_ field: String) -> String {
        guard let first = field.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return field }
        if isSignedNumber(field) { return field }
        return "'" + field
    }

    /// "-55000", "+3", "-0.75": a sign, digits, at most one point between digits.
    static func isSignedNumber(_ field: String) -> Bool {
        let bytes = Array(field.utf8)
        guard bytes.count >= 2, bytes[0] == 0x2D || bytes[0] == 0x2B else { return false }
        var digits = 0, points = 0, lastWasDigit = false
        for b in bytes.dropFirst() {
            if b >= 0x30 && b <= 0x39 { digits += 1; lastWasDigit = true }
            else if b == 0x2E && lastWasDigit && points == 0 { points += 1; lastWasDigit = false }
            else { return false }
        }
        return digits > 0 && lastWasDigit
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
