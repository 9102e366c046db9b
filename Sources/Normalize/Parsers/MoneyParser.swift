import VietText

/// Reads amounts of money in whole đồng (VND).
public enum MoneyParser {
    /// Currency words written before or after the amount, lower case.
    private static let suffixes = ["vnđ", "vnd", "đồng", "dong", "đ", "₫"]
    private static let prefixes = ["vnđ", "vnd", "₫"]

    /// Parses one amount cell to whole đồng.
    ///
    /// Accepted: `2.055.000`, `2,055,000`, `2055000`, `2 055 000`, `2.055.000 đ`, `2.055.000đ`,
    /// `2055000VND`, `2.055.000,00`, `2,055,000.00`, `2055000.0` (an Excel float).
    /// A single "." or "," followed by exactly three digits is a thousands separator
    /// (`2.055` and `2,055` are 2055); otherwise it is a decimal point, and a fraction other
    /// than zero is refused (`2,5`, `2.50`). Refused too: negative amounts, words, scientific notation,
    /// misplaced separators, amounts beyond `Int64`.
    public static func parse(_ raw: String) -> Result<Int64, FieldError> {
        let shown = CellText.trimmed(raw)
        guard !shown.isEmpty else { return .failure(.empty) }
        if let fast = FastPaths.money(shown) { return .success(fast) }
        let body = withoutCurrency(shown)
        guard !body.isEmpty else { return .failure(.quoting(shown, "has no digits")) }

        if body.hasPrefix("-") || body.hasPrefix("\u{2212}") || (body.hasPrefix("(") && body.hasSuffix(")")) {
            return .failure(.quoting(shown, "is negative"))
        }
        if body.contains(where: { $0 == "e" || $0 == "E" }),
           body.allSatisfy({ CellText.isDigit($0) || "eE+-.,".contains($0) }) {
            return .failure(.quoting(shown, "is in scientific notation, so digits may have been lost; export the column as text"))
        }
        guard body.allSatisfy({ CellText.isDigit($0) || $0 == "." || $0 == "," || $0 == " " }) else {
            return .failure(.quoting(shown, "is not a number"))
        }

        // Digit groups and the separators between them.
        var groups: [String] = [""]
        var separators: [Character] = []
        for ch in body {
            if CellText.isDigit(ch) {
                groups[groups.count - 1].append(ch)
            } else {
                separators.append(ch)
                groups.append("")
            }
        }
        guard !groups.contains(where: \.isEmpty) else {
            return .failure(.quoting(shown, "is not a well-formed number"))
        }

        guard let decimalAt = decimalSeparatorIndex(separators, groups) else {
            return .failure(.quoting(shown, "mixes separators in a way that is not a number"))
        }
        let whole = decimalAt.map { Array(groups[...$0]) } ?? groups
        if whole.count > 1 && !isThousandsGrouping(whole) {
            return .failure(.quoting(shown, "has misplaced thousands separators"))
        }
        if let decimalAt, groups[decimalAt + 1].contains(where: { $0 != "0" }) {
            return .failure(.quoting(shown, "is not a whole number of đồng"))
        }

        var value: Int64 = 0
        for ch in whole.joined() {
            guard let digit = ch.wholeNumberValue else { return .failure(.quoting(shown, "is not a number")) }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int64(digit))
            if o1 || o2 { return .failure(.quoting(shown, "is too large")) }
            value = sum
        }
        return .success(value)
    }

    // MARK: - Helpers

    /// Where the decimal separator is among `separators`: `.some(nil)` when there is none,
    /// nil when the separators contradict each other.
    private static func decimalSeparatorIndex(_ separators: [Character], _ groups: [String]) -> Int?? {
        let marks = separators.filter { $0 != " " }
        guard let last = marks.last else { return .some(nil) } // only spaces: thousands
        guard let lastIndex = separators.lastIndex(of: last) else { return nil }
        let count = marks.filter { $0 == last }.count
        let mixed = marks.contains { $0 != last }
        if mixed {
            // "2.055.000,00", "2,055,000.00": the last kind is the decimal point, used once.
            return count == 1 && lastIndex == separators.count - 1 ? .some(lastIndex) : nil
        }
        if count > 1 { return .some(nil) } // "2.055.000": thousands only
        // One "." or ",": thousands when followed by three digits ("2.055"; "2055.000" is then
        // refused as misplaced grouping rather than guessed at), else a decimal point.
        if isThousandsGrouping(groups) || groups[lastIndex + 1].count == 3 { return .some(nil) }
        return lastIndex == separators.count - 1 ? .some(lastIndex) : nil
    }

    /// First group 1–3 digits, every other exactly 3.
    private static func isThousandsGrouping(_ groups: [String]) -> Bool {
        guard let first = groups.first, (1...3).contains(first.count) else { return false }
        return groups.dropFirst().allSatisfy { $0.count == 3 }
    }

    /// The text without a currency word or sign before or after the number.
    private static func withoutCurrency(_ text: String) -> String {
        let lower = text.lowercased()
        for unit in suffixes where lower.hasSuffix(unit) {
            return VietText.clean(String(text.dropLast(unit.count)))
        }
        for unit in prefixes where lower.hasPrefix(unit) {
            return VietText.clean(String(text.dropFirst(unit.count)))
        }
        return text
    }
}
