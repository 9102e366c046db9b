/// Distinct strings (folded names, citizen IDs, codes, files, dates) stored once, as indexes
/// into one byte buffer: the matcher compares integers, and bytes only when the integers differ.
/// Strings are kept in insertion order, so indexes are deterministic for the same input.
///
/// The lookup is an open-addressing table of indexes over the buffer itself (no `String` kept
/// per entry): about 12 bytes per distinct string besides its bytes, which keeps a national
/// registry's IDs and names small.
struct InternTable {
    private(set) var bytes: [UInt8] = []
    private(set) var starts: [Int32] = [0]
    /// Indexes by hash, -1 empty; a power of two long, at most half full.
    private var slots: [Int32] = []

    init(capacity: Int = 0) {
        starts.reserveCapacity(capacity + 1)
        slots = [Int32](repeating: -1, count: Self.slotCount(for: max(capacity, 8)))
    }

    /// How many distinct strings.
    var count: Int { starts.count - 1 }

    private static func slotCount(for n: Int) -> Int {
        var size = 16
        while size < n * 2 { size <<= 1 }
        return size
    }

    @inline(__always)
    private static func hash(_ s: UnsafeBufferPointer<UInt8>) -> Int {
        var h = FNV.offset
        FNV.add(&h, s)
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// The slot holding `s`, or the empty slot where it would go.
    @inline(__always)
    private func slot(of s: UnsafeBufferPointer<UInt8>) -> Int {
        let mask = slots.count - 1
        var k = Self.hash(s) & mask
        return bytes.withUnsafeBufferPointer { all in
            while true {
                let i = slots[k]
                if i < 0 { return k }
                let start = Int(starts[Int(i)]), end = Int(starts[Int(i) + 1])
                if end - start == s.count && NameComparison.equal(UnsafeBufferPointer(rebasing: all[start..<end]), s) { return k }
                k = (k + 1) & mask
            }
        }
    }

    /// The index of `s`, adding it when new.
    mutating func intern(_ s: String) -> Int32 {
        var s = s
        return s.withUTF8 { intern(bytes: $0) }
    }

    /// The index of the string with these bytes, adding it when new.
    mutating func intern(bytes s: UnsafeBufferPointer<UInt8>) -> Int32 {
        if slots.isEmpty { slots = [Int32](repeating: -1, count: Self.slotCount(for: max(count, 8))); rehash() }
        let k = slot(of: s)
        if slots[k] >= 0 { return slots[k] }
        let i = Int32(count)
        bytes.append(contentsOf: s)
        starts.append(Int32(bytes.count))
        slots[k] = i
        if count * 2 > slots.count { slots = [Int32](repeating: -1, count: slots.count * 2); rehash() }
        return i
    }

    private mutating func rehash() {
        let mask = slots.count - 1
        for i in 0..<count {
            var k = withBytes(Int32(i), Self.hash) & mask
            while slots[k] >= 0 { k = (k + 1) & mask }
            slots[k] = Int32(i)
        }
    }

    /// The index of `s` if present (nil after `seal`).
    func lookup(_ s: String) -> Int32? {
        guard !slots.isEmpty else { return nil }
        var s = s
        let k = s.withUTF8 { slot(of: $0) }
        return slots[k] >= 0 ? slots[k] : nil
    }

    /// The bytes of string `i`.
    @inline(__always)
    func withBytes<R>(_ i: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let start = Int(starts[Int(i)]), end = Int(starts[Int(i) + 1])
        return bytes.withUnsafeBufferPointer { all in
            body(UnsafeBufferPointer(rebasing: all[start..<end]))
        }
    }

    /// String `i` again.
    func string(_ i: Int32) -> String { withBytes(i) { String(decoding: $0, as: UTF8.self) } }

    /// String `i`, nil for a negative index (no value).
    func optional(_ i: Int32) -> String? { i < 0 ? nil : string(i) }

    /// Adds `other`'s strings in its order (those not yet here at the end) and returns, per
    /// index of `other`, the index here: the same indexes as interning both sides in turn.
    mutating func absorb(_ other: InternTable) -> [Int32] {
        (0..<other.count).map { i in other.withBytes(Int32(i)) { intern(bytes: $0) } }
    }

    /// Frees the lookup table once no new strings will come (the bytes stay; `lookup` and
    /// `intern` rebuild it when asked again).
    mutating func seal() {
        slots = []
        bytes.shrinkToFit()
        starts.shrinkToFit()
    }
}

extension Array {
    /// Gives back spare capacity (arrays grown by appending keep up to twice their size).
    mutating func shrinkToFit() {
        guard capacity > count + count / 16 + 16 else { return }
        // A new buffer of the exact size (`Array(self)` would share the old one).
        self = withUnsafeBufferPointer { old in
            [Element](unsafeUninitializedCapacity: old.count) { buffer, initialized in
                initialized = buffer.initialize(from: old).1
            }
        }
    }
}

/// 64-bit FNV-1a: a stable hash for blocking keys (Swift's `Hasher` is seeded per process).
enum FNV {
    static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
    @inline(__always)
    static func add(_ h: inout UInt64, _ bytes: UnsafeBufferPointer<UInt8>) {
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    }
    @inline(__always)
    static func add(_ h: inout UInt64, _ byte: UInt8) { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
}
