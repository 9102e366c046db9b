import VietText

/// One piece of a cell's text as the date and period parsers see it: folded words, digit runs
/// and the separators between them. Spaces, commas and other punctuation only split pieces.
enum CellToken: Equatable {
    /// Letters, folded: lower case, no diacritics, "đ" → "d" ("Tháng" → "thang"); `original`
    /// keeps the diacritics (lower case), where the tone matters ("kỳ" period, "ký" signed).
    case word(String, original: String)
    /// ASCII digits, leading zeros kept.
    case number(String)
    /// "/", "." or "-" (an en dash counts as "-").
    case separator(Character)

    /// The digits, when this is a number.
    var digits: String? {
        if case .number(let d) = self { return d }
        return nil
    }

    /// The folded word, when this is a word.
    var word: String? {
        if case .word(let w, _) = self { return w }
        return nil
    }

    /// The word as written, in lower case, when this is a word.
    var originalWord: String? {
        if case .word(_, let original) = self { return original }
        return nil
    }

    /// Splits text into tokens. Letters glued to digits are split apart ("T3" → "t", "3").
    static func tokenize(_ text: String) -> [CellToken] {
        var tokens: [CellToken] = []
        var word = ""
        var original = ""
        var digits = ""
        func flush() {
            if !word.isEmpty { tokens.append(.word(word, original: original.lowercased())); word = ""; original = "" }
            if !digits.isEmpty { tokens.append(.number(digits)); digits = "" }
        }
        for ch in VietText.nfc(text) {
            if CellText.isDigit(ch) {
                if !word.isEmpty { flush() }
                digits.append(ch)
            } else if ch.isLetter {
                if !digits.isEmpty { flush() }
                word += VietText.fold(String(ch))
                original.append(ch)
            } else {
                flush()
                switch ch {
                case "/", ".", "-": tokens.append(.separator(ch))
                case "\u{2013}", "\u{2212}": tokens.append(.separator("-"))
                default: break
                }
            }
        }
        flush()
        return tokens
    }

    /// Reads tokens shaped `number (separator number)*` with one separator character
    /// throughout; nil for any other shape.
    static func numberGroup(_ tokens: ArraySlice<CellToken>) -> (numbers: [String], separator: Character?)? {
        var numbers: [String] = []
        var separator: Character? = nil
        var expectNumber = true
        for token in tokens {
            switch token {
            case .number(let d) where expectNumber:
                numbers.append(d)
                expectNumber = false
            case .separator(let s) where !expectNumber:
                if let separator, separator != s { return nil }
                separator = s
                expectNumber = true
            default:
                return nil
            }
        }
        return numbers.isEmpty || expectNumber ? nil : (numbers, separator)
    }
}
