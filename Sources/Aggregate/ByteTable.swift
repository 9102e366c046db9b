#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import VietText

/// Distinct byte strings (cell texts as SQLite gives them, compared byte for byte as its BINARY
/// collation compares) numbered from 0 in order of first appearance, stored once in one byte
/// buffer. The lookup is an open-addressing table of numbers over that buffer, each slot
/// tagged with its hash's high bits so that most misses compare no bytes: no `String`, no
/// `Hasher` and no allocation per row, where a `[String: Int32]` was the stage's hot spot.
///
/// The pattern of Reconcile's `InternTable` and Normalize's `ParseMemo`, which Aggregate may
/// not import.
struct ByteTable {
    private var bytes: [UInt8] = []
    /// Where string i starts in `bytes`; one more entry than strings.
    private var starts: [Int] = [0]
    /// (number + 1) in the low 32 bits (0: empty), the hash's high 32 bits above; a power of
    /// two long, at most three quarters full.
    private var slots: [UInt64]
    /// The string found last: a column that repeats in runs (a file's rows, a district's)
    /// costs one comparison per row.
    private var last: Int32 = -1

    /// Room for about `capacity` strings without growing.
    init(capacity: Int = 0) {
        starts.reserveCapacity(capacity + 1)
        slots = [UInt64](repeating: 0, count: Self.slotCount(for: capacity))
    }

    /// How many distinct strings.
    var count: Int { starts.count - 1 }

    private static func slotCount(for n: Int) -> Int {
        var size = 16
        while size * 3 < n * 4 { size <<= 1 }
        return size
    }

    /// The number of the string with these bytes, numbering it when new (then it is `count - 1`).
    @inline(__always)
    mutating func id(_ s: UnsafeBufferPointer<UInt8>) -> Int32 {
        if last >= 0 && equals(last, s) { return last }
        let hash = ByteHash.hash(s)
        let tag = UInt64(UInt32(truncatingIfNeeded: hash >> 32))
        let mask = slots.count - 1
        var k = hash & mask
        while true {
            let slot = slots[k]
            if slot == 0 { break }
            if slot >> 32 == tag {
                let i = Int32(truncatingIfNeeded: slot & 0xFFFF_FFFF) &- 1
                if equals(i, s) { last = i; return i }
            }
            k = (k + 1) & mask
        }
        let i = Int32(count)
        bytes.append(contentsOf: s)
        starts.append(bytes.count)
        slots[k] = tag << 32 | UInt64(UInt32(i) &+ 1)
        if count * 4 > slots.count * 3 { grow() }
        last = i
        return i
    }

    /// The number of `text`'s UTF-8 bytes.
    mutating func id(_ text: String) -> Int32 {
        var text = text
        return text.withUTF8 { id($0) }
    }

    /// String `i`'s bytes.
    @inline(__always)
    func withBytes<R>(_ i: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let start = starts[Int(i)], end = starts[Int(i) + 1]
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    /// String `i` as text (as `Statement.text(at:)` would have decoded it).
    func text(_ i: Int32) -> String { withBytes(i) { String(decoding: $0, as: UTF8.self) } }

    /// Every string as text, by number.
    var texts: [String] { (0..<count).map { text(Int32($0)) } }

    /// Each number's rank when the strings are sorted by their bytes (SQLite's ORDER BY).
    func ranks() -> [UInt32] {
        let sorted = (0..<Int32(count)).sorted { a, b in
            withBytes(a) { x in withBytes(b) { y in x.lexicographicallyPrecedes(y) } }
        }
        var rank = [UInt32](repeating: 0, count: count)
        for (r, i) in sorted.enumerated() { rank[Int(i)] = UInt32(r) }
        return rank
    }

    @inline(__always)
    private func equals(_ i: Int32, _ s: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[Int(i)], end = starts[Int(i) + 1]
        guard end - start == s.count else { return false }
        guard let q = s.baseAddress, s.count > 0 else { return true }  // both empty
        return bytes.withUnsafeBufferPointer { all in
            guard let p = all.baseAddress else { return false }
            return memcmp(p + start, q, s.count) == 0
        }
    }

    /// Twice the slots, every string placed again.
    private mutating func grow() {
        slots = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for i in 0..<Int32(count) {
            let hash = withBytes(i, ByteHash.hash)
            var k = hash & mask
            while slots[k] != 0 { k = (k + 1) & mask }
            slots[k] = UInt64(UInt32(truncatingIfNeeded: hash >> 32)) << 32 | UInt64(UInt32(i) &+ 1)
        }
    }
}

/// A key made of several cells' bytes, built in one buffer kept from row to row (no allocation
/// once it has grown to the longest key).
struct KeyBuffer {
    private var bytes: [UInt8] = []

    /// Starts a new key.
    mutating func clear() { bytes.removeAll(keepingCapacity: true) }

    /// Appends a cell's bytes (nothing for NULL).
    mutating func append(_ cell: UnsafeBufferPointer<UInt8>?) {
        if let cell { bytes.append(contentsOf: cell) }
    }

    /// Appends one byte (a separator).
    mutating func append(_ byte: UInt8) { bytes.append(byte) }

    /// The key's number in `table`.
    func id(in table: inout ByteTable) -> Int32 {
        bytes.withUnsafeBufferPointer { table.id($0) }
    }
}

extension ByteTable {
    /// No bytes: what a NULL cell counts as where the old code read `text ?? ""`.
    static let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
}

/// A cell's bytes are exactly `word`'s (false for NULL).
@inline(__always)
func cell(_ bytes: UnsafeBufferPointer<UInt8>?, is word: StaticString) -> Bool {
    guard let bytes, bytes.count == word.utf8CodeUnitCount else { return false }
    guard let p = bytes.baseAddress, bytes.count > 0 else { return true }
    return memcmp(p, word.utf8Start, bytes.count) == 0
}
