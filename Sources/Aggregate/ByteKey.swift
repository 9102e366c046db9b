#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A text compared and hashed by its UTF-8 bytes, as SQLite's BINARY collation compares text.
/// Swift's own String equality is canonical equivalence, and hashing a non-ASCII String costs a
/// normalization check each time: millions of keys made that the stage's hot spot.
struct ByteKey: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (a: ByteKey, b: ByteKey) -> Bool { sameBytes(a.text, b.text) }

    func hash(into hasher: inout Hasher) {
        var text = self.text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

/// Two texts given by their parts (a folded name and a birth date), compared part by part by
/// their bytes, without joining them into a new string.
struct BytePairKey: Hashable {
    let first: String, second: String

    static func == (a: BytePairKey, b: BytePairKey) -> Bool { sameBytes(a.first, b.first) && sameBytes(a.second, b.second) }

    func hash(into hasher: inout Hasher) {
        var first = self.first, second = self.second
        first.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(UInt8(0xFF))  // no UTF-8 byte: "ab"+"c" and "a"+"bc" hash apart
        second.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

/// The same UTF-8 bytes.
func sameBytes(_ a: String, _ b: String) -> Bool {
    var a = a, b = b
    return a.withUTF8 { x in
        b.withUTF8 { y in
            guard x.count == y.count else { return false }
            guard let p = x.baseAddress, let q = y.baseAddress else { return true }  // both empty
            return memcmp(p, q, x.count) == 0
        }
    }
}

/// Numbers the distinct texts of a column from 0, in order of first appearance. The last text
/// is remembered: a column that repeats in runs (a file's rows, a district's) costs one byte
/// comparison per row.
struct Interner {
    private(set) var texts: [String] = []
    private var ids: [ByteKey: Int32] = [:]
    private var last: String?
    private var lastID: Int32 = -1

    /// The number of `text`.
    mutating func id(_ text: String) -> Int32 {
        if let last, sameBytes(last, text) { return lastID }
        let key = ByteKey(text)
        let id: Int32
        if let known = ids[key] {
            id = known
        } else {
            id = Int32(texts.count)
            texts.append(text)
            ids[key] = id
        }
        last = text
        lastID = id
        return id
    }

    /// Each number's rank when the texts are sorted by their bytes (SQLite's ORDER BY).
    func ranks() -> [UInt32] {
        let sorted = texts.indices.sorted { texts[$0].utf8.lexicographicallyPrecedes(texts[$1].utf8) }
        var rank = [UInt32](repeating: 0, count: texts.count)
        for (r, i) in sorted.enumerated() { rank[i] = UInt32(r) }
        return rank
    }
}

/// The place of each row in `ORDER BY source_file, source_line`, without sorting the rows:
/// files are numbered as they stream by and ranked once at the end (a few thousand names).
struct FileOrder {
    private var files = Interner()
    private var fileOfRow: [Int32] = []
    private var lineOfRow: [UInt32] = []

    /// Records the next row's file and line.
    mutating func add(file: String, line: Int64) {
        fileOfRow.append(files.id(file))
        lineOfRow.append(UInt32(clamping: line))
    }

    /// One key per row, in the order rows were added: smaller is earlier in file order.
    func keys() -> [UInt64] {
        let rank = files.ranks()
        return zip(fileOfRow, lineOfRow).map { UInt64(rank[Int($0.0)]) << 32 | UInt64($0.1) }
    }
}
