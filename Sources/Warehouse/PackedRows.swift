/// Rows of SQL values packed one after another into a single byte buffer, for a writer on
/// another thread: handing over a file's rows is handing over one array, and the writer binds
/// each text where it lies. Rows as `[SQLValue]` cost the writer a reference count and a
/// release for every string, and freed on the writing thread memory the parsing thread had
/// allocated (a third of the writer's time at national scale).
///
/// A value is a tag byte, then 8 bytes for an integer or a real, or a 4-byte length and the
/// UTF-8 bytes for a text; NULL is the tag alone. Machine byte order: the buffer never leaves
/// the process.
public final class PackedRows: @unchecked Sendable {
    // Sendable: one thread fills it, then hands it over and never touches it again.

    /// Values per row.
    public let columns: Int
    /// Rows appended.
    public private(set) var count = 0
    /// The bytes, `used` of `capacity` written: stored through a pointer, where appending to an
    /// `[UInt8]` byte by byte cost as much as the writer saved.
    private var storage: UnsafeMutableRawPointer
    private var capacity: Int
    private var used = 0
    /// Values appended to the row not yet ended.
    private var open = 0

    enum Tag: UInt8 { case null = 0, integer, real, text }

    public init(columns: Int, capacity: Int = 1 << 14) {
        self.columns = columns
        self.capacity = max(capacity, 64)
        storage = .allocate(byteCount: self.capacity, alignment: 8)
    }

    deinit { storage.deallocate() }

    /// Room for `n` more bytes.
    @inline(__always)
    private func reserve(_ n: Int) {
        guard used + n > capacity else { return }
        var larger = capacity * 2
        while used + n > larger { larger *= 2 }
        let moved = UnsafeMutableRawPointer.allocate(byteCount: larger, alignment: 8)
        moved.copyMemory(from: storage, byteCount: used)
        storage.deallocate()
        storage = moved
        capacity = larger
    }

    /// Appends one row; `values` holds exactly `columns` values.
    public func append(_ values: [SQLValue]) {
        precondition(values.count == columns, "PackedRows: a row of \(values.count) values in rows of \(columns)")
        for value in values {
            switch value {
            case .null: appendNull()
            case .integer(let v): append(integer: v)
            case .real(let v): append(real: v)
            case .text(let s): append(text: s)
            }
        }
        endRow()
    }

    // A row value by value, without an array of values: `append(text:)`, `append(integer:)`
    // or `appendNull()` once per column in order, then `endRow()`.

    /// The next value of the row: a text, or NULL for nil.
    @inline(__always)
    public func append(text: String?) {
        guard let text else { return appendNull() }
        if let done: Void = text.utf8.withContiguousStorageIfAvailable({ append(utf8: $0) }) { return done }
        append(utf8: Array(text.utf8))
    }

    /// The next value of the row: a text given as UTF-8 bytes.
    public func append<Bytes: Collection>(utf8: Bytes) where Bytes.Element == UInt8 {
        let n = utf8.count
        reserve(5 + n)
        storage.storeBytes(of: Tag.text.rawValue, toByteOffset: used, as: UInt8.self)
        storage.storeBytes(of: UInt32(n), toByteOffset: used + 1, as: UInt32.self)
        let out = UnsafeMutableRawBufferPointer(start: storage + used + 5, count: n)
        out.copyBytes(from: utf8)
        used += 5 + n
        open += 1
    }

    /// The next value of the row: an integer, or NULL for nil.
    @inline(__always)
    public func append(integer: Int64?) {
        guard let integer else { return appendNull() }
        append(.integer, bits: UInt64(bitPattern: integer))
    }

    /// The next value of the row: an integer, or NULL for nil.
    @inline(__always)
    public func append(integer: Int?) {
        append(integer: integer.map(Int64.init))
    }

    /// The next value of the row: a real, or NULL for nil.
    @inline(__always)
    public func append(real: Double?) {
        guard let real else { return appendNull() }
        append(.real, bits: real.bitPattern)
    }

    /// A value of eight bytes: its tag, then the bits of the integer or the real.
    @inline(__always)
    private func append(_ tag: Tag, bits: UInt64) {
        reserve(9)
        storage.storeBytes(of: tag.rawValue, toByteOffset: used, as: UInt8.self)
        storage.storeBytes(of: bits, toByteOffset: used + 1, as: UInt64.self)
        used += 9
        open += 1
    }

    /// Forgets every row, keeping the buffer: for a writer that packs rows, hands them to
    /// `BatchedInsert.rows` (which has stored or copied them when it returns) and packs more.
    public func removeAll() {
        precondition(open == 0, "PackedRows: cleared inside a row")
        used = 0
        count = 0
    }

    /// The next value of the row: NULL.
    @inline(__always)
    public func appendNull() {
        reserve(1)
        storage.storeBytes(of: Tag.null.rawValue, toByteOffset: used, as: UInt8.self)
        used += 1
        open += 1
    }

    /// Ends the row whose values were appended one by one.
    @inline(__always)
    public func endRow() {
        // A row of the wrong width would shift every value after it into the wrong column.
        precondition(open == columns, "PackedRows: a row of \(open) values in rows of \(columns)")
        open = 0
        count += 1
    }

    /// The values of every row in order, row after row, through `body`; a text's bytes are
    /// valid until this returns (nothing changes the buffer meanwhile).
    public func forEachValue(_ body: (PackedValue) throws -> Void) rethrows {
        let raw = UnsafeRawBufferPointer(start: storage, count: used)
        var at = 0
        while at < raw.count {
            let tag = raw[at]
            at += 1
            switch tag {
            case Tag.integer.rawValue:
                try body(.integer(raw.loadUnaligned(fromByteOffset: at, as: Int64.self)))
                at += 8
            case Tag.real.rawValue:
                try body(.real(raw.loadUnaligned(fromByteOffset: at, as: Double.self)))
                at += 8
            case Tag.text.rawValue:
                let n = Int(raw.loadUnaligned(fromByteOffset: at, as: UInt32.self))
                at += 4
                let text = UnsafeRawBufferPointer(rebasing: raw[at..<at + n]).bindMemory(to: UInt8.self)
                try body(.text(text))
                at += n
            default:
                try body(.null)
            }
        }
    }
}

/// One value of `PackedRows` as the writer reads it: a text borrows the buffer's bytes.
public enum PackedValue {
    case null
    case integer(Int64)
    case real(Double)
    case text(UnsafeBufferPointer<UInt8>)
}
