/// One CSV record with the physical line it starts on.
public struct CSVRecord: Equatable, Sendable {
    /// 1-based physical line of the record's first character (its first line, for a quoted
    /// field that spans lines).
    public let line: Int
    /// The fields, unquoted, as UTF-8 text.
    public let fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }

    /// True when every field is empty or white space: a blank row.
    public var isBlank: Bool {
        fields.allSatisfy(CSVRecord.isWhitespace)
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
}

/// What the reader reports: a record, or a stretch of text it could not read as one.
public enum CSVEvent: Equatable, Sendable {
    case record(CSVRecord)
    /// A record that is not valid CSV (a stray quote, a quoted field never closed): the reader
    /// gives it up and resumes on the next line, so one bad row never takes the rest of the file.
    case malformed(line: Int, column: Int, reason: String, text: String)
}
