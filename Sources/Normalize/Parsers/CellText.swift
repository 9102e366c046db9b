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
        var text = VietText.clean(raw)
        if text.hasPrefix("=\""), text.hasSuffix("\""), text.count >= 3 {
            text = VietText.clean(String(text.dropFirst(2).dropLast()))
        }
        if text.hasPrefix("'") {
            text = VietText.clean(String(text.dropFirst()))
        }
        return text
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
        ch.isASCII && ch.isWholeNumber
    }
}
