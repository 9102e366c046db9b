/// A fast hash of a short byte string (a cell, a column's text), eight bytes at a time: the
/// open-addressing tables of normalize, reconcile and aggregate place their keys with it. A
/// table's slot depends on it, never the number a table gives a text, so results do not.
public enum ByteHash {
    @inline(__always)
    public static func hash(_ s: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0x9e37_79b9_7f4a_7c15 ^ UInt64(s.count)
        guard let base = s.baseAddress else { return Int(truncatingIfNeeded: h ^ (h >> 32)) }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= s.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xbf58_476d_1ce4_e5b9
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0, shift: UInt64 = 0
        while i < s.count { tail |= UInt64(s[i]) << shift; shift += 8; i += 1 }
        h = (h ^ tail) &* 0x94d0_49bb_1331_11eb
        return Int(truncatingIfNeeded: h ^ (h >> 32))
    }

    /// Same bytes, compared eight at a time in place (keys are short: a call to memcmp costs
    /// more than the comparison).
    @inline(__always)
    public static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        guard let pa = a.baseAddress, let pb = b.baseAddress else { return true }
        let ra = UnsafeRawPointer(pa), rb = UnsafeRawPointer(pb), n = a.count
        var i = 0
        while i + 8 <= n {
            if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        while i < n {
            if pa[i] != pb[i] { return false }
            i += 1
        }
        return true
    }

    /// The bytes of a key of up to 16 bytes as two words, zero-padded (longer keys: zero): a
    /// table slot can hold such a key itself and compare it without reading the key's bytes
    /// where they are stored, a cache miss of their own in a large table.
    @inline(__always)
    public static func shortKey(_ s: UnsafeBufferPointer<UInt8>) -> (lo: UInt64, hi: UInt64) {
        let n = s.count
        guard n <= 16, let base = s.baseAddress else { return (0, 0) }
        let raw = UnsafeRawPointer(base)
        var lo: UInt64 = 0, hi: UInt64 = 0
        if n >= 8 {
            lo = raw.loadUnaligned(as: UInt64.self)
            if n == 16 {
                hi = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            } else {
                for i in 8..<n { hi |= UInt64(s[i]) << (8 * UInt64(i - 8)) }
            }
        } else {
            for i in 0..<n { lo |= UInt64(s[i]) << (8 * UInt64(i)) }
        }
        return (lo, hi)
    }
}
