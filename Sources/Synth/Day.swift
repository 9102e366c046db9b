/// A calendar day, or a bare year when month and day are 0 (birth dates of elderly people).
struct Day: Comparable, Hashable {
    var year: Int16
    var month: UInt8
    var day: UInt8

    init(_ year: Int, _ month: Int, _ day: Int) {
        self.year = Int16(year); self.month = UInt8(month); self.day = UInt8(day)
    }

    /// A birth date known only by its year.
    static func yearOnly(_ year: Int) -> Day { Day(year, 0, 0) }

    var y: Int { Int(year) }
    var m: Int { Int(month) }
    var d: Int { Int(day) }
    /// True when only the year is known.
    var isYearOnly: Bool { month == 0 }

    static func < (a: Day, b: Day) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    static func daysIn(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// A uniformly drawn day of the given year.
    static func random(in year: Int, _ rng: inout Rng) -> Day {
        let m = rng.int(1...12)
        return Day(year, m, rng.int(1...daysIn(year, m)))
    }

    /// A uniformly drawn day of the given month.
    static func random(in year: Int, month: Int, _ rng: inout Rng) -> Day {
        Day(year, month, rng.int(1...daysIn(year, month)))
    }

    /// Compact integer key: yyyymmdd.
    var packed: Int { y * 10_000 + m * 100 + d }
}

/// A payment month ("2023-12").
struct Month: Comparable, Hashable {
    let year: Int
    let month: Int

    init(year: Int, month: Int) { self.year = year; self.month = month }

    /// Parses "yyyy-mm".
    init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m) else { return nil }
        year = y; month = m
    }

    var previous: Month { month == 1 ? Month(year: year - 1, month: 12) : Month(year: year, month: month - 1) }
    var next: Month { month == 12 ? Month(year: year + 1, month: 1) : Month(year: year, month: month + 1) }
    var lastDay: Day { Day(year, month, Day.daysIn(year, month)) }
    var firstDay: Day { Day(year, month, 1) }
    /// "2023-12".
    var iso: String { "\(year)-" + (month < 10 ? "0\(month)" : "\(month)") }

    static func < (a: Month, b: Month) -> Bool { (a.year, a.month) < (b.year, b.month) }

    /// The month a day falls in.
    static func of(_ d: Day) -> Month { Month(year: d.y, month: d.m) }
}
