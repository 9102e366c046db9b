/// How a header row is spelled.
enum HeaderStyle {
    /// "Họ và tên"
    case diacritics
    /// "Ho va ten"
    case plain
    /// "HỌ VÀ TÊN"
    case upper
    /// "HO_VA_TEN"
    case code
}

/// The look of one generated file: dialect, title rows, header spelling, value styles.
struct FileSpec {
    var dialect: Dialect
    /// Title rows above the header (0–3).
    var titles: Int = 0
    /// Whether title rows are padded with delimiters to the table width (Excel does).
    var padTitles: Bool = false
    var header: HeaderStyle = .diacritics
    /// Which alias of each column the header uses.
    var labelVariant: Int = 0
    /// First cell of the totals row at the bottom, nil for none.
    var totals: String? = nil
    var names: NameStyle = .nfc
    var dates: DateStyle = .dmySlash
    var money: MoneyStyle = .dots
    var communes: CommuneStyle = .full
    /// Share of rows whose commune has the old tone placement ("Hoà").
    var oldTone: Double = 0.1
    var ids: IDStyle = .plain
    /// Share of rows with a blank row after them.
    var blanks: Double = 0.002
    /// Share of rows typed in another style than the file's (names, dates, IDs, communes).
    var drift: Double = 0.05
    /// Extra columns the pipeline does not know: a row number, an address, a note (with the
    /// occasional two-line note), an empty signature column.
    var stt: Bool = true
    var address: Bool = false
    var notes: Bool = false
    var signature: Bool = false

    init(_ encoding: FileEncoding, _ delimiter: Character, crlf: Bool) {
        dialect = encoding == .utf16LE ? Dialect.utf16Text() : Dialect(encoding: encoding, delimiter: delimiter, crlf: crlf)
    }

    /// Applies changes and returns the spec (for table-like declarations).
    func with(_ change: (inout FileSpec) -> Void) -> FileSpec {
        var copy = self
        change(&copy)
        return copy
    }

    /// The header label for a list of aliases, in this file's style.
    func label(_ aliases: [String]) -> String {
        let raw = aliases[labelVariant % aliases.count]
        switch header {
        case .diacritics: return raw
        case .plain: return TextVariants.stripDiacritics(raw)
        case .upper: return raw.uppercased()
        case .code:
            var out = ""
            var pendingUnderscore = false
            for ch in TextVariants.stripDiacritics(raw).uppercased() {
                if ch.isLetter || ch.isNumber {
                    if pendingUnderscore && !out.isEmpty { out.append("_") }
                    pendingUnderscore = false
                    out.append(ch)
                } else {
                    pendingUnderscore = true
                }
            }
            return out
        }
    }
}

/// Which pointers a district's payment lists carry.
enum PaymentPointers {
    case codeAndID, codeOnly, idOnly, none

    var hasCode: Bool { self == .codeAndID || self == .codeOnly }
    var hasID: Bool { self == .codeAndID || self == .idOnly }
}

/// How a district splits its payment lists into files.
enum PaymentFiles {
    /// One file of the period only.
    case single
    /// One file holding the previous month and the period; `interleaved` puts a person's two
    /// lines together, otherwise the months come in sections (`periodFirst` orders them).
    case bothMonths(interleaved: Bool, periodFirst: Bool)
    /// The period in two payment rounds (dot1, dot2), plus the previous month's file if asked.
    case rounds(previousFile: Bool)
    /// One file per month.
    case perMonth
}
