import Dispatch
import Foundation
import Warehouse

/// The stage's reading passes (recruitment, the two years' households, the month's paid
/// records) are independent: on a warehouse file they run on two threads, each with its own
/// read-only connection, as the reconcile stage loads its two sides. An in-memory warehouse
/// (the tests') has no second connection: there they run one after the other.
enum SideBySide {
    /// Runs `first` and `second`, each given a connection to read from; rethrows the first error.
    static func run(on db: Database, _ first: @escaping (Database) throws -> Void, _ second: @escaping (Database) throws -> Void) throws {
        guard !db.path.isEmpty, db.path != ":memory:", FileManager.default.fileExists(atPath: db.path) else {
            try first(db)
            try second(db)
            return
        }
        let a = try Database(path: db.path, readOnly: true), b = try Database(path: db.path, readOnly: true)
        let other = Outcome()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { other.result = Result { try second(b) } }
        let mine = Result { try first(a) }
        group.wait()
        try mine.get()
        try other.result.get()
    }

    /// The other thread's outcome; `DispatchGroup.wait` orders its write before the read.
    private final class Outcome: @unchecked Sendable {
        var result: Result<Void, Error> = .success(())
    }
}
