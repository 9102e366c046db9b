/// Byte-level fast paths for the shapes most cells have ("1948", "05/03/1950", "1950-03-05",
/// "2055000", "2.055.000"). They give exactly what the general parsers give for these shapes
/// and return nil for anything else, which then takes the general (slower) path.
enum FastPaths {
    /// "yyyy", "d/m/yyyy" (also with "-" or "."), "yyyy-mm-dd". Read in place, without a copy
    /// of the bytes: it runs for every date cell that is not yet in its parser's memo.
    static func date(_ raw: String) -> Result<ParsedDate, FieldError>? {
        raw.utf8.withContiguousStorageIfAvailable { date(bytes: $0, shown: raw) } ?? date(bytes: Array(raw.utf8), shown: raw)
    }

    /// `date` of a cell given as UTF-8 bytes; a text is made of them only to word a failure.
    @inline(__always)
    static func date(bytes: UnsafeBufferPointer<UInt8>) -> Result<ParsedDate, FieldError>? {
        let result = date(bytes: bytes, shown: "")
        if case .failure = result { return date(String(decoding: bytes, as: UTF8.self)) }
        return result
    }

    private static func date<Bytes: RandomAccessCollection>(bytes: Bytes, shown raw: String) -> Result<ParsedDate, FieldError>?
    where Bytes.Element == UInt8, Bytes.Index == Int {
        let n = bytes.count
        guard n >= 4, n <= 10 else { return nil }
        let base = bytes.startIndex
        // The digits of bytes[from..<to], or nil when one is not a digit (or there are none, or more than 4).
        func digits(_ from: Int, _ to: Int) -> Int? {
            guard to > from, to - from <= 4 else { return nil }
            var v = 0
            for i in from..<to {
                let b = bytes[base + i]
                guard b >= 0x30 && b <= 0x39 else { return nil }
                v = v * 10 + Int(b - 0x30)
            }
            return v
        }
        if n == 4, let year = digits(0, 4) {
            return DateParser.validated(year: year, month: nil, day: nil, shown: raw)
        }
        var first = -1, second = -1
        for i in 0..<n {
            let b = bytes[base + i]
            guard b == 0x2F || b == 0x2D || b == 0x2E else { continue }
            if first < 0 { first = i } else if second < 0 { second = i } else { return nil }
        }
        guard first >= 0, second >= 0, bytes[base + first] == bytes[base + second] else { return nil }
        let aCount = first, bCount = second - first - 1, cCount = n - second - 1
        guard let x = digits(0, first), let y = digits(first + 1, second), let z = digits(second + 1, n), bCount <= 2 else { return nil }
        if aCount <= 2 && cCount == 4 {
            return DateParser.validated(year: z, month: y, day: x, shown: raw)
        }
        if aCount == 4 && cCount <= 2 && bytes[base + first] == 0x2D {
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
