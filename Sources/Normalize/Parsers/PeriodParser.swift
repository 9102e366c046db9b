/// Reads the month a payment list covers ("kỳ chi trả"), as "YYYY-MM".
public enum PeriodParser {
    /// Words that announce a month: "tháng", "T" (as in "T3/2024"), "kỳ"/"kì" (period).
    static let markers: Set<String> = ["thang", "t", "ky", "ki"]
    /// How "kỳ" may be written; "ký" (signed) folds the same but is not a marker.
    static let periodWords: Set<String> = ["kỳ", "kì", "ky", "ki"]
    /// Words allowed between "kỳ" and the month: "kỳ chi trả 03/2024".
    static let fillers: Set<String> = ["chi", "tra"]

    /// Parses one period cell to "YYYY-MM".
    ///
    /// Accepted: `03/2024`, `3/2024`, `T3/2024`, `T03.2024`, `Tháng 3/2024`, `tháng 03 năm 2024`,
    /// `Thang 3/2024`, `THÁNG 12/2023`, `Kỳ 03/2024`, `2024-03`, `2024/03`, `03-2024`, `12.2023`,
    /// and any full date `DateParser` accepts (`15/03/2024` → "2024-03").
    /// Refused: a bare year, a two-digit year, a month outside 1–12, an Excel serial number.
    public static func parse(_ raw: String) -> Result<String, FieldError> {
        let shown = CellText.trimmed(raw)
        guard !shown.isEmpty else { return .failure(.empty) }
        let tokens = CellToken.tokenize(shown)
        let start = skipMarkers(tokens, from: 0)
        let rest = tokens[start...]
        if let period = monthYear(rest, shown: shown) { return period }

        if rest.count == 1, let digits = rest.first?.digits {
            if digits.count == 4 { return .failure(.quoting(shown, "is a year without a month")) }
            if digits.count == 5 {
                return .failure(.quoting(shown, "looks like an Excel serial date number, not a month; export the column as text"))
            }
        }
        // A full date stands for its month.
        let date = start > 0
            ? DateParser.numeric(rest, shown: shown) ?? .failure(notAPeriod(shown))
            : DateParser.parse(shown)
        switch date {
        case .success(let date):
            guard let month = date.month else { return .failure(.quoting(shown, "is a year without a month")) }
            return .success(format(year: date.year, month: month))
        case .failure(let error):
            // Pass on the calendar's own reason only for what looked like a full date.
            let looksLikeDate = rest.filter { $0.digits != nil }.count >= 3
            return .failure(looksLikeDate ? error : notAPeriod(shown))
        }
    }

    /// Finds the period in a title line such as "DANH SÁCH CHI TRẢ TRỢ CẤP THÁNG 03/2024" or
    /// "Danh sach chi tra thang 3 nam 2024"; nil when there is none.
    ///
    /// Only a month announced by "tháng", "T" or "kỳ" counts, so a bare year, a decision
    /// number ("số 12/2024/QĐ-UBND") or the date of signature ("ngày 05/04/2024",
    /// "ngày 05 tháng 04 năm 2024") is never taken for the period.
    public static func find(in text: String) -> String? {
        let tokens = CellToken.tokenize(text)
        for i in tokens.indices {
            guard isMarker(tokens[i]), let word = tokens[i].word else { continue }
            // "ngày 05 tháng 04 năm 2024" is a date of signature written out in words.
            if word == "thang", i >= 2, tokens[i - 1].digits != nil, tokens[i - 2].word == "ngay" { continue }
            // "ngay ky 05/04/2024" (signed on), written without diacritics.
            if i >= 1, tokens[i - 1].word == "ngay" { continue }
            let j = skipMarkers(tokens, from: i)
            if let period = period(startingAt: j, in: tokens) { return period }
        }
        return nil
    }

    // MARK: - Shapes

    /// The index after the run of marker words starting at `start` (or `start` itself).
    static func skipMarkers(_ tokens: [CellToken], from start: Int) -> Int {
        var j = start
        var afterPeriodWord = false
        while j < tokens.count, let word = tokens[j].word {
            if isMarker(tokens[j]) {
                afterPeriodWord = afterPeriodWord || word == "ky" || word == "ki"
            } else if !(afterPeriodWord && fillers.contains(word)) {
                break
            }
            j += 1
        }
        return j
    }

    private static func isMarker(_ token: CellToken) -> Bool {
        guard let word = token.word, markers.contains(word) else { return false }
        if word == "ky" || word == "ki" { return periodWords.contains(token.originalWord ?? "") }
        return true
    }

    /// The period written right after a marker in a title, if any.
    private static func period(startingAt start: Int, in tokens: [CellToken]) -> String? {
        guard start < tokens.count, tokens[start].digits != nil else { return nil }
        // The longest run "number (separator number)*" from `start`.
        var end = start + 1
        while end + 1 < tokens.count, case .separator = tokens[end], tokens[end + 1].digits != nil {
            end += 2
        }
        let group = tokens[start..<end]
        let shown = "" // never shown: failures here only mean "no period"
        switch group.count {
        case 5:
            if case .success(let date)? = DateParser.numeric(group, shown: shown), let month = date.month {
                return format(year: date.year, month: month)
            }
        case 3:
            if case .success(let period)? = monthYear(group, shown: shown) { return period }
        case 1:
            // "tháng 3 năm 2024", "tháng 3 2024"
            let upTo = min(start + 3, tokens.count)
            for slice in [tokens[start..<upTo], tokens[start..<min(start + 2, tokens.count)]] {
                if case .success(let period)? = monthYear(slice, shown: shown) { return period }
            }
        default:
            break
        }
        return nil
    }

    /// "03/2024", "2024-03", "03 năm 2024", "3 2024": a month and a four-digit year in either
    /// order. Nil when the tokens have another shape.
    static func monthYear(_ tokens: ArraySlice<CellToken>, shown: String) -> Result<String, FieldError>? {
        let t = Array(tokens)
        let pair: (String, String)
        switch t.count {
        case 2:
            guard let a = t[0].digits, let b = t[1].digits else { return nil }
            pair = (a, b)
        case 3:
            guard let a = t[0].digits, let b = t[2].digits else { return nil }
            if case .separator = t[1] {
                pair = (a, b)
            } else if t[1].word == "nam" {
                pair = (a, b)
            } else {
                return nil
            }
        default:
            return nil
        }
        let (a, b) = pair
        let month: String, year: String
        if a.count <= 2, b.count == 4 {
            (month, year) = (a, b)
        } else if a.count == 4, b.count <= 2, t[1].word != "nam" {
            (year, month) = (a, b)
        } else if a.count <= 2, b.count == 2 {
            return .failure(.quoting(shown, "has a two-digit year, which is ambiguous; the year must be written in full"))
        } else {
            return nil
        }
        return DateParser.validated(year: Int(year), month: Int(month), day: nil, shown: shown)
            .flatMap { date in
                guard let m = date.month else { return .failure(notAPeriod(shown)) }
                return .success(format(year: date.year, month: m))
            }
    }

    private static func format(year: Int, month: Int) -> String {
        "\(ParsedDate.zeroPadded(year, 4))-\(ParsedDate.zeroPadded(month, 2))"
    }

    private static func notAPeriod(_ shown: String) -> FieldError {
        .quoting(shown, "is not a month and year (expected e.g. 03/2024 or T3/2024)")
    }
}
