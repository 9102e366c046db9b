/// Scalars read straight from UTF-8 bytes, for the per-cell loops that would otherwise walk a
/// `String`'s unicode scalars (folding, composing).
enum UTF8Scalars {
    /// The scalar that starts at `i` in valid UTF-8 `input`, with `i` moved past it; nil when
    /// the bytes end inside its sequence.
    @inline(__always)
    static func next(_ input: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> UInt32? {
        let count = input.count, b = input[i]
        if b < 0x80 {
            i += 1
            return UInt32(b)
        }
        if b < 0xE0 {
            guard i + 1 < count else { return nil }
            defer { i += 2 }
            return UInt32(b & 0x1F) << 6 | UInt32(input[i + 1] & 0x3F)
        }
        if b < 0xF0 {
            guard i + 2 < count else { return nil }
            defer { i += 3 }
            return UInt32(b & 0x0F) << 12 | UInt32(input[i + 1] & 0x3F) << 6 | UInt32(input[i + 2] & 0x3F)
        }
        guard i + 3 < count else { return nil }
        defer { i += 4 }
        return UInt32(b & 0x07) << 18 | UInt32(input[i + 1] & 0x3F) << 12 | UInt32(input[i + 2] & 0x3F) << 6 | UInt32(input[i + 3] & 0x3F)
    }
}
