import Foundation

/// Pure functions over Vietnamese text: canonical form, match keys, tone placement.
public enum VietText {
    /// Unicode NFC (what every stored text column holds).
    public static func nfc(_ s: String) -> String {
        // Fast path: text made only of scalars that are NFC on their own and cannot combine
        // with a neighbour (ASCII, Latin-1 and Latin Extended letters, Vietnamese precomposed
        // letters) is already NFC. Foundation's normalizer is the slow, general path.
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if v < 0x0300 || (0x1EA0...0x1EF9).contains(v) { continue }
            return VietnameseComposer.compose(s) ?? s.precomposedStringWithCanonicalMapping
        }
        return s
    }

    /// NFC, with every run of white space (including no-break spaces and tabs) collapsed to one
    /// space and the ends trimmed.
    public static func clean(_ s: String) -> String {
        collapseSpaces(nfc(s))
    }

    /// `clean` on UTF-8 bytes (valid UTF-8), written to `out` (at least as long as `utf8`:
    /// neither composing nor collapsing lengthens the text): the bytes written, or nil where
    /// only the `String` path can say. That is text `VietnameseComposer` does not know (its
    /// `nfc` would take Foundation's normalizer), and a joiner (U+200C, U+200D), which would
    /// make one `Character` with the white space before it. Otherwise the same bytes as
    /// `clean`: after composing, every scalar is a `Character` of its own (CR LF aside, white
    /// space either way), so collapsing scalar by scalar is collapsing character by character.
    public static func clean(utf8 input: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        guard let composed = VietnameseComposer.compose(utf8: input, into: out) else { return nil }
        var n = 0, i = 0
        var pendingSpace = false
        while i < composed {
            let start = i
            let b = out[i]
            let v: UInt32
            if b < 0x80 {
                v = UInt32(b); i += 1
            } else if b < 0xE0 {
                v = UInt32(b & 0x1F) << 6 | UInt32(out[i + 1] & 0x3F); i += 2
            } else if b < 0xF0 {
                v = UInt32(b & 0x0F) << 12 | UInt32(out[i + 1] & 0x3F) << 6 | UInt32(out[i + 2] & 0x3F); i += 3
            } else {
                v = 0x10000; i += 4
            }
            if v == 0x200C || v == 0x200D { return nil }
            if isSpace(v) {
                pendingSpace = true
                continue
            }
            if pendingSpace && n > 0 { out[n] = 0x20; n += 1 }
            pendingSpace = false
            // Written behind where it is read (n <= start): moved down in place.
            for k in start..<i { out[n] = out[k]; n += 1 }
        }
        return n
    }

    /// What `collapseSpaces` takes for white space, by scalar: Unicode's White_Space, the byte
    /// order mark and the zero-width space.
    @inline(__always)
    static func isSpace(_ v: UInt32) -> Bool {
        switch v {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: return true
        default: return false
        }
    }

    /// True when the text has no white space to collapse or trim (checked on UTF-8 bytes: the
    /// per-cell fast path).
    static func isCollapsed(_ s: String) -> Bool {
        var previousSpace = true // a leading space is not collapsed
        var last: UInt8 = 0
        for byte in s.utf8 {
            if byte >= 0x80 { if byte == 0xC2 || byte == 0xE2 || byte == 0xE3 || byte == 0xEF { return false } }
            else if byte == 0x20 { if previousSpace { return false }; previousSpace = true; last = byte; continue }
            else if byte < 0x20 || byte == 0x7F { return false }
            previousSpace = false
            last = byte
        }
        return last != 0x20
    }

    /// The folded match key: lower case, no diacritics, "đ" → "d", punctuation other than
    /// letters and digits turned into spaces, single spaces. "Nguyễn  Văn Hùng" → "nguyen van hung".
    public static func fold(_ s: String) -> String {
        if let ascii = foldToASCII(s) { return ascii }
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if isCombiningMark(v) { continue }
            let mapped: Unicode.Scalar?
            if v < 0x80 {
                mapped = foldScalar(scalar)
            } else if let base = foldTable[v] {
                mapped = base
            } else {
                // Outside the table: decompose this one scalar and fold its base.
                mapped = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first.flatMap(foldScalar)
            }
            if let mapped {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(mapped)
            } else {
                pendingSpace = true
            }
        }
        return String(out)
    }

    /// `fold` for the usual text, whose letters all fold to ASCII (Vietnamese and Latin
    /// letters, digits, punctuation): byte output, array lookups instead of the dictionary.
    /// Nil when any scalar is outside those, for the general path.
    static func foldToASCII(_ s: String) -> String? {
        let count = s.utf8.count
        guard count > 0 else { return "" }
        // Straight from the UTF-8 bytes into the result's own storage (it is never longer).
        let run = { (input: UnsafeBufferPointer<UInt8>) -> String? in
            var failed = false
            let folded = String(unsafeUninitializedCapacity: count) { out -> Int in
                guard let n = foldToASCII(utf8: input, into: out) else { failed = true; return 0 }
                return n
            }
            return failed ? nil : folded
        }
        if let result = s.utf8.withContiguousStorageIfAvailable(run) { return result }
        return Array(s.utf8).withUnsafeBufferPointer(run)
    }

    /// `foldToASCII` from valid UTF-8 bytes into `out` (at least as long as `input`: the key is
    /// never longer): the bytes written, or nil for the general path (`fold`).
    public static func foldToASCII(utf8 input: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        let count = input.count
        var n = 0, i = 0
        var pendingSpace = false
        while i < count {
            guard let v = UTF8Scalars.next(input, &i) else { return nil }
            let mapped: UInt8
            if v < 0x80 {
                switch v {
                case 0x30...0x39, 0x61...0x7A: mapped = UInt8(v)
                case 0x41...0x5A: mapped = UInt8(v + 32)
                default: mapped = 0
                }
            } else if v >= 0xC0 && v < 0x250 {
                guard let m = foldLatin[Int(v - 0xC0)] else { return nil }
                mapped = m
            } else if v >= 0x1E00 && v < 0x1F00 {
                guard let m = foldExtended[Int(v - 0x1E00)] else { return nil }
                mapped = m
            } else if isCombiningMark(v) {
                continue
            } else {
                return nil
            }
            if mapped == 0 {
                pendingSpace = true
                continue
            }
            if pendingSpace && n > 0 { out[n] = 0x20; n += 1 }
            pendingSpace = false
            out[n] = mapped; n += 1
        }
        return n
    }

    /// `foldTable` for U+00C0–U+024F and U+1E00–U+1EFF as arrays of ASCII bytes; nil where
    /// the folded letter is not ASCII (or the scalar is no letter: then `fold` decides).
    private static let foldLatin: [UInt8?] = (0xC0..<0x250).map { asciiFold(UInt32($0)) }
    private static let foldExtended: [UInt8?] = (0x1E00..<0x1F00).map { asciiFold(UInt32($0)) }

    private static func asciiFold(_ v: UInt32) -> UInt8? {
        guard let folded = foldTable[v], folded.isASCII else { return nil }
        return UInt8(folded.value)
    }

    /// Latin letters with diacritics (Latin-1, Latin Extended-A/B, Vietnamese) → folded base
    /// letter, computed once from their canonical decomposition.
    static let foldTable: [UInt32: Unicode.Scalar] = {
        var table: [UInt32: Unicode.Scalar] = [:]
        for range in [0x00C0...0x024F, 0x1E00...0x1EFF] {
            for v in range {
                guard let scalar = Unicode.Scalar(UInt32(v)) else { continue }
                let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first ?? scalar
                if let folded = foldScalar(base) { table[UInt32(v)] = folded }
            }
        }
        return table
    }()

    /// The folded key with all spaces removed too: for header names and code lists
    /// ("Số CCCD" → "socccd", "MA_DT" → "madt").
    public static func compactKey(_ s: String) -> String {
        String(decoding: fold(s).utf8.filter { $0 != 0x20 }, as: UTF8.self)
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
        if isCollapsed(s) { return s }
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
