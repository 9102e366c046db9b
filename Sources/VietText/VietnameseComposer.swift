import Foundation

/// NFC for the decomposed Vietnamese that Windows-1258 and some keyboards produce ("ê" + U+0300
/// for "ề"), without Foundation's general normalizer: each letter and the marks after it are
/// looked up in a table of the precomposed Latin letters' canonical decompositions.
///
/// Exact where it answers: a letter with its marks in canonical order that is the canonical
/// decomposition of a precomposed letter has that letter as its NFC. Anything else (another
/// mark, a mark with no letter before it, a combination with no precomposed letter) returns
/// nil, for the general path.
enum VietnameseComposer {
    /// The combining marks of Vietnamese: the five tones, circumflex, breve, horn.
    private static let marks: [UInt32] = [0x0300, 0x0301, 0x0303, 0x0309, 0x0323, 0x0302, 0x0306, 0x031B]

    /// A mark's index in `marks` plus one, 0 for any other scalar.
    @inline(__always)
    private static func markIndex(_ v: UInt32) -> UInt64 {
        switch v {
        case 0x0300: return 1
        case 0x0301: return 2
        case 0x0303: return 3
        case 0x0309: return 4
        case 0x0323: return 5
        case 0x0302: return 6
        case 0x0306: return 7
        case 0x031B: return 8
        default: return 0
        }
    }

    /// Canonical combining class of the marks (below 220, horn 216, above 230).
    @inline(__always)
    private static func combiningClass(_ v: UInt32) -> Int {
        switch v {
        case 0x0323: return 220
        case 0x031B: return 216
        default: return 230
        }
    }

    /// base letter and up to two marks (in canonical order) → the key of the lookup.
    @inline(__always)
    private static func key(_ base: UInt32, _ m1: UInt32?, _ m2: UInt32?) -> UInt64 {
        UInt64(base) << 8 | (m1.map(markIndex) ?? 0) << 4 | (m2.map(markIndex) ?? 0)
    }

    /// The lookups as flat arrays: an open-addressing table for composition (keys are never 0:
    /// a base letter is above 0x40) and each precomposed letter's decomposition by its scalar,
    /// packed (base << 32 | first mark << 16 | second mark). Dictionaries hashed every letter.
    private final class Tables {
        // Filled once and kept for the process's life (`tables` is a static): plain memory,
        // read without bounds checks or reference counting in the per-letter loop.
        let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: 4096)
        let values = UnsafeMutablePointer<UInt32>.allocate(capacity: 4096)
        /// U+00C0–U+024F, then U+1E00–U+1EFF; 0 where the letter does not decompose to marks we know.
        let latin = UnsafeMutablePointer<UInt64>.allocate(capacity: 0x250 - 0xC0)
        let extended = UnsafeMutablePointer<UInt64>.allocate(capacity: 0x100)

        init() {
            keys.initialize(repeating: 0, count: 4096)
            values.initialize(repeating: 0, count: 4096)
            latin.initialize(repeating: 0, count: 0x250 - 0xC0)
            extended.initialize(repeating: 0, count: 0x100)
        }

        @inline(__always)
        static func slot(_ key: UInt64) -> Int {
            Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 52)
        }

        func insert(_ key: UInt64, _ value: UInt32) {
            var k = Self.slot(key)
            while keys[k] != 0 && keys[k] != key { k = (k + 1) & 4095 }
            keys[k] = key
            values[k] = value
        }

        @inline(__always)
        func composed(_ key: UInt64) -> UInt32? {
            var k = Self.slot(key)
            while true {
                let found = keys[k]
                if found == key { return values[k] }
                if found == 0 { return nil }
                k = (k + 1) & 4095
            }
        }

        @inline(__always)
        func decomposition(_ v: UInt32) -> UInt64 {
            if v >= 0xC0 && v < 0x250 { return latin[Int(v - 0xC0)] }
            if v >= 0x1E00 && v < 0x1F00 { return extended[Int(v - 0x1E00)] }
            return 0
        }
    }

    private static let tables: Tables = {
        let t = Tables()
        for range in [0x00C0...0x024F, 0x1E00...0x1EFF] {
            for v in range {
                guard let scalar = Unicode.Scalar(UInt32(v)) else { continue }
                let nfd = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.map(\.value)
                guard nfd.count >= 2, nfd.count <= 3, nfd.dropFirst().allSatisfy({ markIndex($0) != 0 }),
                      String(String.UnicodeScalarView(nfd.compactMap(Unicode.Scalar.init))).precomposedStringWithCanonicalMapping
                        .unicodeScalars.map(\.value) == [UInt32(v)] else { continue }
                let rest = Array(nfd.dropFirst())
                t.insert(key(nfd[0], rest.first, rest.count > 1 ? rest[1] : nil), UInt32(v))
                let packed = UInt64(nfd[0]) << 32 | UInt64(rest[0]) << 16 | UInt64(rest.count > 1 ? rest[1] : 0)
                if v < 0x250 { t.latin[v - 0xC0] = packed } else { t.extended[v - 0x1E00] = packed }
            }
        }
        return t
    }()

    /// The NFC of `s`, or nil when the table cannot say.
    static func compose(_ s: String) -> String? {
        if let done = s.utf8.withContiguousStorageIfAvailable({ compose(utf8: $0) }) { return done }
        return Array(s.utf8).withUnsafeBufferPointer { compose(utf8: $0) }
    }

    /// `compose` on UTF-8 bytes, written straight into the result's storage: composing never
    /// lengthens the text (a precomposed letter takes fewer bytes than its letter and marks).
    private static func compose(utf8 input: UnsafeBufferPointer<UInt8>) -> String? {
        var ok = true
        let text = String(unsafeUninitializedCapacity: max(input.count, 1)) { out -> Int in
            guard let n = compose(utf8: input, into: out) else { ok = false; return 0 }
            return n
        }
        return ok ? text : nil
    }

    /// `compose` from UTF-8 bytes into `out` (at least as long as `input`): the bytes written,
    /// or nil when the table cannot say. No closures and no captured state: this runs for every
    /// cell of a Windows-1258 file.
    static func compose(utf8 input: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        let t = tables
        var writer = Writer(out: out)
        var i = 0
        let count = input.count
        while i < count {
            guard let v = UTF8Scalars.next(input, &i) else { return nil }
            if markIndex(v) != 0 {
                guard writer.hasBase, writer.marks < 2 else { return nil }
                if writer.marks == 0 { writer.m1 = v } else { writer.m2 = v }
                writer.marks += 1
                continue
            }
            // Any other combining mark (or a scalar that might compose) is for the general path.
            if v >= 0x0300 && !(0x1EA0...0x1EF9).contains(v) && !(v >= 0x2000 && v < 0x2070) && v != 0x3000 && v != 0xFEFF {
                return nil
            }
            guard writer.flush(t) else { return nil }
            writer.base = v
            writer.hasBase = true
            writer.marks = 0
        }
        guard writer.flush(t) else { return nil }
        return writer.written
    }

    /// The letter being composed (a base and the marks after it) and where the output stands.
    private struct Writer {
        let out: UnsafeMutableBufferPointer<UInt8>
        var written = 0
        var base: UInt32 = 0, hasBase = false
        // The marks after the base: at most two compose (a third fails the flush anyway).
        var m1: UInt32 = 0, m2: UInt32 = 0, marks = 0

        init(out: UnsafeMutableBufferPointer<UInt8>) { self.out = out }

        @inline(__always)
        mutating func append(_ v: UInt32) {
            if v < 0x80 {
                out[written] = UInt8(v); written += 1
            } else if v < 0x800 {
                out[written] = UInt8(0xC0 | v >> 6); out[written + 1] = UInt8(0x80 | v & 0x3F); written += 2
            } else if v < 0x10000 {
                out[written] = UInt8(0xE0 | v >> 12); out[written + 1] = UInt8(0x80 | (v >> 6) & 0x3F)
                out[written + 2] = UInt8(0x80 | v & 0x3F); written += 3
            } else {
                out[written] = UInt8(0xF0 | v >> 18); out[written + 1] = UInt8(0x80 | (v >> 12) & 0x3F)
                out[written + 2] = UInt8(0x80 | (v >> 6) & 0x3F); out[written + 3] = UInt8(0x80 | v & 0x3F); written += 4
            }
        }

        /// Writes the letter composed so far; false when the table cannot compose it.
        mutating func flush(_ t: Tables) -> Bool {
            guard hasBase else { return marks == 0 }
            if marks == 0 {
                append(base)
                return true
            }
            var letter = base
            var a = m1, b = m2, n = marks
            let d = t.decomposition(base)
            if d != 0 {
                letter = UInt32(truncatingIfNeeded: d >> 32)
                let d1 = UInt32(truncatingIfNeeded: (d >> 16) & 0xFFFF), d2 = UInt32(truncatingIfNeeded: d & 0xFFFF)
                let own = d2 == 0 ? 1 : 2
                guard own + n <= 2 else { return false }
                if own == 2 { a = d1; b = d2 } else { b = a; a = d1 }
                n += own
            }
            // Canonical order: a stable sort on the combining class.
            if n == 2 && combiningClass(a) > combiningClass(b) { swap(&a, &b) }
            guard let composed = t.composed(key(letter, a, n > 1 ? b : nil)) else { return false }
            append(composed)
            return true
        }
    }
}
