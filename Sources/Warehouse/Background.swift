import Dispatch
import Foundation

/// Work started on another thread and waited for later: a stage's reading of the warehouse on
/// connections of its own while the run's connection does something else.
public final class Background<T>: @unchecked Sendable {
    private let group = DispatchGroup()
    /// Written by the working thread before it leaves the group; read after `group.wait()`.
    private var result: Result<T, Error>?

    /// Starts `body` at once on a thread of Dispatch's pool.
    public init(_ body: @escaping () throws -> T) {
        DispatchQueue.global().async(group: group) { [self] in
            result = Result { try body() }
        }
    }

    /// Work already done here (where no other connection could do it): `wait` gives `value`.
    public static func done(_ value: T) -> Background<T> {
        Background(result: .success(value))
    }

    private init(result: Result<T, Error>) {
        self.result = result
    }

    /// What `body` gave, or threw, once it has finished; handed over, not kept (the caller
    /// frees it as it goes). Call it once.
    public func wait() throws -> T {
        group.wait()
        defer { result = nil }
        guard let result else { throw CancellationError() }
        return try result.get()
    }

    /// Waits for `body` to end, keeping what it gave for `wait`: for a caller that must know
    /// the work's connections are closed before it goes on.
    public func ready() {
        group.wait()
    }

    /// Waits for `body` to end, whatever it gave, and lets go of it: for a run that stops
    /// before it needs the result (the work's connections must be closed before cleaning up).
    public func finish() {
        group.wait()
        result = nil
    }
}

extension Database {
    /// A read-only connection to the same file, for reading on another thread; nil for an
    /// in-memory database, which no other connection sees.
    public func reader() throws -> Database? {
        guard isFile else { return nil }
        return try Database.reader(path: path)
    }

    /// True when the database is a file that other connections can open (not in memory).
    public var isFile: Bool {
        !path.isEmpty && path != ":memory:" && FileManager.default.fileExists(atPath: path)
    }

    /// A connection to the warehouse file at `path` that only reads (`PRAGMA query_only`) and
    /// waits for the others (`waitWhenBusy`).
    ///
    /// Read-write at the file level all the same: a reader that meets the rollback journal of a
    /// transaction just begun on another connection may take it for a crashed writer's; a
    /// read-write connection then waits for the writer's lock, where a read-only one fails
    /// (SQLITE_READONLY_ROLLBACK). The building warehouse keeps its journal between
    /// transactions (`PERSIST`), so a reader beside a writing stage meets it.
    public static func reader(path: String) throws -> Database {
        let reader = try Database(path: path, create: false)
        try reader.execute("PRAGMA query_only = ON")
        try reader.waitWhenBusy()
        return reader
    }

    /// Makes this connection wait for another one that holds the lock it needs (a reader, for
    /// a commit in rollback-journal mode; a committing writer, for a read) instead of failing
    /// with SQLITE_BUSY: for up to ten minutes, far beyond any phase of a run.
    public func waitWhenBusy() throws {
        try execute("PRAGMA busy_timeout = 600000")
    }
}
