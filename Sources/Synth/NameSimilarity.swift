/// The name comparisons of the pipeline's matcher, on folded ASCII bytes: "within edit
/// distance 2" and "the same words reordered". The generator uses them to keep unplanted people
/// apart and to check that planted look-alikes are look-alike.
enum NameSimilarity {
    /// True when the Levenshtein distance of a and b is at most `limit` (banded, early exit).
    static func within(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Bool {
        let n = a.count, m = b.count
        if abs(n - m) > limit { return false }
        if n == 0 || m == 0 { return max(n, m) <= limit }
        let big = limit + 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * (m + 1)) { buffer -> Bool in
            var prev = 0, cur = m + 1   // offsets of the two rows in the buffer
            for j in 0...m { buffer[prev + j] = j <= limit ? j : big }
            for i in 1...n {
                let lo = max(1, i - limit), hi = min(m, i + limit)
                for j in 0...m { buffer[cur + j] = big }
                if i <= limit { buffer[cur] = i }
                var rowMin = buffer[cur]
                if lo <= hi {
                    for j in lo...hi {
                        let cost = a[i - 1] == b[j - 1] ? 0 : 1
                        var v = buffer[prev + j - 1] + cost
                        let del = buffer[prev + j] + 1, ins = buffer[cur + j - 1] + 1
                        if del < v { v = del }
                        if ins < v { v = ins }
                        if v > big { v = big }
                        buffer[cur + j] = v
                        if v < rowMin { rowMin = v }
                    }
                }
                if rowMin > limit { return false }
                swap(&prev, &cur)
            }
            return buffer[prev + m] <= limit
        }
    }

    /// True when a and b hold the same words in another order.
    static func reordered(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        if a.count != b.count || a == b { return false }
        // Same words in any order have the same letters: a cheap test first.
        var sumA = 0, sumB = 0, sqA = 0, sqB = 0
        for x in a { sumA += Int(x); sqA += Int(x) * Int(x) }
        for x in b { sumB += Int(x); sqB += Int(x) * Int(x) }
        if sumA != sumB || sqA != sqB { return false }
        let wa = a.split(separator: 0x20).map { Array($0) }.sorted { $0.lexicographicallyPrecedes($1) }
        let wb = b.split(separator: 0x20).map { Array($0) }.sorted { $0.lexicographicallyPrecedes($1) }
        return wa == wb
    }

    /// The matcher's "names agree": equal, reordered, or within edit distance 2.
    static func similar(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a == b || within(a, b, limit: 2) || reordered(a, b)
    }
}
