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

    /// What `body` gave, or threw, once it has finished; handed over, not kept (the caller
    /// frees it as it goes). Call it once.
    public func wait() throws -> T {
        group.wait()
        defer { result = nil }
        guard let result else { throw CancellationError() }
        return try result.get()
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
    /// in-memory database, which no other connection sees. It waits for a writer on another
    /// connection that is committing rather than failing (`busy_timeout`).
    public func reader() throws -> Database? {
        guard !path.isEmpty, path != ":memory:", FileManager.default.fileExists(atPath: path) else { return nil }
        let reader = try Database(path: path, readOnly: true)
        try reader.execute("PRAGMA busy_timeout = 600000")
        return reader
    }
}
