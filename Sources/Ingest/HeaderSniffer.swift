import Pipeline
import VietText

/// Finds the delimiter and the header line of a file from its first lines: the header is the
/// line that names the most configured columns, title rows above it are skipped.
public enum HeaderSniffer {
    /// The delimiters a district file may use.
    public static let delimiters: [UInt8] = [0x2C, 0x3B, 0x09, 0x7C] // , ; tab |

    /// The sniffed layout of a file.
    public struct Layout: Equatable, Sendable {
        public let delimiter: UInt8
        /// 1-based physical line of the header.
        public let headerLine: Int
        /// How many distinct fields the header names.
        public let matches: Int
        public let dataset: Dataset
    }

    /// Sniffs `head` (the file's first bytes as text) against the given datasets.
    /// Returns nil when no line names at least `minMatches` fields of one dataset.
    public static func sniff(_ head: String, datasets: [DatasetSpec], searchRows: Int, minMatches: Int) -> Layout? {
        // CRLF, CR and LF end a line, as in the reader (not form feeds or U+2028: it counts none).
        let lines = firstLines(of: head, count: searchRows)
        // Which fields of which dataset each alias key names, looked up once per cell: asking
        // every field of every dataset about every cell of every line cost a file a third of
        // a millisecond (a second of CPU for a national month's files).
        var fieldsNamed: [String: [(spec: Int, field: Int)]] = [:]
        for (s, spec) in datasets.enumerated() {
            for (f, field) in spec.fields.enumerated() {
                for key in field.aliasKeys { fieldsNamed[key, default: []].append((s, f)) }
            }
        }
        var named = datasets.map { [Bool](repeating: false, count: $0.fields.count) }
        var best: Layout?
        var bestCells = 0
        for (offset, line) in lines.enumerated() {
            for delimiter in delimiters where line.utf8.contains(delimiter) {
                let cells = splitNaive(line, delimiter: delimiter)
                guard cells.count >= 2 else { continue }
                for s in named.indices { for f in named[s].indices { named[s][f] = false } }
                for cell in cells {
                    guard let fields = fieldsNamed[VietText.compactKey(LegacyText.repairMojibake(cell)?.text ?? cell)] else { continue }
                    for (s, f) in fields { named[s][f] = true }
                }
                for (s, spec) in datasets.enumerated() {
                    // The fields with an alias among the line's cells.
                    let matched = named[s].lazy.filter { $0 }.count
                    let better = matched > (best?.matches ?? 0) || (matched == best?.matches && cells.count > bestCells && best?.headerLine == offset + 1)
                    if matched >= minMatches && better {
                        best = Layout(delimiter: delimiter, headerLine: offset + 1, matches: matched, dataset: spec.dataset)
                        bestCells = cells.count
                    }
                }
            }
        }
        return best
    }

    /// The first `count` lines of the text (CRLF, CR and LF end a line), split on its bytes:
    /// the rest of the head is never looked at.
    static func firstLines(of text: String, count: Int) -> [Substring] {
        var lines: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var i = start
        while i < utf8.endIndex && lines.count < count {
            let byte = utf8[i]
            if byte == 0x0A || byte == 0x0D {
                lines.append(Substring(utf8[start..<i]))
                var next = utf8.index(after: i)
                if byte == 0x0D && next < utf8.endIndex && utf8[next] == 0x0A { next = utf8.index(after: next) }
                start = next
                i = next
            } else {
                i = utf8.index(after: i)
            }
        }
        if lines.count < count { lines.append(Substring(utf8[start...])) }
        return lines
    }

    /// Splits one line on a delimiter, honouring double quotes (good enough for a header). On
    /// the bytes, as the reader splits: the delimiters and the quote are ASCII, so every cell is
    /// whole UTF-8 (walking `Character`s cost the sniffing of a national month's 4,600 files a
    /// second of CPU).
    static func splitNaive(_ line: Substring, delimiter: UInt8) -> [String] {
        var cells: [String] = []
        var current: [UInt8] = []
        var quoted = false
        for byte in line.utf8 {
            if byte == 0x22 { quoted.toggle(); continue }
            if byte == delimiter && !quoted {
                cells.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(byte)
            }
        }
        cells.append(String(decoding: current, as: UTF8.self))
        return cells
    }
}

/// Which column of the file holds which field.
public struct HeaderMapping: Sendable {
    /// For each field of the dataset (in spec order), the column index, or nil when absent.
    public let columnOfField: [Int?]
    /// The header texts, as written.
    public let headers: [String]
    /// Header texts that name no field (listed in the ledger, not an error).
    public let unknownColumns: [String]
    /// Required fields with no column.
    public let missingRequired: [FieldSpec]

    public init(header: [String], spec: DatasetSpec) {
        var columnOfField = [Int?](repeating: nil, count: spec.fields.count)
        var unknown: [String] = []
        for (column, text) in header.enumerated() {
            let key = VietText.compactKey(text)
            guard !key.isEmpty else { continue }
            if let field = spec.fields.firstIndex(where: { $0.aliasKeys.contains(key) }) {
                if columnOfField[field] == nil { columnOfField[field] = column }
            } else {
                unknown.append(VietText.clean(text))
            }
        }
        self.columnOfField = columnOfField
        self.headers = header.map(VietText.clean)
        self.unknownColumns = unknown
        self.missingRequired = spec.fields.enumerated().filter { $0.element.required && columnOfField[$0.offset] == nil && $0.element.defaultValue == nil && !$0.element.fromTitle }.map(\.element)
    }

    /// For a field the file lacks: the file's unknown column that comes closest to one of the
    /// field's aliases, and that alias ("Sô tien" → "Số tiền"), when it is close enough to be a
    /// slip rather than another column.
    public func closestColumn(to field: FieldSpec) -> (column: String, alias: String)? {
        var best: (column: String, alias: String, distance: Int)?
        for column in unknownColumns {
            let key = VietText.compactKey(column)
            guard !key.isEmpty else { continue }
            for alias in field.aliases {
                let aliasKey = VietText.compactKey(alias)
                let limit = max(1, min(3, aliasKey.count / 3))
                let distance = VietText.editDistance(key, aliasKey, limit: limit)
                if distance <= limit && distance < (best?.distance ?? Int.max) {
                    best = (column, alias, distance)
                }
            }
        }
        return best.map { ($0.column, $0.alias) }
    }

    /// The header of a column, for messages.
    public func headerName(_ column: Int) -> String {
        column < headers.count ? headers[column] : "column \(column + 1)"
    }
}
