/// Distinct strings (folded names, citizen IDs, codes) stored once, as indexes into one byte
/// buffer: the matcher compares integers, and bytes only when the integers differ. Strings are
/// kept in insertion order, so indexes are deterministic for the same input.
struct InternTable {
    private(set) var bytes: [UInt8] = []
    private(set) var starts: [Int32] = [0]
    private var index: [String: Int32] = [:]

    init(capacity: Int = 0) {
        index.reserveCapacity(capacity)
        starts.reserveCapacity(capacity + 1)
    }

    /// How many distinct strings.
    var count: Int { starts.count - 1 }

    /// The index of `s`, adding it when new.
    mutating func intern(_ s: String) -> Int32 {
        if let i = index[s] { return i }
        let i = Int32(count)
        index[s] = i
        bytes.append(contentsOf: s.utf8)
        starts.append(Int32(bytes.count))
        return i
    }

    /// The index of `s` if present.
    func lookup(_ s: String) -> Int32? { index[s] }

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

    /// Frees the lookup dictionary once no new strings will come (the bytes stay).
    mutating func seal() { index = [:] }
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
