/// VNI-Windows, the byte encoding of the VNI fonts ("VNI-Times").
///
/// Bytes 0x00–0x7F are ASCII. A Vietnamese letter is one byte (Đ đ Í í Ì ì Ỉ ỉ Ĩ ĩ Ị ị Ơ ơ Ư ư
/// Ỵ ỵ) or two: a base letter (an ASCII vowel, or the Ơ ơ Ư ư bytes) followed by a mark byte
/// that carries the circumflex or breve and the tone. Decoding reads the longest match: a base
/// byte together with a following mark byte, when the pair is in the table. Any other byte
/// 0x80–0xFF, including a mark byte that follows no base, decodes to the Latin-1 character of
/// the same value.
public enum VNI {
    /// Rows of three: scalar value, first byte, mark byte (0 for a one-byte letter). Generated
    /// from /work/shared/data/vni-windows-bytes.csv (the Unikey input method's public conversion
    /// tables, fcitx5-unikey unikey/data.cpp).
    static let entries: [UInt32] = [
        0x00C1, 0x41, 0xD9, // Á
        0x00E1, 0x61, 0xF9, // á
        0x00C0, 0x41, 0xD8, // À
        0x00E0, 0x61, 0xF8, // à
        0x1EA2, 0x41, 0xDB, // Ả
        0x1EA3, 0x61, 0xFB, // ả
        0x00C3, 0x41, 0xD5, // Ã
        0x00E3, 0x61, 0xF5, // ã
        0x1EA0, 0x41, 0xCF, // Ạ
        0x1EA1, 0x61, 0xEF, // ạ
        0x00C2, 0x41, 0xC2, // Â
        0x00E2, 0x61, 0xE2, // â
        0x1EA4, 0x41, 0xC1, // Ấ
        0x1EA5, 0x61, 0xE1, // ấ
        0x1EA6, 0x41, 0xC0, // Ầ
        0x1EA7, 0x61, 0xE0, // ầ
        0x1EA8, 0x41, 0xC5, // Ẩ
        0x1EA9, 0x61, 0xE5, // ẩ
        0x1EAA, 0x41, 0xC3, // Ẫ
        0x1EAB, 0x61, 0xE3, // ẫ
        0x1EAC, 0x41, 0xC4, // Ậ
        0x1EAD, 0x61, 0xE4, // ậ
        0x0102, 0x41, 0xCA, // Ă
        0x0103, 0x61, 0xEA, // ă
        0x1EAE, 0x41, 0xC9, // Ắ
        0x1EAF, 0x61, 0xE9, // ắ
        0x1EB0, 0x41, 0xC8, // Ằ
        0x1EB1, 0x61, 0xE8, // ằ
        0x1EB2, 0x41, 0xDA, // Ẳ
        0x1EB3, 0x61, 0xFA, // ẳ
        0x1EB4, 0x41, 0xDC, // Ẵ
        0x1EB5, 0x61, 0xFC, // ẵ
        0x1EB6, 0x41, 0xCB, // Ặ
        0x1EB7, 0x61, 0xEB, // ặ
        0x0110, 0xD1, 0x00, // Đ
        0x0111, 0xF1, 0x00, // đ
        0x00C9, 0x45, 0xD9, // É
        0x00E9, 0x65, 0xF9, // é
        0x00C8, 0x45, 0xD8, // È
        0x00E8, 0x65, 0xF8, // è
        0x1EBA, 0x45, 0xDB, // Ẻ
        0x1EBB, 0x65, 0xFB, // ẻ
        0x1EBC, 0x45, 0xD5, // Ẽ
        0x1EBD, 0x65, 0xF5, // ẽ
        0x1EB8, 0x45, 0xCF, // Ẹ
        0x1EB9, 0x65, 0xEF, // ẹ
        0x00CA, 0x45, 0xC2, // Ê
        0x00EA, 0x65, 0xE2, // ê
        0x1EBE, 0x45, 0xC1, // Ế
        0x1EBF, 0x65, 0xE1, // ế
        0x1EC0, 0x45, 0xC0, // Ề
        0x1EC1, 0x65, 0xE0, // ề
        0x1EC2, 0x45, 0xC5, // Ể
        0x1EC3, 0x65, 0xE5, // ể
        0x1EC4, 0x45, 0xC3, // Ễ
        0x1EC5, 0x65, 0xE3, // ễ
        0x1EC6, 0x45, 0xC4, // Ệ
        0x1EC7, 0x65, 0xE4, // ệ
        0x00CD, 0xCD, 0x00, // Í
        0x00ED, 0xED, 0x00, // í
        0x00CC, 0xCC, 0x00, // Ì
        0x00EC, 0xEC, 0x00, // ì
        0x1EC8, 0xC6, 0x00, // Ỉ
        0x1EC9, 0xE6, 0x00, // ỉ
        0x0128, 0xD3, 0x00, // Ĩ
        0x0129, 0xF3, 0x00, // ĩ
        0x1ECA, 0xD2, 0x00, // Ị
        0x1ECB, 0xF2, 0x00, // ị
        0x00D3, 0x4F, 0xD9, // Ó
        0x00F3, 0x6F, 0xF9, // ó
        0x00D2, 0x4F, 0xD8, // Ò
        0x00F2, 0x6F, 0xF8, // ò
        0x1ECE, 0x4F, 0xDB, // Ỏ
        0x1ECF, 0x6F, 0xFB, // ỏ
        0x00D5, 0x4F, 0xD5, // Õ
        0x00F5, 0x6F, 0xF5, // õ
        0x1ECC, 0x4F, 0xCF, // Ọ
        0x1ECD, 0x6F, 0xEF, // ọ
        0x00D4, 0x4F, 0xC2, // Ô
        0x00F4, 0x6F, 0xE2, // ô
        0x1ED0, 0x4F, 0xC1, // Ố
        0x1ED1, 0x6F, 0xE1, // ố
        0x1ED2, 0x4F, 0xC0, // Ồ
        0x1ED3, 0x6F, 0xE0, // ồ
        0x1ED4, 0x4F, 0xC5, // Ổ
        0x1ED5, 0x6F, 0xE5, // ổ
        0x1ED6, 0x4F, 0xC3, // Ỗ
        0x1ED7, 0x6F, 0xE3, // ỗ
        0x1ED8, 0x4F, 0xC4, // Ộ
        0x1ED9, 0x6F, 0xE4, // ộ
        0x01A0, 0xD4, 0x00, // Ơ
        0x01A1, 0xF4, 0x00, // ơ
        0x1EDA, 0xD4, 0xD9, // Ớ
        0x1EDB, 0xF4, 0xF9, // ớ
        0x1EDC, 0xD4, 0xD8, // Ờ
        0x1EDD, 0xF4, 0xF8, // ờ
        0x1EDE, 0xD4, 0xDB, // Ở
        0x1EDF, 0xF4, 0xFB, // ở
        0x1EE0, 0xD4, 0xD5, // Ỡ
        0x1EE1, 0xF4, 0xF5, // ỡ
        0x1EE2, 0xD4, 0xCF, // Ợ
        0x1EE3, 0xF4, 0xEF, // ợ
        0x00DA, 0x55, 0xD9, // Ú
        0x00FA, 0x75, 0xF9, // ú
        0x00D9, 0x55, 0xD8, // Ù
        0x00F9, 0x75, 0xF8, // ù
        0x1EE6, 0x55, 0xDB, // Ủ
        0x1EE7, 0x75, 0xFB, // ủ
        0x0168, 0x55, 0xD5, // Ũ
        0x0169, 0x75, 0xF5, // ũ
        0x1EE4, 0x55, 0xCF, // Ụ
        0x1EE5, 0x75, 0xEF, // ụ
        0x01AF, 0xD6, 0x00, // Ư
        0x01B0, 0xF6, 0x00, // ư
        0x1EE8, 0xD6, 0xD9, // Ứ
        0x1EE9, 0xF6, 0xF9, // ứ
        0x1EEA, 0xD6, 0xD8, // Ừ
        0x1EEB, 0xF6, 0xF8, // ừ
        0x1EEC, 0xD6, 0xDB, // Ử
        0x1EED, 0xF6, 0xFB, // ử
        0x1EEE, 0xD6, 0xD5, // Ữ
        0x1EEF, 0xF6, 0xF5, // ữ
        0x1EF0, 0xD6, 0xCF, // Ự
        0x1EF1, 0xF6, 0xEF, // ự
        0x00DD, 0x59, 0xD9, // Ý
        0x00FD, 0x79, 0xF9, // ý
        0x1EF2, 0x59, 0xD8, // Ỳ
        0x1EF3, 0x79, 0xF8, // ỳ
        0x1EF6, 0x59, 0xDB, // Ỷ
        0x1EF7, 0x79, 0xFB, // ỷ
        0x1EF8, 0x59, 0xD5, // Ỹ
        0x1EF9, 0x79, 0xF5, // ỹ
        0x1EF4, 0xCE, 0x00, // Ỵ
        0x1EF5, 0xEE, 0x00, // ỵ
    ]

    /// Decodes VNI-Windows bytes to an NFC string.
    public static func decode(_ bytes: some Sequence<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        forEachScalar(bytes) { value in
            if let s = Unicode.Scalar(value) { scalars.append(s) }
        }
        return VietText.nfc(String(scalars))
    }

    /// Decodes VNI-Windows bytes straight to UTF-8: the bytes of `decode`'s string, without
    /// building it. Every letter the table gives is precomposed and below U+0300 or among
    /// U+1EA0–U+1EF9, and every other byte is a Latin-1 character, so the text is NFC as it
    /// comes (`VietText.nfc` gives it back unchanged).
    public static func decodeUTF8(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount + bytes.underestimatedCount / 4)
        forEachScalar(bytes) { v in
            if v < 0x80 {
                out.append(UInt8(v))
            } else if v < 0x800 {
                out.append(UInt8(0xC0 | v >> 6))
                out.append(UInt8(0x80 | v & 0x3F))
            } else {
                out.append(UInt8(0xE0 | v >> 12))
                out.append(UInt8(0x80 | v >> 6 & 0x3F))
                out.append(UInt8(0x80 | v & 0x3F))
            }
        }
        return out
    }

    /// Encodes text as VNI-Windows: each Vietnamese letter as its one or two bytes. Latin-1
    /// characters whose byte the table does not use keep that byte (so `decode` is undone
    /// exactly); any other character becomes "?".
    public static func encode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + text.utf8.count / 2)
        for scalar in VietText.nfc(text).unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                out.append(UInt8(v))
            } else if let bytes = tables.reverse[v] {
                out.append(UInt8(truncatingIfNeeded: bytes >> 8))
                let mark = UInt8(truncatingIfNeeded: bytes)
                if mark != 0 { out.append(mark) }
            } else if v <= 0xFF && !tables.used[Int(v)] {
                out.append(UInt8(v))
            } else {
                out.append(0x3F)
            }
        }
        return out
    }

    /// Decodes to scalar values without building a string (the detector's path).
    static func decodeScalars(_ bytes: [UInt8], into out: inout [UInt32]) {
        out.reserveCapacity(out.count + bytes.count)
        forEachScalar(bytes) { out.append($0) }
    }

    /// Calls `body` with the scalar value of each letter: longest match first.
    @inline(__always)
    static func forEachScalar(_ bytes: some Sequence<UInt8>, _ body: (UInt32) -> Void) {
        let t = tables
        var pending: UInt8? = nil
        for byte in bytes {
            if let base = pending {
                pending = nil
                if byte >= 0xC0 {
                    let pair = t.pairs[Int(base) << 6 | Int(byte - 0xC0)]
                    if pair != 0 { body(pair); continue }
                }
                body(t.single(base))
            }
            if t.isBase[Int(byte)] { pending = byte } else { body(t.single(byte)) }
        }
        if let base = pending { body(t.single(base)) }
    }

    /// Lookup tables built once from `entries`.
    struct Tables {
        /// Bytes 0x80...0xFF → one-byte letter, 0 where none.
        var singles = [UInt32](repeating: 0, count: 128)
        /// (base byte << 6 | mark byte − 0xC0) → letter, 0 where none. Every mark is ≥ 0xC0.
        var pairs = [UInt32](repeating: 0, count: 256 << 6)
        /// Bytes that start a two-byte letter.
        var isBase = [Bool](repeating: false, count: 256)
        /// Bytes 0x00...0xFF the table uses as a letter or a mark.
        var used = [Bool](repeating: false, count: 256)
        /// Scalar value → first byte << 8 | mark byte.
        var reverse: [UInt32: UInt16] = [:]

        init() {
            var i = 0
            while i + 2 < VNI.entries.count {
                let value = VNI.entries[i], first = Int(VNI.entries[i + 1]), mark = Int(VNI.entries[i + 2])
                i += 3
                reverse[value] = UInt16(first << 8 | mark)
                used[first] = true
                if mark == 0 {
                    if first >= 0x80 { singles[first - 0x80] = value }
                } else if mark >= 0xC0 {
                    isBase[first] = true
                    used[mark] = true
                    pairs[first << 6 | (mark - 0xC0)] = value
                }
            }
        }

        @inline(__always)
        func single(_ byte: UInt8) -> UInt32 {
            if byte < 0x80 { return UInt32(byte) }
            let letter = singles[Int(byte) - 0x80]
            return letter == 0 ? UInt32(byte) : letter
        }
    }

    static let tables = Tables()
}
