import Warehouse

/// The stage's reading passes (recruitment, the two years' households, the month's paid
/// records) are independent: on a warehouse file they run on two threads, each with its own
/// read-only connection, as the reconcile stage loads its two sides. An in-memory warehouse
/// (the tests') has no second connection: there they run one after the other.
enum SideBySide {
    /// Runs `first` and `second`, each given a connection to read from; rethrows the first error.
    static func run(on db: Database, _ first: @escaping (Database) throws -> Void, _ second: @escaping (Database) throws -> Void) throws {
        guard db.isFile else {
            try first(db)
            try second(db)
            return
        }
        let other = Background { try second(Database.reader(path: db.path)) }
        defer { other.finish() }
        try first(Database.reader(path: db.path))
        try other.wait()
    }
}
