import VietText

/// The raw text of one spreadsheet cell, before any parser reads it.
public enum CellText {
    /// True when the cell holds nothing but white space, no-break spaces, an Excel apostrophe
    /// prefix or an empty `=""` wrapper.
    public static func isBlank(_ raw: String) -> Bool {
        trimmed(raw).isEmpty
    }

    /// The cell's text in NFC with white space collapsed and the ends trimmed, without Excel's
    /// text markers: a leading apostrophe (`'044123456789`) or a formula wrapper
    /// (`="044123456789"`), both used to stop Excel from turning the value into a number.
    public static func trimmed(_ raw: String) -> String {
        if isPlain(raw) { return raw }
        var text = VietText.clean(raw)
        // Both markers start with a byte of their own; `hasPrefix` compares Characters.
        guard let first = text.utf8.first, first == 0x3D || first == 0x27 else { return text }
        if text.hasPrefix("=\""), text.hasSuffix("\""), text.count >= 3 {
            text = VietText.clean(String(text.dropFirst(2).dropLast()))
        }
        if text.hasPrefix("'") {
            text = VietText.clean(String(text.dropFirst()))
        }
        return text
    }

    /// `trimmed` of a cell that is not plain, on its UTF-8 bytes: calls `body` with the trimmed
    /// bytes (valid only during the call), without making a `String` of the cell. Nil when only
    /// the `String` path can say (`VietText.clean(utf8:into:)` declines, or an Excel text
    /// marker is to be taken off).
    @inline(__always)
    static func withTrimmed<R>(_ raw: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(raw.count, 1)) { out -> R? in
            guard let n = VietText.clean(utf8: raw, into: out) else { return nil }
            if n > 0 && (out[0] == 0x27 || out[0] == 0x3D) { return nil }
            return try body(UnsafeBufferPointer(rebasing: out[0..<n]))
        }
    }

    /// True when the cell holds more than `isBlank` ignores, on its UTF-8 bytes.
    static func isWritten(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
        isPlain(raw) ? !raw.isEmpty : !trimmed(String(decoding: raw, as: UTF8.self)).isEmpty
    }

    /// True when trimming would give the cell back unchanged, checked on its UTF-8 bytes (the
    /// shape nearly every cell has): printable ASCII without space at either end or two in a
    /// row, and no letters but the ones `VietText.nfc` knows to be NFC on their own (Latin
    /// U+00C0–U+02FF, Vietnamese U+1EA0–U+1EF9); no apostrophe or `="` in front.
    @inline(__always)
    static func isPlain(_ raw: String) -> Bool {
        // Native strings are contiguous; anything else takes the general path.
        raw.utf8.withContiguousStorageIfAvailable(isPlain) ?? false
    }

    static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        guard n > 0 else { return true }
        let first = bytes[0]
        if first == 0x27 || first == 0x20 || bytes[n - 1] == 0x20 { return false }
        if first == 0x3D && n > 1 && bytes[1] == 0x22 { return false }
        var i = 0
        var previousSpace = false
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                if b == 0x20 {
                    if previousSpace { return false }
                    previousSpace = true
                } else {
                    if b < 0x20 || b == 0x7F { return false }
                    previousSpace = false
                }
                i += 1
            } else if b >= 0xC3 && b <= 0xCB {
                i += 2                       // U+00C0–U+02FF
                previousSpace = false
            } else if b == 0xE1 && i + 2 < n {
                let b1 = bytes[i + 1], b2 = bytes[i + 2]
                // U+1EA0–U+1EBF (E1 BA A0–BF) and U+1EC0–U+1EF9 (E1 BB 80–B9)
                guard (b1 == 0xBA && b2 >= 0xA0) || (b1 == 0xBB && b2 <= 0xB9) else { return false }
                i += 3
                previousSpace = false
            } else {
                return false
            }
        }
        return true
    }

    /// True when `text` is digits, one ".", then only zeros: how a whole number read from a
    /// numeric Excel cell arrives ("454028349.0").
    static func isWholeFloat(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        return parts[0].allSatisfy(CellText.isDigit) && parts[1].allSatisfy { $0 == "0" }
    }
}

extension CellText {
    /// "0"..."9" only: other scripts' digits are not valid in any field we read.
    static func isDigit(_ ch: Character) -> Bool {
        guard let ascii = ch.asciiValue else { return false }
        return ascii >= 0x30 && ascii <= 0x39
    }
}
