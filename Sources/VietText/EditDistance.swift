extension VietText {
    /// Levenshtein distance between two strings, counted over Unicode scalars (insertions,
    /// deletions and substitutions of one scalar each cost 1), for matching short folded names.
    ///
    /// Only distances up to `limit` are computed exactly: as soon as the distance must exceed
    /// `limit` the answer is `limit + 1`, so the work is O(length × limit), not O(length²).
    /// A negative `limit` counts as 0.
    public static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
        let limit = max(0, limit)
        let over = limit + 1
        var s = Array(a.unicodeScalars)
        var t = Array(b.unicodeScalars)
        // The shorter string indexes the rows, so the band is never wider than needed.
        if s.count > t.count { swap(&s, &t) }
        let n = s.count, m = t.count
        if m - n > limit { return over }
        if n == 0 { return m }

        // Cells outside the diagonal band |i - j| <= limit hold `over`, meaning "too far". The
        // band only moves right, so cells past its right edge are never written and keep `over`;
        // the one cell left of it is set on each row.
        var previous = [Int](repeating: over, count: m + 1)
        var current = [Int](repeating: over, count: m + 1)
        for j in 0...min(m, limit) { previous[j] = j }

        for i in 1...n {
            let low = max(1, i - limit)
            let high = min(m, i + limit)
            current[low - 1] = low == 1 ? min(i, over) : over
            var rowBest = current[low - 1]
            if low <= high {
                for j in low...high {
                    let substitution = previous[j - 1] + (s[i - 1] == t[j - 1] ? 0 : 1)
                    let value = min(substitution, previous[j] + 1, current[j - 1] + 1, over)
                    current[j] = value
                    rowBest = min(rowBest, value)
                }
            }
            if rowBest > limit { return over }
            swap(&previous, &current)
        }
        return min(previous[m], over)
    }

    /// True when both strings hold the same words, counting repeats, in any order:
    /// "nguyen van hung" and "hung nguyen van". Words are separated by white space; callers
    /// fold first when case and diacritics should not matter.
    public static func sameWordsReordered(_ a: String, _ b: String) -> Bool {
        let wordsA = a.split(whereSeparator: \.isWhitespace).sorted()
        let wordsB = b.split(whereSeparator: \.isWhitespace).sorted()
        return wordsA == wordsB
    }
}
