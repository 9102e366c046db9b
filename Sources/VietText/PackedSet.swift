/// A fixed set of packed letter sequences (`SyllableTables.pack`), looked up with a multiply
/// and a probe or two. `Set<UInt64>` hashes every lookup with SipHash: syllable checks run for
/// every word of every legacy-encoded file, and the hashing was most of their time.
struct PackedSet {
    /// Open addressing, a power of two long, at most a quarter full; 0 marks an empty slot
    /// (the empty sequence, a valid onset, is `hasEmpty`).
    private let slots: [UInt64]
    private let mask: Int
    private let hasEmpty: Bool

    init<Keys: Sequence>(_ keys: Keys) where Keys.Element == UInt64 {
        let unique = Set(keys)
        var size = 16
        while size < unique.count * 4 { size *= 2 }
        var slots = [UInt64](repeating: 0, count: size)
        for key in unique where key != 0 {
            var i = Self.slot(key, mask: size - 1)
            while slots[i] != 0 { i = (i + 1) & (size - 1) }
            slots[i] = key
        }
        self.slots = slots
        mask = size - 1
        hasEmpty = unique.contains(0)
    }

    @inline(__always)
    private static func slot(_ key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 29) & mask
    }

    @inline(__always)
    func contains(_ key: UInt64) -> Bool {
        if key == 0 { return hasEmpty }
        var i = Self.slot(key, mask: mask)
        while true {
            let found = slots[i]
            if found == key { return true }
            if found == 0 { return false }
            i = (i + 1) & mask
        }
    }
}
