/// The head record of each blocking key's chain, in an open-addressing table of 8 bytes a slot
/// (the head, and 32 bits of the key's hash to skip most other keys without reading their
/// records), at most three quarters full: about half a `Dictionary`'s memory. The key itself is not
/// stored — the caller recomputes it from the head record to confirm a slot is its key's.
struct ChainHeads {
    /// (head + 1) in the low 32 bits (0 = empty), the hash's high 32 bits above.
    private var slots: [UInt64]
    private var used = 0

    init(expected: Int = 16) {
        var size = 16
        while size * 3 < expected * 4 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
    }

    @inline(__always)
    static func hash(_ key: UInt64) -> UInt64 {
        var h = key &* 0x9e37_79b9_7f4a_7c15
        h ^= h >> 31
        return h &* 0xbf58_476d_1ce4_e5b9
    }

    /// Makes `record` the head of `key`'s chain and returns the previous head (-1 for a new key).
    /// `keyOf(r)` is the key of record r.
    @inline(__always)
    mutating func push(_ key: UInt64, _ record: Int32, keyOf: (Int32) -> UInt64) -> Int32 {
        if (used + 1) * 4 > slots.count * 3 { grow(keyOf: keyOf) }
        let h = Self.hash(key), tag = h >> 32
        let mask = slots.count - 1
        var k = Int(truncatingIfNeeded: h) & mask
        while true {
            let slot = slots[k]
            if slot == 0 {
                slots[k] = tag << 32 | UInt64(UInt32(record) &+ 1)
                used += 1
                return -1
            }
            let head = Int32(truncatingIfNeeded: slot & 0xFFFF_FFFF) &- 1
            if slot >> 32 == tag && keyOf(head) == key {
                slots[k] = tag << 32 | UInt64(UInt32(record) &+ 1)
                return head
            }
            k = (k + 1) & mask
        }
    }

    /// The head of `key`'s chain, -1 when no record has the key.
    @inline(__always)
    func head(_ key: UInt64, keyOf: (Int32) -> UInt64) -> Int32 {
        let h = Self.hash(key), tag = h >> 32
        let mask = slots.count - 1
        var k = Int(truncatingIfNeeded: h) & mask
        while true {
            let slot = slots[k]
            if slot == 0 { return -1 }
            let head = Int32(truncatingIfNeeded: slot & 0xFFFF_FFFF) &- 1
            if slot >> 32 == tag && keyOf(head) == key { return head }
            k = (k + 1) & mask
        }
    }

    /// Twice the slots, each head placed again by its key's hash.
    private mutating func grow(keyOf: (Int32) -> UInt64) {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        let mask = slots.count - 1
        for slot in old where slot != 0 {
            let head = Int32(truncatingIfNeeded: slot & 0xFFFF_FFFF) &- 1
            var k = Int(truncatingIfNeeded: Self.hash(keyOf(head))) & mask
            while slots[k] != 0 { k = (k + 1) & mask }
            slots[k] = slot
        }
    }
}
