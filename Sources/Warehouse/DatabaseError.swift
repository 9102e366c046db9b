import CSQLite

/// An SQLite failure: the result code, SQLite's message, and the SQL that failed.
public struct DatabaseError: Error, CustomStringConvertible {
    /// The primary or extended SQLite result code (`SQLITE_BUSY`, `SQLITE_CONSTRAINT`…).
    public let resultCode: Int32
    /// SQLite's own message (`sqlite3_errmsg`).
    public let message: String
    /// The statement that failed, when there is one.
    public let sql: String?

    public init(resultCode: Int32, message: String, sql: String? = nil) {
        self.resultCode = resultCode
        self.message = message
        self.sql = sql
    }

    public var description: String {
        var text = "SQLite error \(resultCode): \(message)"
        if let sql { text += " — in: \(sql.prefix(200))" }
        return text
    }
}
