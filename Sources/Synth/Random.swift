/// SplitMix64: used to expand one seed into independent stream seeds.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256**: the generator behind every random choice of the synthesizer.
///
/// Everything here is written out by hand (no `Int.random(in:using:)`, no `shuffle(using:)`)
/// so that the output depends only on this code, not on the standard library's algorithms.
struct Rng {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// A stream for one purpose: the same (seed, purpose, index) always gives the same stream.
    init(seed: UInt64, stream: String, index: Int = 0) {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 // FNV-1a over the purpose name
        for b in stream.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        var mix = SplitMix64(seed: seed ^ h ^ (UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15))
        s0 = mix.next(); s1 = mix.next(); s2 = mix.next(); s3 = mix.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    mutating func next() -> UInt64 {
        let result = Rng.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = Rng.rotl(s3, 45)
        return result
    }

    /// Uniform integer in 0..<n (n > 0), by Lemire's multiply-high (no rejection: the bias is
    /// below 2^-40 for the ranges used here and the result stays deterministic).
    mutating func below(_ n: Int) -> Int {
        precondition(n > 0, "below(0)")
        return Int(next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// Uniform integer in a closed range.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// Uniform double in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// True with probability p.
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// One element of a non-empty array.
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// An index drawn with the given integer weights (cumulative table).
    mutating func weighted(_ cumulative: [Int]) -> Int {
        guard let total = cumulative.last, total > 0 else { return 0 }
        let r = below(total)
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > r { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// Fisher–Yates shuffle in place.
    mutating func shuffle<T>(_ items: inout [T]) {
        var i = items.count - 1
        while i > 0 {
            let j = below(i + 1)
            if i != j { items.swapAt(i, j) }
            i -= 1
        }
    }

    /// k distinct indices of 0..<n, in increasing order (k ≤ n).
    mutating func sample(_ k: Int, of n: Int) -> [Int] {
        if k <= 0 { return [] }
        if k >= n { return Array(0..<n) }
        var all = Array(0..<n)
        for i in 0..<k {
            let j = i + below(n - i)
            all.swapAt(i, j)
        }
        return all[0..<k].sorted()
    }
}

/// Cumulative weights for `Rng.weighted`.
func cumulative(_ weights: [Int]) -> [Int] {
    var out: [Int] = []
    out.reserveCapacity(weights.count)
    var sum = 0
    for w in weights { sum += w; out.append(sum) }
    return out
}
