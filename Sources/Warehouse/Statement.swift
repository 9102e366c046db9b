import CSQLite

/// A raw prepared-statement handle, as the C API names it.
public typealias SQLiteStatement = OpaquePointer

/// SQLite must copy bound text: callers' buffers (libcsv's among them) are reused.
private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One owned prepared statement; finalized in `deinit`.
public final class Statement {
    let handle: SQLiteStatement
    /// The connection stays alive as long as its statements.
    private let database: Database
    /// The SQL text, for error messages.
    public let sql: String

    init(database: Database, sql: String) throws {
        var statement: SQLiteStatement?
        let rc = sqlite3_prepare_v2(database.handle, sql, -1, &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            throw DatabaseError(resultCode: rc, message: database.lastErrorMessage, sql: sql)
        }
        self.handle = statement
        self.database = database
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Number of columns of the result.
    public var columnCount: Int32 { sqlite3_column_count(handle) }

    /// Binds values to the parameters 1…n, after resetting the statement.
    public func bind(_ values: [SQLValue]) throws {
        try reset()
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    /// Binds one value to the 1-based parameter `index`.
    public func bind(_ value: SQLValue, at index: Int32) throws {
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(handle, index)
        case .integer(let v): rc = sqlite3_bind_int64(handle, index, v)
        case .real(let v): rc = sqlite3_bind_double(handle, index, v)
        case .text(let v): return try bind(text: v, at: index)
        }
        try database.check(rc, sql: sql)
    }

    /// Resets the statement so that it can run again; bindings are cleared.
    public func reset() throws {
        sqlite3_reset(handle)
        let rc = sqlite3_clear_bindings(handle)
        if rc != SQLITE_OK { try database.check(rc, sql: sql) }
    }

    /// Advances to the next row: true while there is one.
    @discardableResult
    public func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw DatabaseError(resultCode: rc, message: database.lastErrorMessage, sql: sql)
        }
    }

    /// Runs a statement that returns no rows.
    public func run() throws {
        while try step() {}
    }

    /// Binds and runs in one call: the insert loop's shape.
    public func run(_ values: [SQLValue]) throws {
        try bind(values)
        try run()
    }

    /// The value of column `index` (0-based) of the current row.
    public func value(at index: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
        case SQLITE_NULL: return .null
        default:
            guard let text = sqlite3_column_text(handle, index) else { return .null }
            return .text(String(cString: text))
        }
    }

    /// Column `index` as text, nil for NULL.
    public func string(at index: Int32) -> String? { value(at: index).string }
    /// Column `index` as an integer, nil for NULL.
    public func int(at index: Int32) -> Int64? { value(at: index).int }

    // MARK: The hot paths of bulk loads and inserts, without `SQLValue` arrays.

    /// Column `index` as text, nil for NULL, read with its byte count (no strlen).
    public func text(at index: Int32) -> String? {
        guard let p = sqlite3_column_text(handle, index) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, index))), as: UTF8.self)
    }

    /// Column `index`'s text as UTF-8 bytes, nil for NULL, without making a `String`: a view of
    /// SQLite's own buffer, borrowed. It stays valid only until the next `step`, `reset` or
    /// `insert` of this statement (or another type conversion of this column): copy what must
    /// outlive the row.
    public func textBytes(at index: Int32) -> UnsafeBufferPointer<UInt8>? {
        // The text first, then its length: the order SQLite documents for a stable pointer.
        guard let p = sqlite3_column_text(handle, index) else { return nil }
        return UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, index)))
    }

    /// Column `index` as an integer, nil for NULL.
    public func integer(at index: Int32) -> Int64? {
        sqlite3_column_type(handle, index) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, index)
    }

    /// Binds text (or NULL) to the 1-based parameter `index`, keeping the other bindings.
    public func bind(text value: String?, at index: Int32) throws {
        guard var value else { return try database.check(sqlite3_bind_null(handle, index), sql: sql) }
        let rc = value.withUTF8 { bytes -> Int32 in
            // An empty buffer may have no address: bind an empty text instead.
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return sqlite3_bind_text(handle, index, "", 0, SQLITE_TRANSIENT) }
            return UnsafeRawPointer(base).withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(handle, index, $0, Int32(bytes.count), SQLITE_TRANSIENT)
            }
        }
        try database.check(rc, sql: sql)
    }

    /// Binds text that SQLite does not copy (SQLITE_STATIC): `bytes` must stay valid and
    /// unchanged as long as it is bound — until it is bound again or `clearBindings` (a reset
    /// keeps bindings) — the caller's own buffer, reused row after row. Saves SQLite a copy of
    /// every value of a bulk insert.
    public func bind(borrowedText bytes: UnsafeBufferPointer<UInt8>, at index: Int32) throws {
        // An empty buffer may have no address: an empty text is copied instead.
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            return try database.check(sqlite3_bind_text(handle, index, "", 0, SQLITE_TRANSIENT), sql: sql)
        }
        let rc = UnsafeRawPointer(base).withMemoryRebound(to: CChar.self, capacity: bytes.count) {
            sqlite3_bind_text(handle, index, $0, Int32(bytes.count), nil)
        }
        // Tested here first: the writer binds a hundred million values, and reaching the
        // connection and the SQL text for each (to report an error) counted references.
        if rc != SQLITE_OK { try database.check(rc, sql: sql) }
    }

    /// Binds an integer (or NULL) to the 1-based parameter `index`.
    public func bind(integer value: Int64?, at index: Int32) throws {
        let rc = value.map { sqlite3_bind_int64(handle, index, $0) } ?? sqlite3_bind_null(handle, index)
        if rc != SQLITE_OK { try database.check(rc, sql: sql) }
    }

    /// Binds a real (or NULL) to the 1-based parameter `index`.
    public func bind(real value: Double?, at index: Int32) throws {
        let rc = value.map { sqlite3_bind_double(handle, index, $0) } ?? sqlite3_bind_null(handle, index)
        if rc != SQLITE_OK { try database.check(rc, sql: sql) }
    }

    /// Runs the statement with its current bindings and makes it ready for the next row; the
    /// caller binds every parameter before each call.
    public func insert() throws {
        try run()
        try database.check(sqlite3_reset(handle), sql: sql)
    }

    /// Unbinds every parameter (NULL again), so that no binding outlives a borrowed buffer.
    public func clearBindings() throws {
        let rc = sqlite3_clear_bindings(handle)
        if rc != SQLITE_OK { try database.check(rc, sql: sql) }
    }
}
