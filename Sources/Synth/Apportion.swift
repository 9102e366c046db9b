/// Largest-remainder apportionment: splits `total` into integers proportional to `weights`
/// (ties go to the lower index), so the parts always sum to `total`.
func apportion(_ total: Int, _ weights: [Double]) -> [Int] {
    guard !weights.isEmpty else { return [] }
    let sum = weights.reduce(0, +)
    guard sum > 0, total > 0 else { return [Int](repeating: 0, count: weights.count) }
    var parts: [Int] = []
    var remainders: [(Double, Int)] = []
    var assigned = 0
    for (i, w) in weights.enumerated() {
        let exact = Double(total) * w / sum
        let whole = Int(exact.rounded(.down))
        parts.append(whole)
        assigned += whole
        remainders.append((exact - Double(whole), i))
    }
    remainders.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
    var k = 0
    while assigned < total {
        parts[remainders[k % remainders.count].1] += 1
        assigned += 1
        k += 1
    }
    return parts
}
