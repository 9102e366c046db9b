/// Telling the legacy Vietnamese byte encodings apart, and undoing their mojibake.
///
/// Both work by decoding candidates and scoring them with `VietnameseSyllable`: the right
/// decoding reads as Vietnamese syllables, a wrong one produces "Qu¶ng" or "Quaûng".
public enum LegacyText {
    /// The legacy byte encodings of Vietnamese text.
    public enum ByteEncoding: String, CaseIterable, Sendable {
        /// Windows-1258 (`CP1258`).
        case cp1258
        /// TCVN3 "ABC" (`TCVN3`).
        case tcvn3
        /// VNI-Windows (`VNI`).
        case vni
    }

    /// Which legacy encoding reads best for bytes that are not valid UTF-8: the sample is
    /// decoded with each, and the one whose words with letters outside ASCII are most often
    /// valid syllables wins (ASCII-only words do not discriminate). Ties go to cp1258, then
    /// tcvn3, then vni, so a sample with no such word is cp1258. Linear in the sample.
    public static func detect(_ sample: [UInt8]) -> ByteEncoding {
        // Names and places repeat their syllables: each distinct run between spaces is decoded
        // and scored once, counted as often as it came.
        let (distinct, times) = distinctRuns(sample)
        var best = ByteEncoding.cp1258
        var bestScore = LegacyWordScore()
        var scalars: [UInt32] = []
        for encoding in ByteEncoding.allCases {
            scalars.removeAll(keepingCapacity: true)
            decodeScalars(distinct, as: encoding, into: &scalars)
            let score: LegacyWordScore
            if let weighted = LegacyWordScore.score(scalars, runs: times) {
                score = weighted
            } else {
                // A byte decoded to a space: the runs cannot be told apart in the scalars.
                scalars.removeAll(keepingCapacity: true)
                decodeScalars(sample, as: encoding, into: &scalars)
                score = LegacyWordScore.score(scalars, countASCIIWords: false)
            }
            // valid / words > bestValid / bestWords, without division (0 words reads as 0).
            if score.validNonASCII * max(bestScore.nonASCIIWords, 1)
                > bestScore.validNonASCII * max(score.nonASCIIWords, 1) {
                best = encoding
                bestScore = score
            }
        }
        return best
    }

    /// The distinct runs of bytes between spaces, in the order they first come, joined by
    /// single spaces, and how often each came. Every table decodes a run on its own (a space
    /// ends a VNI letter and starts none), so scoring the runs weighted by `times` scores the
    /// sample.
    static func distinctRuns(_ sample: [UInt8]) -> (joined: [UInt8], times: [Int]) {
        var runs = InternTable()
        var times: [Int] = []
        sample.withUnsafeBufferPointer { all in
            var start = 0
            for i in 0...all.count where i == all.count || all[i] == 0x20 {
                if i > start {
                    let run = Int(runs.intern(bytes: UnsafeBufferPointer(rebasing: all[start..<i])))
                    if run == times.count { times.append(0) }
                    times[run] += 1
                }
                start = i + 1
            }
        }
        var joined: [UInt8] = []
        joined.reserveCapacity(sample.count)
        for run in 0..<runs.count {
            if run > 0 { joined.append(0x20) }
            runs.withBytes(Int32(run)) { joined.append(contentsOf: $0) }
        }
        return (joined, times)
    }

    /// Undoes mojibake: TCVN3 or VNI bytes that some program read as Windows-1252 (or
    /// Latin-1) and saved again as Unicode ("Qu¶ng B×nh", "Quaûng Bình" → "Quảng Bình").
    ///
    /// Each character is mapped back to its byte (nil if one has none), the bytes are decoded
    /// as TCVN3 and as VNI, and a decoding is returned only on clear evidence: the field has a
    /// word with letters outside ASCII that is not a valid syllable; the decoding has strictly
    /// more valid syllable words than the field and every one of its words with letters
    /// outside ASCII is valid; and the other decoding does not pass as well (if both do, the
    /// field is ambiguous: "Cö tri" is "Cử tri" in TCVN3, "Cư tri" in VNI). Correct Vietnamese,
    /// ASCII and ordinary Latin-1 text come back nil. Text with no character from
    /// U+0080–U+00FF or Windows-1252's extras returns nil after one scan.
    ///
    /// `preferring`: the encoding the rest of the file was repaired from. When both decodings
    /// pass, the file's own encoding is the evidence that settles it ("Cù NÉm" in a TCVN3 file).
    public static func repairMojibake(_ field: String, preferring: ByteEncoding? = nil) -> (text: String, from: ByteEncoding)? {
        // The common case (ASCII, or real Vietnamese letters) is settled without allocating.
        guard mayBeMojibake(field) else { return nil }
        let original = field.unicodeScalars.map(\.value)
        let bytes = original.map { Windows1252.byte(for: $0) ?? 0x3F }

        // The field must read badly: some word outside ASCII is no syllable. (The "strictly
        // more valid words" rule below implies it; checked first because it is cheap.)
        let before = LegacyWordScore.score(original, countASCIIWords: true)
        let readsBadly = before.validNonASCII < before.nonASCIIWords
        // In a file already shown to be mojibake, a field may happen to read as Vietnamese
        // ("NÉm" is "Ném", but here it was TCVN3 "Nẫm"): the file is the evidence.
        guard readsBadly || preferring != nil else { return nil }

        var candidates: [(encoding: ByteEncoding, scalars: [UInt32], score: LegacyWordScore)] = []
        for encoding in [ByteEncoding.tcvn3, .vni] {
            var scalars: [UInt32] = []
            decodeScalars(bytes, as: encoding, into: &scalars)
            // Bytes 0x80–0x9F are no letter in either table: give back the field's punctuation.
            for i in scalars.indices where (0x80...0x9F).contains(scalars[i]) {
                scalars[i] = Windows1252.high[Int(scalars[i]) - 0x80]
            }
            let score = LegacyWordScore.score(scalars, countASCIIWords: true)
            candidates.append((encoding, scalars, score))
        }
        var passing = candidates.filter {
            $0.score.validWords > before.validWords && $0.score.validNonASCII == $0.score.nonASCIIWords
        }
        if !readsBadly {
            passing = candidates.filter {
                $0.encoding == preferring && $0.scalars != original && $0.score.validNonASCII == $0.score.nonASCIIWords
            }
        }
        // Both decodings split the bytes into the same words, so two that pass have the same
        // number of valid words and are equally good ("Bæ": "bổ" or "bỉ"): no clear evidence.
        let chosen: (encoding: ByteEncoding, scalars: [UInt32], score: LegacyWordScore)
        if passing.count == 1, let only = passing.first {
            chosen = only
        } else if let preferring, let preferred = passing.first(where: { $0.encoding == preferring }) {
            chosen = preferred
        } else {
            return nil
        }
        var text = String.UnicodeScalarView()
        for v in chosen.scalars {
            if let s = Unicode.Scalar(v) { text.append(s) }
        }
        return (VietText.nfc(String(text)), chosen.encoding)
    }

    /// False when `repairMojibake` gives `field` back nil at once: its text has a character
    /// that no Windows-1252 misreading produces (any Vietnamese letter outside Latin-1), or
    /// none above ASCII. Decided on the UTF-8 bytes, without allocating.
    @inline(__always)
    public static func mayBeMojibake(_ field: String) -> Bool {
        field.utf8.withContiguousStorageIfAvailable(Windows1252.mayBeMisread) ?? Windows1252.mayBeMisread(Array(field.utf8))
    }

    /// `mayBeMojibake` on a field's UTF-8 bytes.
    public static func mayBeMojibake(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        Windows1252.mayBeMisread(bytes)
    }

    /// Decodes bytes to scalar values with one encoding (CP1258's tone marks stay combining).
    static func decodeScalars(_ bytes: [UInt8], as encoding: ByteEncoding, into out: inout [UInt32]) {
        switch encoding {
        case .cp1258:
            out.reserveCapacity(out.count + bytes.count)
            for byte in bytes { out.append(CP1258.scalar(byte)) }
        case .tcvn3:
            TCVN3.decodeScalars(bytes, into: &out)
        case .vni:
            VNI.decodeScalars(bytes, into: &out)
        }
    }
}
