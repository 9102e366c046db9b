import Foundation

/// Pure functions over Vietnamese text: canonical form, match keys, tone placement.
public enum VietText {
    /// Unicode NFC (what every stored text column holds).
    @inlinable
    public static func nfc(_ s: String) -> String {
        s.precomposedStringWithCanonicalMapping
    }

    /// NFC, with every run of white space (including no-break spaces and tabs) collapsed to one
    /// space and the ends trimmed.
    public static func clean(_ s: String) -> String {
        collapseSpaces(nfc(s))
    }

    /// The folded match key: lower case, no diacritics, "đ" → "d", punctuation other than
    /// letters and digits turned into spaces, single spaces. "Nguyễn  Văn Hùng" → "nguyen van hung".
    public static func fold(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in s.decomposedStringWithCanonicalMapping.unicodeScalars {
            let v = scalar.value
            if isCombiningMark(v) { continue }
            if let mapped = foldScalar(scalar) {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(mapped)
            } else {
                pendingSpace = true
            }
        }
        return String(out)
    }

    /// The folded key with all spaces removed too: for header names and code lists
    /// ("Số CCCD" → "socccd", "MA_DT" → "madt").
    public static func compactKey(_ s: String) -> String {
        fold(s).replacingOccurrences(of: " ", with: "")
    }

    /// A key that keeps the diacritics but not where the tone mark sits: each word becomes its
    /// letters without tone mark followed by the tone's digit, so "Hòa" and "Hoà" agree while
    /// "Hòa" and "Hóa" do not. Lower case, single spaces, punctuation dropped.
    public static func toneKey(_ s: String) -> String {
        var words: [String] = []
        for rawWord in s.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
            var letters = String.UnicodeScalarView()
            var tone: Character? = nil
            for scalar in String(rawWord).decomposedStringWithCanonicalMapping.unicodeScalars {
                if let t = toneDigit[scalar.value] { tone = t; continue }
                letters.append(scalar)
            }
            var word = nfc(String(letters))
            if let tone { word.append(tone) }
            words.append(word)
        }
        return words.joined(separator: " ")
    }

    /// Collapses every run of white space to one ASCII space and trims the ends.
    public static func collapseSpaces(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var pendingSpace = false
        for ch in s {
            if ch.isWhitespace || ch == "\u{FEFF}" || ch == "\u{200B}" {
                pendingSpace = true
            } else {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(ch)
            }
        }
        return out
    }

    // MARK: - Scalar helpers

    private static let toneDigit: [UInt32: Character] = [
        0x0300: "2", // huyền
        0x0301: "1", // sắc
        0x0303: "4", // ngã
        0x0309: "3", // hỏi
        0x0323: "5", // nặng
    ]

    @inline(__always)
    static func isCombiningMark(_ v: UInt32) -> Bool {
        (0x0300...0x036F).contains(v)
    }

    /// Lower-cases letters and digits to ASCII where they have a base letter; nil for separators.
    @inline(__always)
    static func foldScalar(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        let v = scalar.value
        switch v {
        case 0x30...0x39, 0x61...0x7A: return scalar
        case 0x41...0x5A: return Unicode.Scalar(v + 32)
        case 0x0110, 0x0111: return "d" // Đ đ: its own letter, no decomposition
        default:
            if v < 0x80 { return nil }
            let props = scalar.properties
            if props.isAlphabetic || props.numericType != nil {
                // Letters outside Vietnamese keep their lower-case form.
                return props.lowercaseMapping.unicodeScalars.first ?? scalar
            }
            return nil
        }
    }
}
