/// TCVN3 (TCVN 5712:1993 "ABC"), the byte encoding of the .VnTime fonts.
///
/// Bytes 0x00–0x7F are ASCII. Bytes 0x80–0xFF carry the Vietnamese letters listed in
/// `letters`; a byte that is not a Vietnamese letter decodes to the Latin-1 character of the
/// same value, so decoding never loses a byte. TCVN3 has bytes for the capitals Ă Â Ê Ô Ơ Ư Đ
/// only: capitals with a tone mark were drawn by a separate capital font (.VnTimeH) from the
/// lower-case bytes, so they decode to lower case: `decode(encode("ĐỒNG"))` is "ĐồNG".
public enum TCVN3 {
    /// Unicode scalar values of bytes 0x80...0xFF, in order; 0 where the byte is not a
    /// Vietnamese letter. Generated from /work/shared/data/tcvn3-bytes.csv (the Unikey input
    /// method's public conversion tables, fcitx5-unikey unikey/data.cpp).
    static let letters: [UInt16] = [
        0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, // 80: · · · · · · · ·
        0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, // 88: · · · · · · · ·
        0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, // 90: · · · · · · · ·
        0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, // 98: · · · · · · · ·
        0x0000, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110, // A0: · Ă Â Ê Ô Ơ Ư Đ
        0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0x0000, // A8: ă â ê ô ơ ư đ ·
        0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x00E0, 0x1EA3, 0x00E3, // B0: · · · · · à ả ã
        0x00E1, 0x1EA1, 0x0000, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x0000, // B8: á ạ · ằ ẳ ẵ ắ ·
        0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x1EB7, 0x1EA7, // C0: · · · · · · ặ ầ
        0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0x0000, 0x1EBB, 0x1EBD, // C8: ẩ ẫ ấ ậ è · ẻ ẽ
        0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC, // D0: é ẹ ề ể ễ ế ệ ì
        0x1EC9, 0x0000, 0x0000, 0x0000, 0x0129, 0x00ED, 0x1ECB, 0x00F2, // D8: ỉ · · · ĩ í ị ò
        0x0000, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7, // E0: · ỏ õ ó ọ ồ ổ ỗ
        0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9, // E8: ố ộ ờ ở ỡ ớ ợ ù
        0x0000, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF, // F0: · ủ ũ ú ụ ừ ử ữ
        0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0x0000, // F8: ứ ự ỳ ỷ ỹ ý ỵ ·
    ]

    /// The scalar value for one byte: ASCII, the table's letter, or else the Latin-1 character.
    @inline(__always)
    public static func scalar(_ byte: UInt8) -> UInt32 {
        if byte < 0x80 { return UInt32(byte) }
        let letter = letters[Int(byte) - 0x80]
        return letter == 0 ? UInt32(byte) : UInt32(letter)
    }

    /// Decodes TCVN3 bytes to an NFC string (toned capitals come out lower case).
    public static func decode(_ bytes: some Sequence<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            if let s = Unicode.Scalar(scalar(byte)) { scalars.append(s) }
        }
        return VietText.nfc(String(scalars))
    }

    /// Decodes to scalar values without building a string (the detector's path).
    static func decodeScalars(_ bytes: [UInt8], into out: inout [UInt32]) {
        out.reserveCapacity(out.count + bytes.count)
        for byte in bytes { out.append(scalar(byte)) }
    }

    /// Encodes text as TCVN3. Capitals with a tone mark have no bytes of their own and are
    /// written with their lower-case bytes, as the capital font expected ("À" → 0xb5, as "à").
    /// Other Latin-1 characters whose byte is not a Vietnamese letter keep that byte (so
    /// `decode` of such bytes is undone exactly); any other character becomes "?".
    public static func encode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in VietText.nfc(text).unicodeScalars {
            let v = scalar.value
            if v < 0x80 { out.append(UInt8(v)); continue }
            if let b = reverse[v] { out.append(b); continue }
            let lower = scalar.properties.lowercaseMapping.unicodeScalars
            if lower.count == 1, let l = lower.first, let b = reverse[l.value] {
                out.append(b)
            } else if v <= 0xFF, letters[Int(v) - 0x80] == 0 {
                out.append(UInt8(v))
            } else {
                out.append(0x3F)
            }
        }
        return out
    }

    /// Scalar value → byte of the table's letters.
    private static let reverse: [UInt32: UInt8] = {
        var map: [UInt32: UInt8] = [:]
        for (i, v) in letters.enumerated() where v != 0 { map[UInt32(v)] = UInt8(0x80 + i) }
        return map
    }()
}
