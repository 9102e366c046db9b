import CSQLite
import Foundation

/// A raw connection handle, as the C API names it.
public typealias SQLiteConnection = OpaquePointer

/// One owned SQLite connection. Closing happens in `deinit`; every C call is checked.
public final class Database {
    /// The underlying handle, for the statements of this connection.
    let handle: SQLiteConnection
    /// The file this connection opened.
    public let path: String

    /// Process-wide settings made once, before the first connection initializes SQLite.
    private static let configured: Int32 = ansinh_sqlite3_memstatus_off()

    /// Opens the database at `path`: read-only, or read-write and created when missing
    /// (unless `create` is false).
    public init(path: String, readOnly: Bool = false, create: Bool = true) throws {
        _ = Self.configured
        var db: SQLiteConnection?
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0))
        let rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close_v2(db)
            throw DatabaseError(resultCode: rc, message: "\(message): \(path)")
        }
        self.handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
        try execute("PRAGMA foreign_keys = ON")
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &error)
        if rc != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? lastErrorMessage
            sqlite3_free(error)
            throw DatabaseError(resultCode: rc, message: message, sql: sql)
        }
    }

    /// Compiles a statement for repeated use.
    public func prepare(_ sql: String) throws -> Statement {
        try Statement(database: self, sql: sql)
    }

    /// Runs `body` inside one transaction: committed when it returns, rolled back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try transaction(immediate: true, body)
    }

    /// Runs `body` inside a transaction; `immediate: false` takes each database's locks when a
    /// statement first uses it rather than at once: for a transaction with attached databases
    /// that other connections are still writing (it reads them only after they are done).
    public func transaction<T>(immediate: Bool, _ body: () throws -> T) throws -> T {
        try execute(immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs a statement with arguments that returns no rows.
    public func run(_ sql: String, _ arguments: [SQLValue] = []) throws {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        try statement.run()
    }

    /// All rows of a query, each as its values in column order.
    public func rows(_ sql: String, _ arguments: [SQLValue] = []) throws -> [[SQLValue]] {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        var result: [[SQLValue]] = []
        while try statement.step() {
            result.append((0..<statement.columnCount).map { statement.value(at: $0) })
        }
        return result
    }

    /// The first column of the first row, or nil.
    public func scalar(_ sql: String, _ arguments: [SQLValue] = []) throws -> SQLValue? {
        try rows(sql, arguments).first?.first
    }

    /// Rows changed by the last statement.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    var lastErrorMessage: String { String(cString: sqlite3_errmsg(handle)) }

    func check(_ rc: Int32, sql: String? = nil) throws {
        guard rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW else {
            throw DatabaseError(resultCode: rc, message: lastErrorMessage, sql: sql)
        }
    }
}
