import Foundation

/// The letters, onsets and rimes `VietnameseSyllable` checks against.
///
/// A word is packed into a `UInt64`, one letter code per byte, first letter in the lowest byte.
/// Letter codes: ASCII "a"…"z" as themselves, then ă â ê ô ơ ư đ as 0x81…0x87; tone marks are
/// kept apart.
enum SyllableTables {
    static let breve: UInt8 = 0x81, circumflexA: UInt8 = 0x82, circumflexE: UInt8 = 0x83
    static let circumflexO: UInt8 = 0x84, hornO: UInt8 = 0x85, hornU: UInt8 = 0x86, dStroke: UInt8 = 0x87
    /// Code of a combining tone mark (the tone is in the entry's high byte).
    static let combiningTone: UInt8 = 0xFE
    /// Tones, numbered as in the entries: 1 huyền, 2 sắc, 3 hỏi, 4 ngã, 5 nặng.
    static let sac: UInt8 = 2, nang: UInt8 = 5

    /// Scalar values below this bound are looked up in `letters`; all others are not letters.
    static let bound = 0x1F00

    /// Scalar value → letter code | tone << 8 (upper and lower case alike); 0 = not a letter.
    static let letters: [UInt16] = {
        var table = [UInt16](repeating: 0, count: bound)
        for v in 0x61...0x7A {
            table[v] = UInt16(v)
            table[v - 0x20] = UInt16(v)
        }
        table[0x0111] = UInt16(dStroke)
        table[0x0110] = UInt16(dStroke)
        let toneMarks = ["\u{0300}", "\u{0301}", "\u{0309}", "\u{0303}", "\u{0323}"]
        for (i, mark) in toneMarks.enumerated() {
            for scalar in mark.unicodeScalars {
                table[Int(scalar.value)] = UInt16(combiningTone) | UInt16(i + 1) << 8
            }
        }
        let vowels: [(String, UInt8)] = [
            ("a", 0x61), ("ă", breve), ("â", circumflexA), ("e", 0x65), ("ê", circumflexE),
            ("i", 0x69), ("o", 0x6F), ("ô", circumflexO), ("ơ", hornO), ("u", 0x75),
            ("ư", hornU), ("y", 0x79),
        ]
        for (base, code) in vowels {
            for (tone, mark) in ([""] + toneMarks).enumerated() {
                let lower = (base + mark).precomposedStringWithCanonicalMapping.unicodeScalars
                guard lower.count == 1, let letter = lower.first else { continue }
                let entry = UInt16(code) | UInt16(tone) << 8
                let upper = letter.properties.uppercaseMapping.unicodeScalars
                for s in [letter] + (upper.count == 1 ? Array(upper) : []) where Int(s.value) < bound {
                    table[Int(s.value)] = entry
                }
            }
        }
        return table
    }()

    /// Packs a word written with plain lower-case letters and ă â ê ô ơ ư đ; nil if it has
    /// any other character or more than eight letters.
    static func pack(_ word: String) -> UInt64? {
        var packed: UInt64 = 0
        var n = 0
        for scalar in word.unicodeScalars {
            let v = Int(scalar.value)
            guard v < bound, n < 8 else { return nil }
            let entry = letters[v]
            let code = UInt8(truncatingIfNeeded: entry)
            guard code != 0, code != combiningTone, entry >> 8 == 0 else { return nil }
            packed |= UInt64(code) << (8 * n)
            n += 1
        }
        return packed
    }

    /// Onset consonants, including the empty onset.
    static let onsets = PackedSet(
        ["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
         "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"].compactMap(pack))

    static let qu = pack("qu") ?? 0
    static let gi = pack("gi") ?? 0

    /// Rimes: the vowel nucleus (with its glides) and the optional final consonant, without
    /// tone. After "qu" the rime's leading "u" and after "gi" its leading "i" are written by
    /// the onset ("quyết" = qu + yêt, "giếng" = gi + êng); `VietnameseSyllable` checks both.
    /// Place names of the Central Highlands write final c as k ("Đắk Lắk", "Buôn Đôn",
    /// "Ea Súp"), so each rime in c also comes in k, and "ea" is a rime.
    static let rimes: PackedSet = {
        var all = Set(rimeSpellings.compactMap(pack))
        for rime in rimeSpellings where rime.hasSuffix("c") {
            if let k = pack(String(rime.dropLast()) + "k") { all.insert(k) }
        }
        if let ea = pack("ea") { all.insert(ea) }
        return PackedSet(all)
    }()

    /// Open rimes whose tone may sit on either vowel (old style "hòa", new style "hoà").
    static let eitherVowelTakesTone = PackedSet(["oa", "oe", "uy"].compactMap(pack))
    /// Open two-vowel rimes whose tone sits on the second vowel ("thuế", "thuở").
    static let secondVowelTakesTone = PackedSet(["uê", "uơ"].compactMap(pack))

    private static let rimeSpellings: [String] = [
        // a ă â
        "a", "ac", "ach", "ai", "am", "an", "ang", "anh", "ao", "ap", "at", "au", "ay",
        "ăc", "ăm", "ăn", "ăng", "ăp", "ăt",
        "âc", "âm", "ân", "âng", "âp", "ât", "âu", "ây",
        // e ê
        "e", "ec", "em", "en", "eng", "eo", "ep", "et",
        "ê", "êch", "êm", "ên", "êng", "ênh", "êp", "êt", "êu",
        // i y iê yê
        "i", "ia", "ich", "im", "in", "inh", "ip", "it", "iu",
        "iêc", "iêm", "iên", "iêng", "iêp", "iêt", "iêu",
        "y", "yêm", "yên", "yêng", "yêt", "yêu",
        // o oa oă oe oo
        "o", "oc", "oi", "om", "on", "ong", "op", "ot", "ooc", "oong",
        "oa", "oac", "oach", "oai", "oam", "oan", "oang", "oanh", "oao", "oap", "oat", "oay",
        "oăc", "oăm", "oăn", "oăng", "oăt",
        "oe", "oem", "oen", "oeo", "oet",
        // ô ơ
        "ô", "ôc", "ôi", "ôm", "ôn", "ông", "ôp", "ôt",
        "ơ", "ơi", "ơm", "ơn", "ơp", "ơt",
        // u ua uâ uê uô uơ uy
        "u", "ua", "uc", "ui", "um", "un", "ung", "up", "ut",
        "uân", "uâng", "uât", "uây",
        "uê", "uêch", "uênh", "uêu",
        "uôc", "uôi", "uôm", "uôn", "uông", "uôt",
        "uơ",
        "uy", "uya", "uych", "uyên", "uyêt", "uyêch", "uynh", "uyp", "uyt", "uyu",
        // ư ươ
        "ư", "ưa", "ưc", "ưi", "ưm", "ưn", "ưng", "ưt", "ưu",
        "ươc", "ươi", "ươm", "ươn", "ương", "ươp", "ươt", "ươu",
    ]
}
