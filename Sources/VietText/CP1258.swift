/// Windows-1258 (CP1258), the Vietnamese Windows code page.
///
/// Bytes 0x00–0x7F are ASCII. CP1258 writes most toned vowels as a base letter followed by one
/// of five combining tone marks (0xCC, 0xEC, 0xDE, 0xD2, 0xF2), so decoded text must be put
/// into NFC afterwards. The table was generated from Python's `cp1258` codec and agrees with
/// glibc iconv's WINDOWS-1258; undefined bytes map to U+FFFD.
public enum CP1258 {
    /// Unicode scalar values of bytes 0x80...0xFF, in order.
    public static let high: [UInt16] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0xFFFD, 0x2039, 0x0152, 0xFFFD, 0xFFFD, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0xFFFD, 0x203A, 0x0153, 0xFFFD, 0xFFFD, 0x0178,
        0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7,
        0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
        0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
        0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,
        0x00C0, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
        0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x0300, 0x00CD, 0x00CE, 0x00CF,
        0x0110, 0x00D1, 0x0309, 0x00D3, 0x00D4, 0x01A0, 0x00D6, 0x00D7,
        0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x01AF, 0x0303, 0x00DF,
        0x00E0, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x00E5, 0x00E6, 0x00E7,
        0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x0301, 0x00ED, 0x00EE, 0x00EF,
        0x0111, 0x00F1, 0x0323, 0x00F3, 0x00F4, 0x01A1, 0x00F6, 0x00F7,
        0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x01B0, 0x20AB, 0x00FF,
    ]

    /// The scalar for one byte.
    @inline(__always)
    public static func scalar(_ byte: UInt8) -> UInt32 {
        byte < 0x80 ? UInt32(byte) : UInt32(high[Int(byte) - 0x80])
    }

    /// Decodes CP1258 bytes to an NFC string.
    public static func decode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            if let s = Unicode.Scalar(scalar(byte)) { scalars.append(s) }
        }
        return VietText.nfc(String(scalars))
    }

    /// Encodes text as CP1258 the way Windows does: precomposed letters where the code page has
    /// them, otherwise the base letter followed by a combining tone mark. Characters the code
    /// page cannot express become "?". Used by the data generator to write legacy files.
    public static func encode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in VietText.nfc(text).unicodeScalars {
            if let b = byte(for: scalar.value) { out.append(b); continue }
            // Split off the tone mark and encode base + combining mark.
            let nfd = Array(String(Character(scalar)).decomposedStringWithCanonicalMapping.unicodeScalars)
            let tones = nfd.filter { toneBytes[$0.value] != nil }
            var rest = String.UnicodeScalarView()
            rest.append(contentsOf: nfd.filter { toneBytes[$0.value] == nil })
            let base = VietText.nfc(String(rest)).unicodeScalars
            if base.count == 1, let first = base.first, let b = byte(for: first.value), !tones.isEmpty {
                out.append(b)
                for t in tones { if let tb = toneBytes[t.value] { out.append(tb) } }
            } else {
                out.append(0x3F)
            }
        }
        return out
    }

    private static let toneBytes: [UInt32: UInt8] = [0x0300: 0xCC, 0x0301: 0xEC, 0x0303: 0xDE, 0x0309: 0xD2, 0x0323: 0xF2]

    private static let reverse: [UInt32: UInt8] = {
        var map: [UInt32: UInt8] = [:]
        for (i, v) in high.enumerated() where v != 0xFFFD { map[UInt32(v)] = UInt8(0x80 + i) }
        return map
    }()

    private static func byte(for value: UInt32) -> UInt8? {
        value < 0x80 ? UInt8(value) : reverse[value]
    }
}
