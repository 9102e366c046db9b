import Foundation
import Warehouse

/// The registry and the payment lines of a period, read from a warehouse file on threads and
/// connections of their own, so that reconcile's input is in memory by the time the run's
/// connection has finished what it was doing (the dataset checks, aggregate's counts).
///
/// In rollback-journal mode the reading holds a shared lock on the file until it is done: a
/// writer on another connection must wait for it (`PRAGMA busy_timeout`) to commit; in WAL
/// mode the writer goes on beside it. What it reads is the data as committed when it began.
public final class ReadAhead: Sendable {
    private let work: Background<MatchData>

    /// Starts reading `period`'s input from the warehouse file at `path`.
    public init(path: String, period: String) {
        work = Background { try MatchDataLoader.load(path: path, period: period) }
    }

    /// The input, once read; the reading's error if it failed.
    func wait() throws -> MatchData { try work.wait() }

    /// Waits for the reading to end and its connections to close, keeping what it read for
    /// reconcile.
    public func ready() { work.ready() }

    /// Waits for the reading to end (and lets go of its locks), whatever it gave: for a run
    /// that stops before reconciling.
    public func finish() { work.finish() }
}
