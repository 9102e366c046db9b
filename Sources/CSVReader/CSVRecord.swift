/// One CSV record with the physical line it starts on.
///
/// The fields are kept as their UTF-8 bytes one after another, with where each ends: a record
/// costs two arrays however many fields it has, and a reader that parses bytes (the normalizer)
/// never makes a `String` of a cell it does not need as one. `fields` gives them as text.
public struct CSVRecord: Equatable, Sendable {
    /// 1-based physical line of the record's first character (its first line, for a quoted
    /// field that spans lines).
    public let line: Int
    /// The fields' bytes, well-formed UTF-8 (the reader repairs a field that is not, as
    /// `String(decoding:as:)` would), one after another.
    public let bytes: [UInt8]
    /// The end of each field in `bytes`: field i is `bytes[ends[i - 1]..<ends[i]]`.
    public let ends: [Int]

    public init(line: Int, fields: [String]) {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        ends.reserveCapacity(fields.count)
        for field in fields {
            bytes.append(contentsOf: field.utf8)
            ends.append(bytes.count)
        }
        self.init(line: line, bytes: bytes, ends: ends)
    }

    init(line: Int, bytes: [UInt8], ends: [Int]) {
        self.line = line
        self.bytes = bytes
        self.ends = ends
    }

    /// The number of fields.
    @inlinable
    public var count: Int { ends.count }

    /// The fields, unquoted, as text.
    public var fields: [String] { (0..<count).map(field) }

    /// Field `i` as text.
    public func field(_ i: Int) -> String {
        withField(i) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the bytes of field `i` (valid only during the call).
    @inline(__always)
    public func withField<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let start = i == 0 ? 0 : ends[i - 1], end = ends[i]
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    /// True when every field is empty or white space: a blank row.
    public var isBlank: Bool {
        bytes.withUnsafeBufferPointer(Self.isWhitespace)
    }

    /// True when field `i` is empty or white space.
    public func isWhitespace(field i: Int) -> Bool {
        withField(i, Self.isWhitespace)
    }

    /// True when the text is empty or white space only (an ASCII byte decides at once).
    public static func isWhitespace(_ text: String) -> Bool {
        for byte in text.utf8 {
            switch byte {
            case 0x09...0x0D, 0x20: continue
            case 0x80...: return text.allSatisfy(\.isWhitespace)
            default: return false
            }
        }
        return true
    }

    /// `isWhitespace` on UTF-8 bytes.
    public static func isWhitespace(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes {
            switch byte {
            case 0x09...0x0D, 0x20: continue
            case 0x80...: return String(decoding: bytes, as: UTF8.self).allSatisfy(\.isWhitespace)
            default: return false
            }
        }
        return true
    }
}

/// What the reader reports: a record, or a stretch of text it could not read as one.
public enum CSVEvent: Equatable, Sendable {
    case record(CSVRecord)
    /// A record that is not valid CSV (a stray quote, a quoted field never closed): the reader
    /// gives it up and resumes on the next line, so one bad row never takes the rest of the file.
    case malformed(line: Int, column: Int, reason: String, text: String)
}
