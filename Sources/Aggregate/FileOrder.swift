import VietText

/// The place of each row in `ORDER BY source_file, source_line`, without sorting the rows:
/// files are numbered as they stream by and ranked once at the end (a few thousand names).
struct FileOrder {
    private var files = InternTable()
    private var fileOfRow: [Int32] = []
    private var lineOfRow: [UInt32] = []

    /// Room for about `rows` rows.
    init(capacity rows: Int = 0) {
        fileOfRow.reserveCapacity(rows)
        lineOfRow.reserveCapacity(rows)
    }

    /// Records the next row's file (its bytes) and line.
    mutating func add(file: UnsafeBufferPointer<UInt8>, line: Int64) {
        fileOfRow.append(files.intern(bytes: file))
        lineOfRow.append(UInt32(clamping: line))
    }

    /// One key per row, in the order rows were added: smaller is earlier in file order.
    func keys() -> [UInt64] {
        let rank = files.byteOrderRanks()
        return zip(fileOfRow, lineOfRow).map { UInt64(rank[Int($0.0)]) << 32 | UInt64($0.1) }
    }
}
