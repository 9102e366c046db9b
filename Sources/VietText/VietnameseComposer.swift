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

    private struct Tables {
        var compose: [UInt64: UInt32] = [:]
        /// Precomposed letter → its base and marks (canonical decomposition).
        var decompose: [UInt32: (base: UInt32, marks: [UInt32])] = [:]
    }

    private static let tables: Tables = {
        var t = Tables()
        for range in [0x00C0...0x024F, 0x1E00...0x1EFF] {
            for v in range {
                guard let scalar = Unicode.Scalar(UInt32(v)) else { continue }
                let nfd = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.map(\.value)
                guard nfd.count >= 2, nfd.count <= 3, nfd.dropFirst().allSatisfy({ markIndex($0) != 0 }),
                      String(String.UnicodeScalarView(nfd.compactMap(Unicode.Scalar.init))).precomposedStringWithCanonicalMapping
                        .unicodeScalars.map(\.value) == [UInt32(v)] else { continue }
                let rest = Array(nfd.dropFirst())
                t.compose[key(nfd[0], rest.first, rest.count > 1 ? rest[1] : nil)] = UInt32(v)
                t.decompose[UInt32(v)] = (nfd[0], rest)
            }
        }
        return t
    }()

    /// The NFC of `s`, or nil when the table cannot say.
    static func compose(_ s: String) -> String? {
        let t = tables
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        func append(_ v: UInt32) {
            UTF8.encode(Unicode.Scalar(v) ?? "\u{FFFD}") { out.append($0) }
        }
        var base: UInt32? = nil
        var pending: [UInt32] = []

        func flush() -> Bool {
            guard let b = base else { return pending.isEmpty }
            if pending.isEmpty {
                append(b)
                return true
            }
            var letter = b
            var all = pending
            if let d = t.decompose[b] { letter = d.base; all = d.marks + pending }
            guard all.count <= 2 else { return false }
            // Canonical order: a stable sort on the combining class.
            if all.count == 2 && combiningClass(all[0]) > combiningClass(all[1]) { all.swapAt(0, 1) }
            guard let composed = t.compose[key(letter, all[0], all.count > 1 ? all[1] : nil)] else { return false }
            append(composed)
            return true
        }

        for scalar in s.unicodeScalars {
            let v = scalar.value
            if markIndex(v) != 0 {
                guard base != nil else { return nil }
                pending.append(v)
                continue
            }
            // Any other combining mark (or a scalar that might compose) is for the general path.
            if v >= 0x0300 && !(0x1EA0...0x1EF9).contains(v) && !(v >= 0x2000 && v < 0x2070) && v != 0x3000 && v != 0xFEFF {
                return nil
            }
            guard flush() else { return nil }
            base = v
            pending.removeAll(keepingCapacity: true)
        }
        guard flush() else { return nil }
        return String(decoding: out, as: UTF8.self)
    }
}
