import Pipeline
import VietText

/// The field-level parsers of the configuration's code lists and of names, bound to one run.
/// A class: its methods are passed around as closures row after row, and a closure over a
/// struct would copy it, with all its caches, each time.
final class FieldParsers {
    let codes: CodeBook
    let communes: AdminUnitResolver
    /// Code cells repeat endlessly ("Đang hưởng", "TM"): each list remembers each text's answer.
    private var codeMemos: [String: ParseMemo<String>] = [:]
    /// So do amounts, dates, periods and free-text categories: the same cell text, the same answer.
    private let amounts = ParseMemo<Int64>(), counts = ParseMemo<Int64>(), control = ParseMemo<Int64>()
    private let fullDates = ParseMemo<String>(), dates = ParseMemo<ParsedDate>(), periods = ParseMemo<String>()
    private let texts = ParseMemo<String>(), years = ParseMemo<Int>()

    init(codes: CodeBook, communes: AdminUnitResolver) {
        self.codes = codes
        self.communes = communes
    }

    /// A name in NFC with single spaces, and its folded match key.
    func name(_ text: String) -> Result<(name: String, key: String), FieldError> {
        let clean = VietText.clean(text)
        let key = VietText.fold(clean)
        guard !key.isEmpty else { return .failure(FieldError(reason: "'\(text)' holds no letters")) }
        // A key with an ASCII letter came from a letter; otherwise look at the characters.
        guard key.utf8.contains(where: { $0 >= 0x61 && $0 <= 0x7A }) || clean.contains(where: \.isLetter) else { return .failure(FieldError(reason: "'\(text)' is not a name")) }
        return .success((clean, key))
    }

    /// A word of a configured code list, by list name and cell text ("Đang hưởng" → active).
    func code(_ list: String, _ text: String) -> Result<String, FieldError> {
        let memo: ParseMemo<String>
        if let known = codeMemos[list] { memo = known } else { memo = ParseMemo(); codeMemos[list] = memo }
        return memo.answer(text) { text in
            if let code = codes.code(list, for: text) { return .success(code) }
            return .failure(FieldError(reason: "'\(text)' is not a known \(list) (expected one of: \(codes.codes(list).joined(separator: ", ")))"))
        }
    }

    /// Free text, cleaned.
    func text(_ text: String) -> Result<String, FieldError> {
        texts.answer(text) { .success(VietText.clean($0)) }
    }

    /// A date, as `DateParser` reads it.
    func date(_ text: String) -> Result<ParsedDate, FieldError> {
        dates.answer(text, DateParser.parse)
    }

    /// A payment month, as `PeriodParser` reads it.
    func period(_ text: String) -> Result<String, FieldError> {
        periods.answer(text, PeriodParser.parse)
    }

    /// The amount of a totals row's cell (or of a row summed toward it), as written.
    func controlAmount(_ raw: String) -> Int64? {
        try? control.answer(raw, MoneyParser.parse).get()
    }

    /// A beneficiary or household code: letters and digits, upper case.
    func beneficiaryCode(_ text: String) -> Result<String, FieldError> {
        guard let code = BeneficiaryCode.normalize(text) else {
            return .failure(FieldError(reason: "'\(text)' holds no letters or digits"))
        }
        return .success(code)
    }

    /// A full calendar date (ISO); a date known only to the year or month is not enough.
    func fullDate(_ text: String) -> Result<String, FieldError> {
        fullDates.answer(text, Self.fullDate)
    }

    private static func fullDate(_ text: String) -> Result<String, FieldError> {
        switch DateParser.parse(text) {
        case .failure(let error): return .failure(error)
        case .success(let date):
            guard let iso = date.iso else { return .failure(FieldError(reason: "'\(text)' gives no day and month")) }
            return .success(iso)
        }
    }

    /// An amount of money: whole đồng, at most a trillion (no allowance or payment line comes
    /// near; a larger number is a typing slip or a merged cell, and would overflow the sums).
    func amount(_ text: String) -> Result<Int64, FieldError> {
        amounts.answer(text, Self.amount)
    }

    private static func amount(_ text: String) -> Result<Int64, FieldError> {
        switch MoneyParser.parse(text) {
        case .success(let n) where n > 1_000_000_000_000:
            return .failure(FieldError(reason: "'\(text)' is implausibly large for one amount"))
        case let other: return other
        }
    }

    /// A count of households or people.
    func count(_ text: String) -> Result<Int64, FieldError> {
        counts.answer(text, Self.count)
    }

    private static func count(_ text: String) -> Result<Int64, FieldError> {
        switch MoneyParser.parse(text) {
        case .success(let n): return .success(n)
        case .failure: return .failure(FieldError(reason: "'\(text)' is not a whole number"))
        }
    }

    /// A year, 1900–2200, written alone or as a date.
    func year(_ text: String) -> Result<Int, FieldError> {
        years.answer(text, Self.year)
    }

    private static func year(_ text: String) -> Result<Int, FieldError> {
        switch DateParser.parse(text) {
        case .success(let date) where (1900...2200).contains(date.year): return .success(date.year)
        default: return .failure(FieldError(reason: "'\(text)' is not a year"))
        }
    }
}

/// Answers of one parser by cell text, for cells that repeat. Bounded: past `limit` texts it
/// starts afresh, so a column of unique values costs a little hashing and no more memory.
final class ParseMemo<T> {
    private var answers: [String: Result<T, FieldError>] = [:]
    private let limit: Int

    init(limit: Int = 50_000) { self.limit = limit }

    @inline(__always)
    func answer(_ text: String, _ parse: (String) -> Result<T, FieldError>) -> Result<T, FieldError> {
        if let hit = answers[text] { return hit }
        let result = parse(text)
        if answers.count >= limit { answers.removeAll(keepingCapacity: true) }
        answers[text] = result
        return result
    }
}
