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
