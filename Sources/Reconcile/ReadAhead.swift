import Dispatch
import Foundation

/// The registry and the payment lines of a period, read from a warehouse file on threads and
/// connections of their own, so that reconcile's input is in memory by the time the run's
/// connection has finished what it was doing (building the indexes, the dataset checks).
///
/// The reading holds a shared lock on the file until it is done: a writer on another
/// connection must wait for it (`PRAGMA busy_timeout`) to commit. What it reads is the
/// data as committed when it began.
public final class ReadAhead: @unchecked Sendable {
    private let group = DispatchGroup()
    /// Written by the reading thread before it leaves the group; read after `wait`.
    private var result: Result<MatchData, Error>?

    /// Starts reading `period`'s input from the warehouse file at `path`.
    public init(path: String, period: String) {
        DispatchQueue.global().async(group: group) { [self] in
            result = Result { try MatchDataLoader.load(path: path, period: period) }
        }
    }

    /// The input, once read; the reading's error if it failed.
    func wait() throws -> MatchData {
        group.wait()
        // Handed over, not kept: the stage frees the columns as it goes.
        defer { result = nil }
        guard let result else { throw CancellationError() }
        return try result.get()
    }

    /// Waits for the reading to end (and lets go of its locks), whatever it gave: for a run
    /// that stops before reconciling.
    public func finish() {
        group.wait()
        result = nil
    }
}
