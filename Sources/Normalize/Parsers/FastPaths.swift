/// Byte-level fast paths for the shapes most cells have ("1948", "05/03/1950", "1950-03-05",
/// "2055000", "2.055.000"). They give exactly what the general parsers give for these shapes
/// and return nil for anything else, which then takes the general (slower) path.
enum FastPaths {
    /// Digits of a run of ASCII bytes, or nil.
    @inline(__always)
    static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 4 else { return nil }
        var n = 0
        for b in bytes {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            n = n * 10 + Int(b - 0x30)
        }
        return n
    }

    /// "yyyy", "d/m/yyyy" (also with "-" or "."), "yyyy-mm-dd".
    static func date(_ raw: String) -> Result<ParsedDate, FieldError>? {
        let bytes = Array(raw.utf8)
        guard bytes.count >= 4, bytes.count <= 10 else { return nil }
        if bytes.count == 4, let year = number(bytes[...]) {
            return DateParser.validated(year: year, month: nil, day: nil, shown: raw)
        }
        let separators = bytes.indices.filter { bytes[$0] == 0x2F || bytes[$0] == 0x2D || bytes[$0] == 0x2E }
        guard separators.count == 2, bytes[separators[0]] == bytes[separators[1]] else { return nil }
        let a = bytes[..<separators[0]], b = bytes[(separators[0] + 1)..<separators[1]], c = bytes[(separators[1] + 1)...]
        guard let x = number(a), let y = number(b), let z = number(c), b.count <= 2 else { return nil }
        if a.count <= 2 && c.count == 4 {
            return DateParser.validated(year: z, month: y, day: x, shown: raw)
        }
        if a.count == 4 && c.count <= 2 && bytes[separators[0]] == 0x2D {
            return DateParser.validated(year: x, month: y, day: z, shown: raw)
        }
        return nil
    }

    /// Plain digits, or digits grouped by three with "." ("2.055.000"): whole đồng.
    static func money(_ raw: String) -> Int64? {
        var value: Int64 = 0
        var digits = 0
        var groupDigits = 0
        var sawDot = false
        for b in raw.utf8 {
            if b >= 0x30 && b <= 0x39 {
                guard digits < 15 else { return nil }
                value = value * 10 + Int64(b - 0x30)
                digits += 1
                groupDigits += 1
            } else if b == 0x2E {
                // Thousands dots: the first group has 1–3 digits, the others exactly 3.
                guard groupDigits > 0, groupDigits <= 3, !sawDot || groupDigits == 3 else { return nil }
                sawDot = true
                groupDigits = 0
            } else {
                return nil
            }
        }
        guard digits > 0, !sawDot || groupDigits == 3 else { return nil }
        return value
    }
}
