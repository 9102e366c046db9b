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
        return "\(Self.zeroPadded(year, 4))-\(Self.zeroPadded(month, 2))-\(Self.zeroPadded(day, 2))"
    }
}

extension ParsedDate {
    /// `n` in decimal with leading zeros up to `width` digits (3 → "03").
    static func zeroPadded(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
