import CCSV

/// A streaming CSV reader over libcsv that knows on which physical line every record starts.
///
/// Feed it UTF-8 bytes in chunks of any size; it splits them into lines (CRLF and lone CR count
/// as line ends), hands each line to libcsv in strict mode and reports complete records through
/// the handler. A malformed record is reported as `.malformed` and parsing resumes with the line
/// after the one where that record started, so a stray quote costs one row, not the file.
public final class CSVStreamReader {
    private let parser: UnsafeMutablePointer<csv_parser>
    private let context = ParseContext()
    private let delimiter: UInt8
    private let knownUTF8: Bool
    private let maxRecordLines: Int
    private let handler: (CSVEvent) throws -> Void

    private var lineNumber = 0
    private var partialLine: [UInt8] = []
    private var pendingCR = false
    /// The unfinished last UTF-8 sequence of the input so far (`UTF8Check.continues`).
    private var carry: [UInt8] = []
    /// Lines of a record still open at a line end (inside a quoted field), for recovery.
    private var pending: [(line: Int, bytes: [UInt8])] = []

    /// - Parameters:
    ///   - delimiter: the field separator byte (`,`, `;`, tab…).
    ///   - maxRecordLines: a quoted field spanning more lines than this is taken as a quote that
    ///     was never closed.
    ///   - knownUTF8: the caller has checked that all the input is well-formed UTF-8 (else the
    ///     reader checks it as it comes, and repairs a field that is not).
    ///   - handler: receives every record and every malformed stretch, in file order.
    public init(delimiter: UInt8, maxRecordLines: Int = 100, knownUTF8: Bool = false, handler: @escaping (CSVEvent) throws -> Void) throws {
        self.knownUTF8 = knownUTF8
        self.delimiter = delimiter
        self.maxRecordLines = max(1, maxRecordLines)
        self.handler = handler
        parser = .allocate(capacity: 1)
        do {
            try Self.initialize(parser, delimiter: delimiter)
        } catch {
            parser.deallocate()
            throw error
        }
    }

    deinit {
        csv_free(parser)
        parser.deallocate()
    }

    /// Feeds the next chunk of UTF-8 text.
    public func feed<Bytes: Sequence>(_ bytes: Bytes) throws where Bytes.Element == UInt8 {
        let chunk = Array(bytes)
        try chunk.withUnsafeBufferPointer { try feed(buffer: $0) }
    }

    private func feed(buffer chunk: UnsafeBufferPointer<UInt8>) throws {
        // Input that is UTF-8 so far needs no check field by field (one pass over the chunk,
        // eight ASCII bytes at a time, costs less than one per field).
        if context.checked && !knownUTF8 { context.checked = UTF8Check.continues(&carry, with: chunk) }
        var start = 0
        var i = 0
        if pendingCR, !chunk.isEmpty {
            pendingCR = false
            if chunk[0] == 0x0A { start = 1; i = 1 } // the LF of a CRLF: the line already ended
        }
        while i < chunk.count {
            i = Self.nextLineEnd(chunk, from: i)
            guard i < chunk.count else { break }
            let byte = chunk[i]
            if byte == 0x0A || byte == 0x0D {
                if partialLine.isEmpty {
                    // The whole line is in this chunk: parse it where it lies.
                    lineNumber += 1
                    try process(line: lineNumber, UnsafeBufferPointer(rebasing: chunk[start..<i]), newline: true)
                } else {
                    partialLine.append(contentsOf: chunk[start..<i])
                    try endLine()
                }
                if byte == 0x0D {
                    if i + 1 < chunk.count {
                        if chunk[i + 1] == 0x0A { i += 1 }
                    } else {
                        pendingCR = true
                    }
                }
                start = i + 1
            }
            i += 1
        }
        if start < chunk.count { partialLine.append(contentsOf: chunk[start...]) }
    }

    /// The index of the first LF or CR at or after `start` (the count when none), eight bytes at
    /// a time: most of a chunk is the text between line ends.
    @inline(__always)
    static func nextLineEnd(_ chunk: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var i = start
        let n = chunk.count
        if let base = chunk.baseAddress {
            let raw = UnsafeRawPointer(base)
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            while i + 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                // A zero byte in w ^ 0x0A… or w ^ 0x0D… marks an LF or a CR (the classic test).
                let lf = w ^ 0x0A0A_0A0A_0A0A_0A0A, cr = w ^ 0x0D0D_0D0D_0D0D_0D0D
                if ((lf &- ones) & ~lf | (cr &- ones) & ~cr) & highs != 0 { break }
                i += 8
            }
        }
        while i < n, chunk[i] != 0x0A, chunk[i] != 0x0D { i += 1 }
        return i
    }

    /// Ends the input: the last line (without a line break) and any record still open.
    public func finish() throws {
        // A sequence cut by the end of the input: the last fields are checked one by one.
        if !carry.isEmpty { context.checked = false }
        if !partialLine.isEmpty {
            lineNumber += 1
            let bytes = partialLine
            partialLine.removeAll(keepingCapacity: true)
            try process([(lineNumber, bytes)])
        }
        while true {
            let startLine = pending.first?.line ?? lineNumber
            context.startLine = startLine
            let rc = csv_fini(parser, fieldCallback, rowCallback, Unmanaged.passUnretained(context).toOpaque())
            if rc == 0 {
                try drain()
                pending.removeAll()
                return
            }
            // A quoted field never closed: give up its first line and reread the rest.
            let rest = try giveUp(reason: "a quoted field is never closed (its opening quote has no closing quote)")
            if rest.isEmpty {
                try resetParser()
                return
            }
            try process(rest)
        }
    }

    /// The number of physical lines seen so far.
    public var linesRead: Int { lineNumber }

    // MARK: - Lines

    private func endLine() throws {
        lineNumber += 1
        partialLine.append(0x0A)
        let bytes = partialLine
        partialLine.removeAll(keepingCapacity: true)
        try process([(lineNumber, bytes)])
    }

    /// Parses lines in order; a malformed record puts the lines after its first back in front.
    private func process(_ lines: [(line: Int, bytes: [UInt8])]) throws {
        var work = lines[...]
        while let (line, bytes) = work.first {
            work = work.dropFirst()
            let rest = try bytes.withUnsafeBufferPointer { try parse(line: line, $0, newline: false) }
            if !rest.isEmpty { work = rest[...] + work }
        }
    }

    /// Parses one line of the input where it lies (its text without the line break, which is
    /// fed as "\n"), rereading what a malformed record gives back.
    private func process(line: Int, _ content: UnsafeBufferPointer<UInt8>, newline: Bool) throws {
        let rest = try parse(line: line, content, newline: newline)
        if !rest.isEmpty { try process(rest) }
    }

    private static let newline: [UInt8] = [0x0A]

    /// Hands one line to libcsv; returns the lines to reread when its record is malformed.
    private func parse(line: Int, _ content: UnsafeBufferPointer<UInt8>, newline: Bool) throws -> [(line: Int, bytes: [UInt8])] {
        if pending.isEmpty && context.ends.isEmpty && parser.pointee.pstate == 0 {
            context.startLine = line
        }
        let opaque = Unmanaged.passUnretained(context).toOpaque()
        let total = content.count + (newline ? 1 : 0)
        var consumed = csv_parse(parser, content.baseAddress, content.count, fieldCallback, rowCallback, opaque)
        if newline && consumed == content.count {
            consumed += Self.newline.withUnsafeBufferPointer { csv_parse(parser, $0.baseAddress, 1, fieldCallback, rowCallback, opaque) }
        }
        try drain()
        // The line as the recovery rereads it: its text and the "\n" it was given.
        func bytes() -> [UInt8] { Array(content) + (newline ? Self.newline : []) }
        if consumed < total {
            let reason = "a quote in the middle of a field or text after a closing quote"
            return try giveUp(reason: reason, current: (line, bytes()))
        }
        if parser.pointee.pstate == 0 && context.ends.isEmpty {
            pending.removeAll(keepingCapacity: true)
        } else {
            pending.append((line, bytes()))
            if pending.count > maxRecordLines {
                return try giveUp(reason: "a quoted field runs over more than \(maxRecordLines) lines; its quote is probably never closed")
            }
        }
        return []
    }

    /// Reports the open record as malformed, resets libcsv and returns the lines to reread.
    private func giveUp(reason: String, current: (line: Int, bytes: [UInt8])? = nil) throws -> [(line: Int, bytes: [UInt8])] {
        var lines = pending
        if let current { lines.append(current) }
        let first = lines.first ?? (lineNumber, [])
        let column = context.ends.count + 1
        let text = String(decoding: first.bytes.prefix(300).filter { $0 != 0x0A && $0 != 0x0D }, as: UTF8.self)
        try handler(.malformed(line: first.line, column: column, reason: reason, text: text))
        pending.removeAll()
        try resetParser()
        return Array(lines.dropFirst())
    }

    private func drain() throws {
        guard !context.records.isEmpty else { return }
        var records: [CSVRecord] = []
        swap(&records, &context.records)
        for record in records { try handler(.record(record)) }
        // Hand the storage back: the next line's records go into it.
        records.removeAll(keepingCapacity: true)
        if context.records.isEmpty { swap(&records, &context.records) }
    }

    private func resetParser() throws {
        csv_free(parser)
        context.clear()
        context.records.removeAll(keepingCapacity: true)
        try Self.initialize(parser, delimiter: delimiter)
    }

    private static func initialize(_ parser: UnsafeMutablePointer<csv_parser>, delimiter: UInt8) throws {
        // Strict: malformed quotes are errors we can report. REPALL_NL: a blank line is a
        // record too, so line counting never drifts.
        let options = UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL)
        guard csv_init(parser, options) == 0 else { throw CSVReaderError.outOfMemory }
        csv_set_delim(parser, delimiter)
        // libcsv's own white space (space and tab) is trimmed around unquoted fields. It tests
        // the delimiter first, so a tab-separated file keeps its empty cells; and it tests the
        // bytes inline, where a space function is a call for every byte of every field.
    }
}

/// Errors of the reader itself (not of the data, which become `.malformed` events).
public enum CSVReaderError: Error {
    case outOfMemory
}

/// Per-parser state that libcsv's callbacks reach through their `void *` argument: the open
/// record's fields, as bytes one after another and where each ends.
final class ParseContext {
    var bytes: [UInt8] = []
    var ends: [Int] = []
    var records: [CSVRecord] = []
    var startLine = 0
    /// True while all the input fed so far is UTF-8 (checked chunk by chunk): its fields are.
    var checked = true

    /// Appends one field, repairing bytes that are not UTF-8 as `String(decoding:as:)` does.
    @inline(__always)
    func append(_ field: UnsafeBufferPointer<UInt8>) {
        if checked || UTF8Check.check(field) == field.count {
            bytes.append(contentsOf: field)
        } else {
            bytes.append(contentsOf: String(decoding: field, as: UTF8.self).utf8)
        }
        ends.append(bytes.count)
    }

    /// Ends the open record.
    @inline(__always)
    func endRecord() {
        records.append(CSVRecord(line: startLine, bytes: bytes, ends: ends))
        // The record keeps these arrays: the next one starts in new ones of the same size.
        let size = bytes.count, fields = ends.count
        bytes = []
        bytes.reserveCapacity(size)
        ends = []
        ends.reserveCapacity(fields)
    }

    /// Forgets the open record.
    func clear() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }
}

private let fieldCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = { data, length, context in
    guard let context else { return }
    // libcsv reuses its buffer: copy now. The reader holds the context while libcsv runs, so
    // the callbacks borrow it (a retain and a release per field cost more than the copy).
    let field = UnsafeBufferPointer(start: data?.assumingMemoryBound(to: UInt8.self), count: data == nil ? 0 : length)
    Unmanaged<ParseContext>.fromOpaque(context)._withUnsafeGuaranteedRef { $0.append(field) }
}

private let rowCallback: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, context in
    guard let context else { return }
    Unmanaged<ParseContext>.fromOpaque(context)._withUnsafeGuaranteedRef { $0.endRecord() }
}
