import Foundation

/// How many decimals a published figure was written with (110 → 0, 107.4 → 1, 120.45 → 2).
enum PublishedPrecision {
    static func decimals(of value: Double) -> Int {
        for places in 0...4 {
            let scale = pow(10.0, Double(places))
            if abs((value * scale).rounded() - value * scale) < 1e-6 { return places }
        }
        return 4
    }
}
