/// The level at which two folded names (ASCII words separated by single spaces, as
/// `name_key` holds them) agree, on their bytes: the matcher's innermost loop, so no allocation.
enum NameComparison {
    /// Up to 16 words of a name as byte ranges.
    struct Words {
        var starts = SIMD16<UInt8>(), ends = SIMD16<UInt8>()
        var count = 0

        init?(_ s: UnsafeBufferPointer<UInt8>) {
            guard s.count < 255 else { return nil }
            var start = 0
            for i in 0...s.count where i == s.count || s[i] == 0x20 {
                if i > start {
                    guard count < 16 else { return nil }
                    starts[count] = UInt8(start); ends[count] = UInt8(i); count += 1
                }
                start = i + 1
            }
        }

        @inline(__always)
        func word(_ k: Int, in s: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: s[Int(starts[k])..<Int(ends[k])])
        }
    }

    @inline(__always)
    static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        guard let x = a.baseAddress, let y = b.baseAddress else { return a.count == 0 }
        return memcmp(x, y, a.count) == 0
    }

    /// The family name with its regional variant folded to one spelling (Huỳnh → Hoàng,
    /// Võ → Vũ), as `NameVariants.familyPairs` lists them.
    static func canonicalFamily(_ w: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        if w.count == 5, w[0] == 0x68, w[1] == 0x75, w[2] == 0x79, w[3] == 0x6E, w[4] == 0x68 { return hoang } // huynh
        if w.count == 2, w[0] == 0x76, w[1] == 0x6F { return vu } // vo
        return w
    }
    private static let hoangStorage: UnsafeMutableBufferPointer<UInt8> = {
        let p = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 5)
        _ = p.initialize(from: Array("hoang".utf8)); return p
    }()
    private static let vuStorage: UnsafeMutableBufferPointer<UInt8> = {
        let p = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 2)
        _ = p.initialize(from: Array("vu".utf8)); return p
    }()
    static var hoang: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(hoangStorage) }
    static var vu: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(vuStorage) }

    /// The level of two different folded names (equal names are "folded exact" or "exact",
    /// decided by the caller from the indexes). `maxEdits` is the configured edit limit (≤ 2).
    static func level(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, maxEdits: Int) -> UInt8 {
        if a.isEmpty || b.isEmpty { return Level.Name.missing }
        if equal(a, b) { return Level.Name.folded }
        // Lengths further apart than the edits allowed: only a dropped middle name or initials
        // can bridge them, and both keep the family and the given name. Most unrelated pairs
        // stop here.
        if abs(a.count - b.count) > maxEdits && !(sameFamily(a, b) && sameGiven(a, b)) { return Level.Name.different }
        guard let x = Words(a), let y = Words(b) else { return edits(a, b, maxEdits: maxEdits) }
        let givenEqual = equal(x.word(x.count - 1, in: a), y.word(y.count - 1, in: b))
        let familyEqual = equal(canonicalFamily(x.word(0, in: a)), canonicalFamily(y.word(0, in: b)))
        if x.count == y.count {
            var sameRest = true
            for k in 1..<max(x.count, 1) where !equal(x.word(k, in: a), y.word(k, in: b)) { sameRest = false; break }
            if sameRest && familyEqual { return Level.Name.familyVariant }
            if x.count > 1 && sameMultiset(x, a, y, b) { return Level.Name.reordered }
            if initials(x, a, y, b) { return Level.Name.initials }
        } else if givenEqual && familyEqual {
            if x.count < y.count ? subsequence(x, a, of: y, b) : subsequence(y, b, of: x, a) { return Level.Name.droppedMiddle }
        }
        return edits(a, b, maxEdits: maxEdits)
    }

    @inline(__always)
    static func sameGiven(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = a.count, j = b.count
        while i > 0 && j > 0 {
            i -= 1; j -= 1
            if a[i] != b[j] { return false }
            if a[i] == 0x20 { return true }
        }
        return (i == 0 || a[i - 1] == 0x20) && (j == 0 || b[j - 1] == 0x20)
    }

    @inline(__always)
    static func sameFamily(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var x = 0, y = 0
        while x < a.count && a[x] != 0x20 { x += 1 }
        while y < b.count && b[y] != 0x20 { y += 1 }
        return equal(canonicalFamily(UnsafeBufferPointer(rebasing: a[0..<x])), canonicalFamily(UnsafeBufferPointer(rebasing: b[0..<y])))
    }

    private static func edits(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, maxEdits: Int) -> UInt8 {
        let d = distance(a, b, limit: maxEdits)
        if d == 1 { return Level.Name.oneEdit }
        if d == 2 && maxEdits >= 2 { return Level.Name.twoEdits }
        return Level.Name.different
    }

    /// The same words in another order.
    static func sameMultiset(_ x: Words, _ a: UnsafeBufferPointer<UInt8>, _ y: Words, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var used: UInt16 = 0
        outer: for i in 0..<x.count {
            let w = x.word(i, in: a)
            for j in 0..<y.count where used & (1 << j) == 0 && equal(w, y.word(j, in: b)) {
                used |= 1 << j
                continue outer
            }
            return false
        }
        return true
    }

    /// Word by word equal, or one an initial of the other ("Nguyễn V. Hùng", folded "nguyen v hung").
    static func initials(_ x: Words, _ a: UnsafeBufferPointer<UInt8>, _ y: Words, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var any = false
        for k in 0..<x.count {
            let u = x.word(k, in: a), v = y.word(k, in: b)
            if equal(u, v) { continue }
            let uInitial = u.count == 1 || (u.count == 2 && u[1] == 0x2E)
            let vInitial = v.count == 1 || (v.count == 2 && v[1] == 0x2E)
            guard uInitial != vInitial, u[0] == v[0] else { return false }
            any = true
        }
        return any
    }

    /// `short`'s middle words appear in order among `long`'s (family and given name already equal).
    static func subsequence(_ short: Words, _ s: UnsafeBufferPointer<UInt8>, of long: Words, _ l: UnsafeBufferPointer<UInt8>) -> Bool {
        guard short.count >= 2 else { return false }
        var j = 1
        for k in 1..<(short.count - 1) {
            let w = short.word(k, in: s)
            while j < long.count - 1 && !equal(w, long.word(j, in: l)) { j += 1 }
            if j >= long.count - 1 { return false }
            j += 1
        }
        return true
    }

    /// Levenshtein distance of two byte strings, or `limit + 1` once it must exceed `limit`.
    static func distance(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.count > 64 || b.count > 64 { return limit + 1 }
        if a.isEmpty { return b.count }
        let big = limit + 1
        // Only the cells within `limit` of the diagonal: a path through any other costs more
        // than the limit, so the distance up to the limit (and "beyond" past it) is the same.
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * (b.count + 1)) { buffer -> Int in
            let n = b.count
            guard let base = buffer.baseAddress else { return big }
            var previous = base, current = base + (n + 1)
            for j in 0...n { previous[j] = j }
            for i in 1...a.count {
                let lo = max(1, i - limit), hi = min(n, i + limit)
                current[0] = i
                if lo > 1 { current[lo - 1] = big }
                var rowMin = lo == 1 ? i : big
                let ai = a[i - 1]
                for j in stride(from: lo, through: hi, by: 1) {
                    let cost = ai == b[j - 1] ? 0 : 1
                    let value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                    current[j] = value
                    rowMin = min(rowMin, value)
                }
                if hi < n { current[hi + 1] = big }
                if rowMin > limit { return big }
                swap(&previous, &current)
            }
            return min(previous[n], big)
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
