/// A single-byte code page decoded straight to UTF-8 bytes through a table built once: each
/// byte's UTF-8, packed in a word with its length. Decoding a national month's legacy files
/// went through a `String` per high byte (Windows-1258) or a scalar view (TCVN3) before.
public struct ByteTableDecoder: Sendable {
    /// For bytes 0x80–0xFF: up to three UTF-8 bytes, low byte first, and the count in the top byte.
    private let high: [UInt32]

    /// A table from `scalar` (the code page's scalar value of each byte 0x80–0xFF); a value that
    /// is no scalar decodes to U+FFFD.
    public init(scalar: (UInt8) -> UInt32) {
        high = (0x80...0xFF).map { byte -> UInt32 in
            var packed: UInt32 = 0, count: UInt32 = 0
            UTF8.encode(Unicode.Scalar(scalar(UInt8(byte))) ?? "\u{FFFD}") { unit in
                packed |= UInt32(unit) << (8 * count)
                count += 1
            }
            return packed | count << 24
        }
    }

    /// The UTF-8 of `bytes`, appended to `out`.
    public func decode(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.reserveCapacity(out.count + bytes.count + bytes.count / 2)
        for byte in bytes {
            if byte < 0x80 { out.append(byte); continue }
            let packed = high[Int(byte) - 0x80]
            let count = packed >> 24
            out.append(UInt8(truncatingIfNeeded: packed))
            if count > 1 { out.append(UInt8(truncatingIfNeeded: packed >> 8)) }
            if count > 2 { out.append(UInt8(truncatingIfNeeded: packed >> 16)) }
        }
    }

    /// The UTF-8 of `bytes`.
    public func decode(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        bytes.withUnsafeBufferPointer { decode($0, into: &out) }
        return out
    }
}

extension TCVN3 {
    /// TCVN3 to UTF-8 bytes. Every letter of the table is precomposed and the other bytes are
    /// Latin-1, so the result is the NFC `decode` gives, without building a string.
    public static let utf8 = ByteTableDecoder(scalar: TCVN3.scalar)
}

extension CP1258 {
    /// Windows-1258 to UTF-8 bytes, as the code page has them (its tone marks are combining
    /// characters: the text is decomposed until a reader composes it).
    public static let utf8 = ByteTableDecoder(scalar: CP1258.scalar)
}
