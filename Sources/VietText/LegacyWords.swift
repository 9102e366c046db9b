/// How well decoded text reads as Vietnamese: counts of words and valid syllables.
struct LegacyWordScore: Equatable {
    /// Words with at least one character outside ASCII.
    var nonASCIIWords = 0
    /// Of those, the ones that are valid syllables.
    var validNonASCII = 0
    /// Valid syllables among all words (ASCII-only ones counted only when asked).
    var validWords = 0

    /// Scores scalar values. Words are runs between separators: white space, ASCII characters
    /// other than letters, and General Punctuation (U+2000–U+206F). Other non-letters (¶ × §)
    /// stay inside the word and make it invalid: they are what wrong decodings produce.
    static func score(_ scalars: [UInt32], countASCIIWords: Bool) -> LegacyWordScore {
        score(scalars, countASCIIWords: countASCIIWords, runs: nil) ?? LegacyWordScore()
    }

    /// `score(_:countASCIIWords: false)` of a sample of which `scalars` decode each distinct
    /// space-separated run once, joined by single spaces: run `k`'s words count `times[k]`
    /// times. Nil when the spaces do not part the scalars into `times.count` runs.
    static func score(_ scalars: [UInt32], runs times: [Int]) -> LegacyWordScore? {
        score(scalars, countASCIIWords: false, runs: times)
    }

    /// Both: each word counts once, or as often as its run came when `times` is given (nil
    /// only then, when the runs do not fit).
    private static func score(_ scalars: [UInt32], countASCIIWords: Bool, runs times: [Int]?) -> LegacyWordScore? {
        var result = LegacyWordScore()
        var start = 0
        var nonASCII = false
        var run = 0
        let fits: Bool = scalars.withUnsafeBufferPointer { buffer in
            func finish(_ end: Int) -> Bool {
                guard end > start else { return true }
                let weight: Int
                if let times {
                    guard run < times.count else { return false }
                    weight = times[run]
                } else {
                    weight = 1
                }
                if nonASCII {
                    result.nonASCIIWords += weight
                    if VietnameseSyllable.isValid(scalars: buffer[start..<end]) {
                        result.validNonASCII += weight
                        result.validWords += weight
                    }
                } else if countASCIIWords, VietnameseSyllable.isValid(scalars: buffer[start..<end]) {
                    result.validWords += weight
                }
                return true
            }
            for i in 0..<buffer.count {
                let v = buffer[i]
                if isSeparator(v) {
                    guard finish(i) else { return false }
                    if v == 0x20 { run += 1 }
                    start = i + 1
                    nonASCII = false
                } else if v >= 0x80 {
                    nonASCII = true
                }
            }
            return finish(buffer.count)
        }
        guard fits else { return nil }
        if let times, run + 1 != times.count && !(times.isEmpty && run == 0) { return nil }
        return result
    }

    @inline(__always)
    static func isSeparator(_ v: UInt32) -> Bool {
        if v < 0x80 { return !((0x41...0x5A).contains(v) || (0x61...0x7A).contains(v)) }
        return v == 0xA0 || (0x2000...0x206F).contains(v) || v == 0x3000 || v == 0xFEFF
    }
}

/// Windows-1252 as a program that misread legacy bytes wrote it: 0x80–0x9F are the code page's
/// punctuation where it defines them, the other bytes are Latin-1.
enum Windows1252 {
    /// Scalar values of bytes 0x80...0x9F (Latin-1's C1 control where 1252 is undefined).
    static let high: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// The 1252 byte for each punctuation or letter outside Latin-1.
    static let extras: [UInt32: UInt8] = {
        var map: [UInt32: UInt8] = [:]
        for (i, v) in high.enumerated() where v > 0xFF { map[v] = UInt8(0x80 + i) }
        return map
    }()

    /// The byte a scalar value came from: itself up to U+00FF (1252 or Latin-1), else the
    /// 1252 extra; nil if it has no single-byte form.
    @inline(__always)
    static func byte(for v: UInt32) -> UInt8? {
        v <= 0xFF ? UInt8(v) : extras[v]
    }

    /// True when every character of the UTF-8 text has a 1252 byte and one of them is above
    /// ASCII: the only text a Windows-1252 misreading can have made. Decided on the bytes, and
    /// at the first Vietnamese letter for real Vietnamese (its ă, đ, ơ, ư and toned vowels lie
    /// outside Latin-1, and only lead bytes C5, C6, CB and E2 can start a 1252 extra).
    static func mayBeMisread(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer(mayBeMisread)
    }

    /// `mayBeMisread` on a buffer of valid UTF-8.
    static func mayBeMisread(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var sawHigh = false
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            sawHigh = true
            if b == 0xC2 || b == 0xC3 { i += 2; continue }       // U+0080–U+00FF
            guard b == 0xC5 || b == 0xC6 || b == 0xCB || b == 0xE2 else { return false }
            let length = b < 0xE0 ? 2 : 3
            guard i + length <= n else { return false }
            var v = UInt32(b & (length == 2 ? 0x1F : 0x0F))
            for k in 1..<length { v = v << 6 | UInt32(bytes[i + k] & 0x3F) }
            guard extras[v] != nil else { return false }
            i += length
        }
        return sawHigh
    }
}

extension LegacyText {
    /// What a program that took legacy bytes for Windows-1252 shows of them ("Qu¶ng B×nh" for
    /// TCVN3 "Quảng Bình"): the mojibake `repairMojibake` undoes. Used to make test data.
    public static func misreadAsWindows1252(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let v = byte < 0x80 ? UInt32(byte) : byte < 0xA0 ? Windows1252.high[Int(byte) - 0x80] : UInt32(byte)
            if let scalar = Unicode.Scalar(v) { scalars.append(scalar) }
        }
        return String(scalars)
    }

    /// The bytes a Windows-1252 reading came from (the inverse of `misreadAsWindows1252`), nil
    /// when a character has no single-byte form.
    public static func bytesOfWindows1252(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        for scalar in text.unicodeScalars {
            guard let byte = Windows1252.byte(for: scalar.value) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
