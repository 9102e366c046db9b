/// Distinct strings (folded names, citizen IDs, codes, files, dates) stored once, as indexes
/// into one byte buffer: the matcher compares integers, and bytes only when the integers differ.
/// Strings are kept in insertion order, so indexes are deterministic for the same input.
///
/// The lookup is an open-addressing table of indexes over the buffer itself (no `String` kept
/// per entry): about 12 bytes per distinct string besides its bytes, which keeps a national
/// registry's IDs and names small. Strings are compared byte for byte, as SQLite's BINARY
/// collation compares text: reconcile's columns and aggregate's keys are numbered with it.
public struct InternTable {
    private var bytes: [UInt8] = []
    private var starts: [Int32] = [0]
    /// (index + 1) in the low 32 bits (0 empty), the hash's high 32 bits above; a power of two
    /// long, at most three quarters full.
    private var slots: [UInt64] = []
    /// The string interned last: rows come file by file and district by district.
    private var last: Int32 = -1
    /// Where `absorb` puts the slots it reads ahead, so that the reads are not optimized away.
    private var touched: UInt64 = 0

    /// Room for about `capacity` strings before the lookup grows.
    public init(capacity: Int = 0) {
        starts.reserveCapacity(capacity + 1)
        slots = [UInt64](repeating: 0, count: Self.slotCount(for: max(capacity, 8)))
    }

    /// How many distinct strings.
    public var count: Int { starts.count - 1 }

    /// Makes room for about `strings` strings of `bytes` bytes in all, so that the table does
    /// not grow (copying its arrays and rehashing) as it fills; never shrinks it.
    public mutating func reserveCapacity(strings: Int, bytes byteCount: Int) {
        starts.reserveCapacity(strings + 1)
        bytes.reserveCapacity(byteCount)
        let size = Self.slotCount(for: max(strings, 8))
        guard size > slots.count else { return }
        slots = [UInt64](repeating: 0, count: size)
        rehash()
    }

    private static func slotCount(for n: Int) -> Int {
        var size = 16
        while size * 3 < n * 4 { size <<= 1 }
        return size
    }

    /// The slot holding `s`, or the empty slot where it would go.
    @inline(__always)
    private func slot(of s: UnsafeBufferPointer<UInt8>, hash: Int) -> Int {
        let mask = slots.count - 1
        let tag = UInt64(UInt32(truncatingIfNeeded: hash >> 32))
        var k = hash & mask
        while true {
            let slot = slots[k]
            if slot == 0 { return k }
            if slot >> 32 == tag && equals(Int32(truncatingIfNeeded: slot & 0xFFFF_FFFF) &- 1, s) { return k }
            k = (k + 1) & mask
        }
    }

    @inline(__always)
    private func equals(_ i: Int32, _ s: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(starts[Int(i)]), end = Int(starts[Int(i) + 1])
        guard end - start == s.count else { return false }
        return bytes.withUnsafeBufferPointer { ByteHash.equal(UnsafeBufferPointer(rebasing: $0[start..<end]), s) }
    }

    /// The index of `s`, adding it when new.
    public mutating func intern(_ s: String) -> Int32 {
        var s = s
        return s.withUTF8 { intern(bytes: $0) }
    }

    /// The index of the string with these bytes, adding it when new.
    public mutating func intern(bytes s: UnsafeBufferPointer<UInt8>) -> Int32 {
        if last >= 0 && equals(last, s) { return last }
        return lookUp(s, hash: ByteHash.hash(s))
    }

    /// The first slot a string of this hash (`ByteHash.hash`) would be looked for in, read now.
    /// A large table's slots are a cache miss each: a loader that interns several strings per
    /// row reads all their slots first, so that the fetches overlap instead of following one
    /// another, then calls `intern(bytes:hash:)`. The value means nothing.
    @inline(__always)
    public func touch(hash: Int) -> UInt64 {
        slots.isEmpty ? 0 : slots[hash & (slots.count - 1)]
    }

    /// `intern(bytes:)` with the bytes' `ByteHash.hash` already known.
    public mutating func intern(bytes s: UnsafeBufferPointer<UInt8>, hash: Int) -> Int32 {
        if last >= 0 && equals(last, s) { return last }
        return lookUp(s, hash: hash)
    }

    /// The index of `s` (not the last string interned), adding it when new.
    private mutating func lookUp(_ s: UnsafeBufferPointer<UInt8>, hash: Int) -> Int32 {
        if slots.isEmpty { slots = [UInt64](repeating: 0, count: Self.slotCount(for: max(count, 8))); rehash() }
        let k = slot(of: s, hash: hash)
        if slots[k] != 0 { last = Int32(truncatingIfNeeded: slots[k] & 0xFFFF_FFFF) &- 1; return last }
        let i = Int32(count)
        bytes.append(contentsOf: s)
        starts.append(Int32(bytes.count))
        slots[k] = UInt64(UInt32(truncatingIfNeeded: hash >> 32)) << 32 | UInt64(UInt32(i) &+ 1)
        if count * 4 > slots.count * 3 { slots = [UInt64](repeating: 0, count: slots.count * 2); rehash() }
        last = i
        return i
    }

    private mutating func rehash() {
        let mask = slots.count - 1
        for i in 0..<count {
            let hash = withBytes(Int32(i), ByteHash.hash)
            var k = hash & mask
            while slots[k] != 0 { k = (k + 1) & mask }
            slots[k] = UInt64(UInt32(truncatingIfNeeded: hash >> 32)) << 32 | UInt64(UInt32(i) &+ 1)
        }
    }

    /// The bytes of string `i`.
    @inline(__always)
    public func withBytes<R>(_ i: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let start = Int(starts[Int(i)]), end = Int(starts[Int(i) + 1])
        return bytes.withUnsafeBufferPointer { all in
            body(UnsafeBufferPointer(rebasing: all[start..<end]))
        }
    }

    /// String `i` again.
    public func string(_ i: Int32) -> String { withBytes(i) { String(decoding: $0, as: UTF8.self) } }

    /// String `i`, nil for a negative index (no value).
    public func optional(_ i: Int32) -> String? { i < 0 ? nil : string(i) }

    /// Every string, by index.
    public var strings: [String] { (0..<count).map { string(Int32($0)) } }

    /// Each index's rank when the strings are sorted by their bytes (SQLite's ORDER BY).
    public func byteOrderRanks() -> [Int32] {
        let order = (0..<Int32(count)).sorted { a, b in
            withBytes(a) { x in withBytes(b) { y in x.lexicographicallyPrecedes(y) } }
        }
        var rank = [Int32](repeating: 0, count: count)
        for (k, i) in order.enumerated() { rank[Int(i)] = Int32(k) }
        return rank
    }

    /// No bytes: what a NULL cell counts as where a text would be read as "".
    public static let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)

    /// Adds `other`'s strings in its order (those not yet here at the end) and returns, per
    /// index of `other`, the index here: the same indexes as interning both sides in turn.
    public mutating func absorb(_ other: InternTable) -> [Int32] {
        var map: [Int32] = []
        map.reserveCapacity(other.count)
        // Sixteen strings at a time: their slots are read first, so that the misses overlap.
        var hashes = [Int](repeating: 0, count: 16)
        var start = 0
        while start < other.count {
            let n = min(16, other.count - start)
            for j in 0..<n {
                hashes[j] = other.withBytes(Int32(start + j), ByteHash.hash)
                touched ^= touch(hash: hashes[j])
            }
            for j in 0..<n { map.append(other.withBytes(Int32(start + j)) { intern(bytes: $0, hash: hashes[j]) }) }
            start += n
        }
        return map
    }

    /// Frees the lookup table once no new strings will come (the bytes stay; `intern`
    /// rebuilds it when asked again).
    public mutating func seal() {
        slots = []
        bytes.shrinkToFit()
        starts.shrinkToFit()
    }
}

extension Array {
    /// Gives back spare capacity (arrays grown by appending keep up to twice their size).
    public mutating func shrinkToFit() {
        guard capacity > count + count / 16 + 16 else { return }
        // A new buffer of the exact size (`Array(self)` would share the old one).
        self = withUnsafeBufferPointer { old in
            [Element](unsafeUninitializedCapacity: old.count) { buffer, initialized in
                initialized = buffer.initialize(from: old).1
            }
        }
    }
}
