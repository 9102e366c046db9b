/// A citizen ID held compactly: kind 0 = none, 1 = 12-digit CCCD, 2 = 9-digit CMND.
struct CitizenID: Hashable {
    var kind: UInt8
    var value: UInt64

    static let none = CitizenID(kind: 0, value: 0)

    var isNone: Bool { kind == 0 }

    /// The digits: 12 for a CCCD (leading zeros kept), 9 for a CMND, "" for none.
    var digits: String {
        switch kind {
        case 1: let s = String(value); return String(repeating: "0", count: max(0, 12 - s.count)) + s
        case 2: let s = String(value); return String(repeating: "0", count: max(0, 9 - s.count)) + s
        default: return ""
        }
    }
}

/// Hands out unique citizen IDs consistent with birth year and sex:
/// 0 + the province's GSO code (44, Quảng Bình) + century/sex digit + two-digit year + 6-digit serial.
struct CitizenIDAllocator {
    /// Per province code (0–99) × century/sex × year: how many were handed out.
    private var counters = [Int](repeating: 0, count: 100 * 400)
    private var offsets: [Int]
    private var cmndCounter = 0
    private let cmndOffset: Int

    init(seed: UInt64) {
        var rng = Rng(seed: seed, stream: "citizen-ids")
        offsets = (0..<400).map { _ in rng.below(1_000_000) }
        cmndOffset = rng.below(9_000_000)
    }

    /// A fresh CCCD for a person of this sex born in this year, registered in a province.
    mutating func cccd(sex: Sex, year: Int, province: Int) -> CitizenID {
        let centurySex = (year >= 2000 ? 2 : 0) + Int(sex.rawValue)
        let key = centurySex * 100 + (year % 100)
        let p = min(max(province, 0), 99)
        let k = counters[p * 400 + key]
        counters[p * 400 + key] += 1
        // 7919 is prime to 10^6, so serials do not repeat before a million people per key and province.
        let serial = (offsets[key] + k * 7919) % 1_000_000
        let value = UInt64(p) * 1_000_000_000 + UInt64(centurySex) * 100_000_000 + UInt64(year % 100) * 1_000_000 + UInt64(serial)
        return CitizenID(kind: 1, value: value)
    }

    /// A fresh 9-digit CMND of the old card ("19" + 7 digits, Quảng Bình's range).
    mutating func cmnd() -> CitizenID {
        let k = cmndCounter
        cmndCounter += 1
        let serial = (cmndOffset + k * 7919) % 10_000_000
        return CitizenID(kind: 2, value: UInt64(190_000_000 + serial))
    }
}
