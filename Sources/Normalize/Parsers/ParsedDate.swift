/// A calendar date that may be known only to the month or the year, as birth dates of elderly
/// people often are.
public struct ParsedDate: Equatable, Hashable, Sendable {
    /// The year, 1800–2200 when it came from `DateParser`.
    public let year: Int
    /// The month 1–12, or nil when only the year is known.
    public let month: Int?
    /// The day of the month, or nil when only the month or year is known.
    public let day: Int?

    /// Creates a date. `DateParser` only ever creates real calendar dates.
    public init(year: Int, month: Int? = nil, day: Int? = nil) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// "YYYY-MM-DD" when day and month are known, otherwise nil.
    public var iso: String? {
        guard let month, let day else { return nil }
        // Ten ASCII bytes for the four-digit years a parsed date has: no intermediate strings.
        guard (1000...9999).contains(year), (1...12).contains(month), (1...31).contains(day) else {
            return "\(Self.zeroPadded(year, 4))-\(Self.zeroPadded(month, 2))-\(Self.zeroPadded(day, 2))"
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { out in
            out[0] = UInt8(0x30 + year / 1000); out[1] = UInt8(0x30 + year / 100 % 10)
            out[2] = UInt8(0x30 + year / 10 % 10); out[3] = UInt8(0x30 + year % 10)
            out[4] = 0x2D; out[5] = UInt8(0x30 + month / 10); out[6] = UInt8(0x30 + month % 10)
            out[7] = 0x2D; out[8] = UInt8(0x30 + day / 10); out[9] = UInt8(0x30 + day % 10)
            return String(decoding: out, as: UTF8.self)
        }
    }
}

extension ParsedDate {
    /// `n` in decimal with leading zeros up to `width` digits (3 → "03").
    static func zeroPadded(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
