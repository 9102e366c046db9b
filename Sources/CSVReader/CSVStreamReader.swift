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
    private let maxRecordLines: Int
    private let handler: (CSVEvent) throws -> Void

    private var lineNumber = 0
    private var partialLine: [UInt8] = []
    private var pendingCR = false
    /// Lines of a record still open at a line end (inside a quoted field), for recovery.
    private var pending: [(line: Int, bytes: [UInt8])] = []

    /// - Parameters:
    ///   - delimiter: the field separator byte (`,`, `;`, tab…).
    ///   - maxRecordLines: a quoted field spanning more lines than this is taken as a quote that
    ///     was never closed.
    ///   - handler: receives every record and every malformed stretch, in file order.
    public init(delimiter: UInt8, maxRecordLines: Int = 100, handler: @escaping (CSVEvent) throws -> Void) throws {
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
        if pending.isEmpty && context.fields.isEmpty && parser.pointee.pstate == 0 {
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
        if parser.pointee.pstate == 0 && context.fields.isEmpty {
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
        let column = context.fields.count + 1
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
        context.fields.removeAll(keepingCapacity: true)
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

/// Per-parser state that libcsv's callbacks reach through their `void *` argument.
final class ParseContext {
    var fields: [String] = []
    var records: [CSVRecord] = []
    var startLine = 0
}

private let fieldCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = { data, length, context in
    guard let context else { return }
    let ctx = Unmanaged<ParseContext>.fromOpaque(context).takeUnretainedValue()
    guard let data, length > 0 else {
        ctx.fields.append("")
        return
    }
    // libcsv reuses its buffer: copy now.
    ctx.fields.append(String(decoding: UnsafeBufferPointer(start: data.assumingMemoryBound(to: UInt8.self), count: length), as: UTF8.self))
}

private let rowCallback: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, context in
    guard let context else { return }
    let ctx = Unmanaged<ParseContext>.fromOpaque(context).takeUnretainedValue()
    ctx.records.append(CSVRecord(line: ctx.startLine, fields: ctx.fields))
    ctx.fields.removeAll(keepingCapacity: true)
}
