/// Citizen identity numbers: the 12-digit CCCD and the old 9-digit CMND.
public enum CitizenID {
    /// Parses one ID cell to its digits.
    ///
    /// Spaces, no-break spaces, dots, dashes, a leading apostrophe and Excel's `="…"` wrapper
    /// are removed. 12 digits (CCCD) and 9 digits (CMND) are accepted as they are; 11 and 8
    /// digits are a CCCD or CMND whose leading zero a spreadsheet dropped, and get it back.
    /// Scientific notation (`4.4123E+11`) is refused: Excel has already lost digits.
    public static func parse(_ raw: String) -> Result<String, FieldError> {
        // Most cells are the 12 or 9 digits alone.
        if raw.utf8.count == 12 || raw.utf8.count == 9, raw.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return .success(raw)
        }
        if let digits = groupedDigits(raw) { return .success(digits) }
        let shown = CellText.trimmed(raw)
        guard !shown.isEmpty else { return .failure(.empty) }
        if isScientific(shown) {
            return .failure(.quoting(shown, "is in scientific notation, so Excel has lost digits; export the column as text"))
        }
        // A numeric Excel cell read as a float: "44123456789.0" (the dot is not a separator).
        var text = shown
        if CellText.isWholeFloat(text), let dot = text.firstIndex(of: ".") {
            text = String(text[..<dot])
        }
        var digits = ""
        for ch in text {
            if CellText.isDigit(ch) {
                digits.append(ch)
            } else if ch == " " || ch == "." || ch == "-" || ch == "\u{2013}" {
                continue
            } else {
                return .failure(.quoting(shown, "contains '\(ch)', which is not a digit"))
            }
        }
        switch digits.count {
        case 12, 9:
            return .success(digits)
        case 11, 8:
            return .success("0" + digits)
        default:
            return .failure(.quoting(shown, "must have 12 digits (CCCD) or 9 (CMND), found \(digits.count)"))
        }
    }

    /// The next most common shape, read on its bytes: digits grouped by spaces, dots or dashes
    /// ("001 087 929 977"), or a dropped leading zero ("01053539323"). What the general path
    /// gives for such a cell; nil for anything else (another character, a single dot, which
    /// may be a float's "….0", or a count of digits that is no ID), left to the general path.
    private static func groupedDigits(_ raw: String) -> String? {
        var digits: [UInt8] = []
        digits.reserveCapacity(13)
        digits.append(0x30)                 // the leading zero a spreadsheet dropped, if it did
        var dots = 0
        for b in raw.utf8 {
            switch b {
            case 0x30...0x39:
                guard digits.count <= 12 else { return nil }
                digits.append(b)
            case 0x2E: dots += 1
            case 0x20, 0x2D: continue
            default: return nil
            }
        }
        guard dots != 1 else { return nil }
        switch digits.count - 1 {
        case 12, 9: return String(decoding: digits[1...], as: UTF8.self)
        case 11, 8: return String(decoding: digits, as: UTF8.self)
        default: return nil
        }
    }

    /// The ID with all but its first 3 and last 2 characters hidden, for logs and reports
    /// ("044123456789" → "044*******89"). Too short to keep 5 characters: all hidden.
    public static func mask(_ id: String) -> String {
        let chars = Array(id)
        guard chars.count > 5 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(3)) + String(repeating: "*", count: chars.count - 5) + String(chars.suffix(2))
    }

    /// What a 12-digit CCCD says about its holder: the province code of birth registration
    /// (digits 1–3, "044" for Quảng Bình), the sex and the birth year (digit 4 gives century
    /// and sex: 0/1 = male/female born 1900–1999, 2/3 = 2000–2099, 4/5 = 2100–2199; digits 5–6
    /// the year's last two digits). Nil for anything but 12 ASCII digits or an unknown digit 4.
    public static func decodeCCCD(_ id: String) -> (province: String, male: Bool, birthYear: Int)? {
        // Twelve bytes: read where they lie (no array), the province is a small string.
        let decode = { (bytes: UnsafeBufferPointer<UInt8>) -> (province: String, male: Bool, birthYear: Int)? in
            guard bytes.count == 12, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            let code = Int(bytes[3] - 0x30), tens = Int(bytes[4] - 0x30), ones = Int(bytes[5] - 0x30)
            guard code <= 5 else { return nil }
            let century = 1900 + (code / 2) * 100
            return (String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<3]), as: UTF8.self), code % 2 == 0, century + tens * 10 + ones)
        }
        return id.utf8.withContiguousStorageIfAvailable(decode) ?? Array(id.utf8).withUnsafeBufferPointer(decode)
    }

    /// "4.4123E+11", "4,4123E+11", "4.4123e11": digits, then an exponent.
    private static func isScientific(_ text: String) -> Bool {
        let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "e" || $0 == "E" })
        guard parts.count == 2 else { return false }
        let mantissa = parts[0], exponent = parts[1].drop(while: { $0 == "+" })
        return !mantissa.isEmpty && mantissa.allSatisfy { CellText.isDigit($0) || $0 == "." || $0 == "," }
            && !exponent.isEmpty && exponent.allSatisfy(CellText.isDigit)
    }
}
