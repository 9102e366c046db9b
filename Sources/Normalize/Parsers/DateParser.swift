/// Reads dates as Vietnamese spreadsheets write them: always day before month, sometimes only
/// a month and year or a bare year.
public enum DateParser {
    /// The years accepted; anything outside is a typing slip.
    public static let years = 1800...2200

    /// Parses one date cell.
    ///
    /// Accepted: `dd/mm/yyyy`, `d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`, `yyyy-mm-dd`,
    /// `yyyy/mm/dd`, `ngày 5 tháng 3 năm 1950`, a bare year `1948` (also `1948.0` from a numeric
    /// Excel cell), a month and year `3/1950`, `03-1950`, `1950-03`, `tháng 3 năm 1950`, and a
    /// timestamp `1950-03-05 00:00:00` / `1950-03-05T00:00:00` (the time is ignored).
    /// Refused: two-digit years, Excel serial numbers, US month-first order, dates that do not
    /// exist, years outside 1800–2200.
    public static func parse(_ raw: String) -> Result<ParsedDate, FieldError> {
        let shown = CellText.trimmed(raw)
        guard !shown.isEmpty else { return .failure(.empty) }
        if let fast = FastPaths.date(shown) { return fast }
        let tokens = CellToken.tokenize(withoutTime(shown))
        guard let first = tokens.first else { return notADate(shown) }

        if first.word != nil {
            return words(tokens, shown: shown) ?? notADate(shown)
        }
        return numeric(tokens[...], shown: shown) ?? notADate(shown)
    }

    // MARK: - Shapes

    /// "ngày 5 tháng 3 năm 1950", "tháng 3 năm 1950", "năm 1950", "ngày 05/03/1950".
    private static func words(_ tokens: [CellToken], shown: String) -> Result<ParsedDate, FieldError>? {
        // Words as themselves, numbers as "#", separators as "/": the shape to match on.
        let labels = tokens.map { $0.word ?? ($0.digits == nil ? "/" : "#") }
        let numbers = tokens.map { $0.digits ?? "" }
        switch labels {
        case ["ngay", "#", "thang", "#", "nam", "#"]:
            return numbers[1].count <= 2 && numbers[3].count <= 2
                ? dayMonthYear(numbers[1], numbers[3], numbers[5], shown: shown) : nil
        case ["thang", "#", "nam", "#"]:
            return numbers[1].count <= 2 ? monthYear(numbers[1], numbers[3], shown: shown) : nil
        case ["nam", "#"]:
            return yearOnly(numbers[1], shown: shown)
        default:
            // A label in front of a written-out date: "ngày 05/03/1950", "tháng 3/1950".
            if labels[0] == "ngay" || labels[0] == "thang" {
                return numeric(tokens.dropFirst(), shown: shown)
            }
            return nil
        }
    }

    /// Digit groups joined by one kind of separator.
    static func numeric(_ tokens: ArraySlice<CellToken>, shown: String) -> Result<ParsedDate, FieldError>? {
        guard let group = CellToken.numberGroup(tokens) else { return nil }
        var numbers = group.numbers
        let separator = group.separator
        // A whole number read from a numeric Excel cell: "1948.0".
        if numbers.count == 2, separator == ".", numbers[1].allSatisfy({ $0 == "0" }), numbers[0].count >= 4 {
            numbers.removeLast()
        }
        let lengths = numbers.map(\.count)
        switch lengths.count {
        case 1:
            if lengths[0] == 4 { return yearOnly(numbers[0], shown: shown) }
            if lengths[0] == 5 {
                return .failure(.quoting(shown, "looks like an Excel serial date number, not a date; export the column as text"))
            }
            return nil
        case 2:
            if lengths[0] <= 2, lengths[1] == 4 { return monthYear(numbers[0], numbers[1], shown: shown) }
            if lengths[0] == 4, lengths[1] <= 2, separator != "." { return monthYear(numbers[1], numbers[0], shown: shown) }
            if lengths[0] <= 2, lengths[1] == 2 { return twoDigitYear(shown) }
            return nil
        case 3:
            if lengths[0] == 4, lengths[1] <= 2, lengths[2] <= 2 {
                return dayMonthYear(numbers[2], numbers[1], numbers[0], shown: shown)
            }
            guard lengths[0] <= 2, lengths[1] <= 2 else { return nil }
            if lengths[2] == 4 { return dayMonthYear(numbers[0], numbers[1], numbers[2], shown: shown) }
            if lengths[2] == 2 { return twoDigitYear(shown) }
            return nil
        default:
            return nil
        }
    }

    // MARK: - Calendar

    private static func yearOnly(_ y: String, shown: String) -> Result<ParsedDate, FieldError>? {
        guard y.count == 4 else { return y.count == 2 ? twoDigitYear(shown) : nil }
        return validated(year: Int(y), month: nil, day: nil, shown: shown)
    }

    private static func monthYear(_ m: String, _ y: String, shown: String) -> Result<ParsedDate, FieldError>? {
        guard y.count == 4 else { return y.count == 2 ? twoDigitYear(shown) : nil }
        return validated(year: Int(y), month: Int(m), day: nil, shown: shown)
    }

    private static func dayMonthYear(_ d: String, _ m: String, _ y: String, shown: String) -> Result<ParsedDate, FieldError>? {
        guard y.count == 4 else { return y.count == 2 ? twoDigitYear(shown) : nil }
        guard let day = Int(d) else { return nil }
        return validated(year: Int(y), month: Int(m), day: day, shown: shown)
    }

    /// Checks a date against the real calendar. `shown` is the cell text quoted in the error.
    static func validated(year: Int?, month: Int?, day: Int?, shown: String) -> Result<ParsedDate, FieldError> {
        guard let year else { return notADate(shown) }
        guard years.contains(year) else {
            return .failure(.quoting(shown, "has year \(year), outside \(years.lowerBound)–\(years.upperBound)"))
        }
        if let month {
            guard (1...12).contains(month) else {
                // Most often a US-style month-first date.
                let hint = (day.map { (1...12).contains($0) } ?? false) ? "; Vietnamese dates put the day first" : ""
                return .failure(.quoting(shown, "is not a real date (there is no month \(month)\(hint))"))
            }
            if let day, !(1...daysIn(month: month, year: year)).contains(day) {
                return .failure(.quoting(shown, "is not a real date"))
            }
        } else if day != nil {
            return notADate(shown)
        }
        return .success(ParsedDate(year: year, month: month, day: day))
    }

    /// Days in a month of the Gregorian calendar.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }

    // MARK: - Helpers

    /// Drops a time of day after the date ("1950-03-05 00:00:00", "1950-03-05T00:00:00"):
    /// Excel date cells arrive that way, and a birth date has no time.
    private static func withoutTime(_ text: String) -> String {
        let timeCharacters = Set("0123456789:.+-Z ")
        var previous: Character? = nil
        for index in text.indices {
            let ch = text[index]
            defer { previous = ch }
            guard ch == " " || ch == "T", previous.map(CellText.isDigit) == true else { continue }
            let tail = text[text.index(after: index)...]
            if tail.contains(":"), tail.first.map(CellText.isDigit) == true, tail.allSatisfy(timeCharacters.contains) {
                return String(text[..<index])
            }
        }
        return text
    }

    private static func twoDigitYear(_ shown: String) -> Result<ParsedDate, FieldError> {
        .failure(.quoting(shown, "has a two-digit year, which is ambiguous; the year must be written in full"))
    }

    private static func notADate(_ shown: String) -> Result<ParsedDate, FieldError> {
        .failure(.quoting(shown, "is not a date (expected dd/mm/yyyy, mm/yyyy or yyyy)"))
    }
}
