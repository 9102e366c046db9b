/// An `INSERT INTO table(columns) VALUES …` that takes rows one at a time and sends them to
/// SQLite `rowsPerStep` per statement run, in the order they came: SQLite's cost per run
/// (opening the table, the statement's start and end, the reset) is paid once per batch, and
/// text is bound from one reused buffer, not copied by SQLite value by value.
/// `flush` sends the rows still held; call it before the transaction ends.
public final class BatchedInsert {
    private let batch: Statement
    private let single: Statement
    private let columns: Int
    private let rowsPerStep: Int
    /// The rows not yet sent, row after row.
    private var pending: [SQLValue] = []
    /// The text of the batch being bound: SQLite reads it in place (bound as static).
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCapacity = 1 << 16

    /// `sql` is the statement up to `VALUES` ("INSERT INTO t(a, b)"), `columns` its column count.
    public init(db: Database, _ sql: String, columns: Int, rowsPerStep: Int = 32) throws {
        let row = "(" + Array(repeating: "?", count: columns).joined(separator: ",") + ")"
        batch = try db.prepare(sql + " VALUES " + Array(repeating: row, count: rowsPerStep).joined(separator: ","))
        single = try db.prepare(sql + " VALUES " + row)
        self.columns = columns
        self.rowsPerStep = rowsPerStep
        pending.reserveCapacity(columns * rowsPerStep)
        arena = .allocate(capacity: arenaCapacity)
    }

    deinit { arena.deallocate() }

    /// The current row's next value, text or NULL; `endRow` closes the row.
    public func text(_ value: String?) { pending.append(.text(value)) }
    /// The current row's next value, an integer or NULL.
    public func integer(_ value: Int64?) { pending.append(.int64(value)) }
    /// The current row's next value, a real or NULL.
    public func real(_ value: Double?) { pending.append(.real(value)) }

    /// A whole row at once, its values in column order.
    public func row(_ values: [SQLValue]) throws {
        pending.append(contentsOf: values)
        try endRow()
    }

    /// Closes the row; a full batch goes to SQLite.
    public func endRow() throws {
        precondition(pending.count % columns == 0, "BatchedInsert: a row of the wrong width")
        if pending.count == columns * rowsPerStep {
            try send(batch, pending[...])
            pending.removeAll(keepingCapacity: true)
        }
    }

    /// Inserts packed rows (of this statement's width) after the rows already taken: whole
    /// batches bound straight from the packed bytes, the rest held like rows taken one by one.
    public func rows(_ packed: PackedRows) throws {
        precondition(packed.columns == columns, "BatchedInsert: packed rows of the wrong width")
        guard packed.count > 0 else { return }
        // Rows taken before go first, in order.
        if !pending.isEmpty { try flush() }
        let batched = packed.count / rowsPerStep * rowsPerStep * columns
        let perStep = Int32(columns * rowsPerStep)
        var value = 0
        // The parameter the next value binds to, 1 through perStep (counted, not a remainder:
        // a division for each of a national month's 100 million values cost about a second).
        var index: Int32 = 1
        try packed.forEachValue { item in
            if value < batched {
                // The text stays where it is until this batch has run: bound without a copy.
                switch item {
                case .null: try batch.bind(integer: nil, at: index)
                case .integer(let v): try batch.bind(integer: v, at: index)
                case .real(let v): try batch.bind(real: v, at: index)
                case .text(let bytes): try batch.bind(borrowedText: bytes, at: index)
                }
                if index == perStep {
                    try batch.insert()
                    try batch.clearBindings()
                    index = 1
                } else {
                    index += 1
                }
            } else {
                switch item {
                case .null: pending.append(.null)
                case .integer(let v): pending.append(.integer(v))
                case .real(let v): pending.append(.real(v))
                case .text(let bytes): pending.append(.text(String(decoding: bytes, as: UTF8.self)))
                }
            }
            value += 1
        }
    }

    /// Sends the rows still held, one statement run each.
    public func flush() throws {
        var start = 0
        while start < pending.count {
            try send(single, pending[start..<start + columns])
            start += columns
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Binds `values` to the parameters 1… of `statement` and runs it.
    private func send(_ statement: Statement, _ values: ArraySlice<SQLValue>) throws {
        var textBytes = 0
        for case .text(let s) in values { textBytes += s.utf8.count }
        if textBytes > arenaCapacity {
            // Nothing points into the old buffer: the previous run is over and bound again below.
            arena.deallocate()
            arenaCapacity = max(textBytes, arenaCapacity * 2)
            arena = .allocate(capacity: arenaCapacity)
        }
        var used = 0
        for (k, value) in values.enumerated() {
            let index = Int32(k + 1)
            switch value {
            case .null: try statement.bind(integer: nil, at: index)
            case .integer(let v): try statement.bind(integer: v, at: index)
            case .real(let v): try statement.bind(real: v, at: index)
            case .text(var s):
                let start = arena + used
                let n = s.withUTF8 { bytes -> Int in
                    guard let base = bytes.baseAddress else { return 0 }
                    start.initialize(from: base, count: bytes.count)
                    return bytes.count
                }
                try statement.bind(borrowedText: UnsafeBufferPointer(start: start, count: n), at: index)
                used += n
            }
        }
        try statement.insert()
        // The text bindings point into the arena, which the next batch overwrites (or a larger
        // one replaces): nothing may keep them past this run.
        try statement.clearBindings()
    }
}
