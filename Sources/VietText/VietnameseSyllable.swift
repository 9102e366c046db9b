/// Whether a word is a well-formed Vietnamese syllable: the test that scores candidate
/// decodings of legacy bytes ("Quảng" is one, "Qu¶ng" and "Quaûng" are not).
///
/// A syllable is an onset (none, or one of b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r
/// s t th tr v x), a rime from the real set of Vietnamese rimes (vowel, diphthong or
/// triphthong, with glides, and an optional final c ch m n ng nh p t), and at most one tone
/// mark, placed where Vietnamese spelling puts it: on the last vowel of a rime closed by a
/// consonant ("hoàng", "người"), on the first vowel of an open two-vowel rime ("xão", never
/// "xaõ"; "của"), on the middle one of three ("ngoài"), and on either vowel of oa, oe, uy (old
/// and new style: "Hòa" and "Hoà", "Thủy" and "Thuỷ"); uê and uơ take it second ("thuế").
/// A rime closed by c, ch, p or t takes only the sắc or nặng tone (k, the Central Highlands
/// spelling of final c in "Đắk", "Đăk", is left free). The c/k, g/gh, ng/ngh spelling rule is
/// not checked.
public enum VietnameseSyllable {
    /// True when `word` (one word, no spaces) is a well-formed Vietnamese syllable. Meant for
    /// lower-cased NFC words; capitals and decomposed input are accepted too.
    public static func isValid(_ word: String) -> Bool {
        isValid(scalars: VietText.nfc(word).unicodeScalars.lazy.map(\.value))
    }

    /// The same test on scalar values, either case; a combining tone mark (U+0300, U+0301,
    /// U+0303, U+0309, U+0323) may follow its vowel, as CP1258 writes it.
    static func isValid<S: Sequence>(scalars: S) -> Bool where S.Element == UInt32 {
        let table = SyllableTables.letters
        var packed: UInt64 = 0
        var n = 0
        var tone: UInt8 = 0
        var toneIndex = 0
        var previous: UInt8 = 0
        for value in scalars {
            guard value < UInt32(SyllableTables.bound) else { return false }
            let entry = table[Int(value)]
            let code = UInt8(truncatingIfNeeded: entry)
            let mark = UInt8(truncatingIfNeeded: entry >> 8)
            if code == 0 { return false }
            if mark != 0 {
                // A second tone, or a combining tone after anything but a vowel, is not Vietnamese.
                if tone != 0 { return false }
                if code == SyllableTables.combiningTone && !isVowel(previous) { return false }
                tone = mark
                toneIndex = code == SyllableTables.combiningTone ? n - 1 : n
                if code == SyllableTables.combiningTone { continue }
            }
            guard n < 8 else { return false }
            packed |= UInt64(code) << (8 * n)
            n += 1
            previous = code
        }
        guard n > 0, stopToneAllowed(packed, count: n, tone: tone) else { return false }
        return hasValidSplit(packed, count: n, toneIndex: tone == 0 ? -1 : toneIndex)
    }

    /// Some onset + rime split of the packed letters is in the tables, with the tone (at
    /// letter `toneIndex`, −1 for none) where the rime takes it.
    private static func hasValidSplit(_ packed: UInt64, count n: Int, toneIndex: Int) -> Bool {
        let rimes = SyllableTables.rimes
        for k in 0...min(3, n - 1) {
            let onset = k == 0 ? 0 : packed & ((UInt64(1) << (8 * k)) - 1)
            guard SyllableTables.onsets.contains(onset) else { continue }
            let rime = packed >> (8 * k), length = n - k
            let at = toneIndex < 0 ? -1 : toneIndex - k
            if toneIndex >= 0 && at < 0 { continue } // tone on the onset's letters
            if rimes.contains(rime), toneFits(rime, count: length, at: at) { return true }
            // "qu" and "gi" write the rime's first glide: qu + yêt = "quyết", gi + êng = "giếng".
            let glide: UInt64 = onset == SyllableTables.qu ? 0x75 : onset == SyllableTables.gi ? 0x69 : 0
            if glide != 0, rime & 0xFF != glide, length < 8, rimes.contains(rime << 8 | glide),
               toneFits(rime << 8 | glide, count: length + 1, at: at < 0 ? -1 : at + 1) {
                return true
            }
        }
        return false
    }

    /// Whether the tone may sit on letter `index` (−1: no tone) of a rime of `m` letters.
    private static func toneFits(_ rime: UInt64, count m: Int, at index: Int) -> Bool {
        if index < 0 { return true }
        if !isVowel(letter(rime, m - 1)) {
            // Closed rime: on its last vowel.
            var j = m - 2
            while j > 0 && !isVowel(letter(rime, j)) { j -= 1 }
            return index == j
        }
        switch m {
        case 1: return index == 0
        case 2:
            if SyllableTables.eitherVowelTakesTone.contains(rime) { return index <= 1 }
            if SyllableTables.secondVowelTakesTone.contains(rime) { return index == 1 }
            return index == 0
        default: return index == 1
        }
    }

    @inline(__always)
    private static func letter(_ packed: UInt64, _ i: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: packed >> (8 * i))
    }

    /// A syllable closed by c, ch, p or t carries sắc or nặng.
    @inline(__always)
    private static func stopToneAllowed(_ packed: UInt64, count n: Int, tone: UInt8) -> Bool {
        let last = UInt8(truncatingIfNeeded: packed >> (8 * (n - 1)))
        var stop = last == 0x63 || last == 0x70 || last == 0x74 // c p t
        if last == 0x68, n >= 2, UInt8(truncatingIfNeeded: packed >> (8 * (n - 2))) == 0x63 { stop = true } // ch
        return !stop || tone == SyllableTables.sac || tone == SyllableTables.nang
    }

    @inline(__always)
    private static func isVowel(_ code: UInt8) -> Bool {
        switch code {
        case 0x61, 0x65, 0x69, 0x6F, 0x75, 0x79, 0x81...0x86: return true
        default: return false
        }
    }
}
