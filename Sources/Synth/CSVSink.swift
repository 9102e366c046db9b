import Foundation
import VietText

/// The byte encoding of a generated file.
enum FileEncoding: String {
    /// UTF-8 with a byte-order mark (EF BB BF), as Excel's "CSV UTF-8".
    case utf8BOM = "utf-8-bom"
    /// UTF-8 without a byte-order mark.
    case utf8 = "utf-8"
    /// Windows-1258, tone marks as combining bytes (`CP1258.encode`).
    case cp1258 = "windows-1258"
    /// UTF-16 little endian with a byte-order mark (FF FE), as Excel's "Unicode text".
    case utf16LE = "utf-16le"
    /// UTF-16 big endian with a byte-order mark (FE FF).
    case utf16BE = "utf-16be"
    /// TCVN3 ("ABC", .VnTime fonts) bytes, as old Excel sheets typed with those fonts.
    case tcvn3 = "tcvn3"
    /// VNI-Windows bytes (a base letter and a mark byte).
    case vni = "vni-windows"
    /// TCVN3 bytes once read as Windows-1252 and saved again as UTF-8 ("Qu¶ng B×nh").
    case tcvn3Mojibake = "utf-8, tcvn3 mojibake"
    /// VNI bytes once read as Windows-1252 and saved again as UTF-8 ("Quaûng Bình").
    case vniMojibake = "utf-8, vni mojibake"
}

/// Encoding, delimiter and line ending of one file.
struct Dialect {
    var encoding: FileEncoding
    var delimiter: Character
    var crlf: Bool

    static func utf16Text() -> Dialect { Dialect(encoding: .utf16LE, delimiter: "\t", crlf: true) }
}

/// Caches CP1258 bytes per Unicode scalar: `CP1258.encode` is exact but not fast. Text is put
/// into NFC first, where every Vietnamese letter is one precomposed scalar, so encoding scalar by
/// scalar gives the same bytes as `CP1258.encode` on the whole text.
final class CP1258Cache {
    private var map: [UInt32: [UInt8]] = [:]

    func append(_ text: String, to out: inout [UInt8]) {
        // Only text holding combining marks (NFD names) needs composing first.
        let composed = text.unicodeScalars.contains { (0x0300...0x036F).contains($0.value) } ? VietText.nfc(text) : text
        for u in composed.unicodeScalars {
            if u.value < 0x80 { out.append(UInt8(u.value)); continue }
            if let bytes = map[u.value] { out += bytes; continue }
            let bytes = CP1258.encode(String(Character(u)))
            map[u.value] = bytes
            out += bytes
        }
    }
}

/// Streams one CSV file: quotes fields per RFC 4180, encodes, buffers, and counts physical lines
/// so that every row's 1-based line number is known as it is written.
final class CSVSink {
    /// Path relative to the input directory, with "/".
    let relativePath: String
    let dialect: Dialect
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let cp1258: CP1258Cache
    /// The line number the next row will start on.
    private(set) var nextLine = 1
    private let eol: String
    private let delimiterByte: UInt8

    init(directory: URL, relativePath: String, dialect: Dialect, cp1258: CP1258Cache) throws {
        self.relativePath = relativePath
        self.dialect = dialect
        self.cp1258 = cp1258
        self.eol = dialect.crlf ? "\r\n" : "\n"
        self.delimiterByte = dialect.delimiter.asciiValue ?? 0x2C
        let url = directory.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
        buffer.reserveCapacity(1 << 20)
        switch dialect.encoding {
        case .utf8BOM: buffer += [0xEF, 0xBB, 0xBF]
        case .utf16LE: buffer += [0xFF, 0xFE]
        case .utf16BE: buffer += [0xFE, 0xFF]
        case .utf8, .cp1258, .tcvn3, .vni, .tcvn3Mojibake, .vniMojibake: break
        }
    }

    /// Quotes a field when it holds the delimiter, a quote, CR or LF; doubles inner quotes.
    func quoted(_ field: String) -> String {
        let d = delimiterByte
        guard field.utf8.contains(where: { $0 == d || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Writes one record; returns the line it starts on.
    @discardableResult
    func row(_ fields: [String]) throws -> Int {
        let start = nextLine
        var line = ""
        for (i, f) in fields.enumerated() {
            if i > 0 { line.append(dialect.delimiter) }
            line += quoted(f)
            // Line breaks inside a field: LF, CRLF and a lone CR each end a physical line.
            var previous: UInt8 = 0
            for b in f.utf8 {
                if b == 0x0A || (previous == 0x0D && b != 0x0A) { nextLine += 1 }
                previous = b
            }
            if previous == 0x0D { nextLine += 1 }
        }
        line += eol
        nextLine += 1
        try emit(line)
        return start
    }

    /// Writes an empty line, or a line of bare delimiters as Excel exports an empty row.
    @discardableResult
    func blank(columns: Int = 0) throws -> Int {
        let start = nextLine
        try emit(String(repeating: String(dialect.delimiter), count: max(0, columns - 1)) + eol)
        nextLine += 1
        return start
    }

    private func emit(_ text: String) throws {
        switch dialect.encoding {
        case .utf8, .utf8BOM: buffer += text.utf8
        case .cp1258: cp1258.append(text, to: &buffer)
        case .tcvn3: buffer += TCVN3.encode(text)
        case .vni: buffer += VNI.encode(text)
        case .tcvn3Mojibake: buffer += LegacyText.misreadAsWindows1252(TCVN3.encode(text)).utf8
        case .vniMojibake: buffer += LegacyText.misreadAsWindows1252(VNI.encode(text)).utf8
        case .utf16LE:
            for unit in text.utf16 { buffer.append(UInt8(unit & 0xFF)); buffer.append(UInt8(unit >> 8)) }
        case .utf16BE:
            for unit in text.utf16 { buffer.append(UInt8(unit >> 8)); buffer.append(UInt8(unit & 0xFF)) }
        }
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file.
    func close() throws {
        try flush()
        try handle.close()
    }
}
