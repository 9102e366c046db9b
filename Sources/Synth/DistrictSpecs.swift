/// Everything that differs from one district's exports to another's: folder name, file
/// dialects, which columns the payment lists carry, and the district's weights (population,
/// poverty, labour export) that spread the provincial totals.
struct DistrictSpec {
    var folder: String
    var population: Double
    var poorFactor: Double
    var nearPoorFactor: Double
    var abroadFactor: Double
    var nccShare: Double

    var beneficiaries: FileSpec
    var payments: FileSpec
    var pointers: PaymentPointers
    /// Payment lists give only the birth year ("Năm sinh") instead of the registry's birth date.
    var paymentYearOnly: Bool
    var paymentFiles: PaymentFiles
    var monthStyle: MonthStyle
    var households: FileSpec
    var householdTotals: FileSpec
    var recruitment: FileSpec

    /// The specs of Quảng Bình's districts, by GSO code; any other code gets a rotation of them
    /// (and its code as folder name).
    static func spec(for code: String, index: Int) -> DistrictSpec {
        spec(for: SynthDistrict(index: index, code: code, name: code, provinceCode: 44, communes: []), national: false)
    }

    /// The spec of a district of the gazetteer, as above. In a national gazetteer every folder is named after its district's code and name in the
    /// rotated district's style (district names repeat across provinces, codes do not).
    static func spec(for district: SynthDistrict, national: Bool) -> DistrictSpec {
        let codes = ["450", "452", "453", "454", "455", "456", "457", "458"]
        let rotation = district.index % codes.count
        if !national, let s = known[district.code] { return s }
        var s = known[district.code] ?? known[codes[rotation]] ?? fallback
        s.folder = national ? FolderNames.national(code: district.code, name: district.name, style: rotation) : district.code
        return s
    }

    private static let fallback: DistrictSpec = {
        let f = FileSpec(.utf8, ",", crlf: false)
        return DistrictSpec(folder: "", population: 100, poorFactor: 1, nearPoorFactor: 1, abroadFactor: 1, nccShare: 0.4,
                            beneficiaries: f, payments: f, pointers: .codeAndID, paymentYearOnly: false,
                            paymentFiles: .single, monthStyle: .slash, households: f, householdTotals: f, recruitment: f)
    }()

    private static let known: [String: DistrictSpec] = [
        "450": DistrictSpec(
            folder: "450-dong-hoi", population: 133, poorFactor: 0.25, nearPoorFactor: 0.45, abroadFactor: 0.6, nccShare: 0.37,
            beneficiaries: FileSpec(.utf8BOM, ",", crlf: true).with {
                $0.titles = 2; $0.padTitles = true; $0.totals = "Tổng cộng"; $0.dates = .dmySlash; $0.money = .dots
                $0.communes = .full; $0.blanks = 0; $0.address = true; $0.notes = true
            },
            payments: FileSpec(.utf8BOM, ",", crlf: true).with {
                $0.titles = 3; $0.padTitles = true; $0.totals = "Tổng cộng"; $0.money = .commas; $0.communes = .bare
                $0.labelVariant = 1; $0.notes = true
            },
            pointers: .codeAndID, paymentYearOnly: false, paymentFiles: .single, monthStyle: .slash,
            households: FileSpec(.tcvn3, ",", crlf: false).with { $0.titles = 1 },
            householdTotals: FileSpec(.vniMojibake, ",", crlf: false),
            recruitment: FileSpec(.utf8BOM, ";", crlf: true).with { $0.titles = 2; $0.dates = .dmySlash; $0.notes = true }
        ),
        "452": DistrictSpec(
            folder: "Minh Hóa", population: 50, poorFactor: 4.5, nearPoorFactor: 2.0, abroadFactor: 0.5, nccShare: 0.35,
            beneficiaries: FileSpec(.cp1258, ",", crlf: true).with {
                $0.titles = 1; $0.header = .upper; $0.labelVariant = 1; $0.names = .upper; $0.dates = .dmyShort
                $0.money = .plain; $0.communes = .abbrev; $0.ids = .dropZero; $0.blanks = 0.003
            },
            payments: FileSpec(.cp1258, ";", crlf: true).with {
                $0.titles = 2; $0.totals = "Cộng"; $0.money = .dotsDong; $0.communes = .bare; $0.labelVariant = 2
                $0.signature = true; $0.notes = true
            },
            pointers: .codeOnly, paymentYearOnly: false, paymentFiles: .bothMonths(interleaved: false, periodFirst: false),
            monthStyle: .t,
            households: FileSpec(.cp1258, ";", crlf: true).with { $0.titles = 2; $0.header = .upper; $0.communes = .bare },
            householdTotals: FileSpec(.cp1258, ",", crlf: true).with { $0.titles = 1; $0.labelVariant = 1 },
            recruitment: FileSpec(.utf16LE, "\t", crlf: true).with { $0.titles = 1; $0.header = .plain; $0.dates = .dmyShort }
        ),
        "453": DistrictSpec(
            folder: "453", population: 80, poorFactor: 2.0, nearPoorFactor: 1.3, abroadFactor: 1.0, nccShare: 0.42,
            beneficiaries: FileSpec(.utf16LE, "\t", crlf: true).with {
                $0.header = .code; $0.labelVariant = 2; $0.dates = .iso; $0.money = .plain; $0.communes = .full
                $0.blanks = 0; $0.stt = false
            },
            payments: FileSpec(.utf8, ";", crlf: false).with {
                $0.titles = 1; $0.header = .plain; $0.totals = "Tổng cộng"; $0.money = .plain; $0.communes = .full
                $0.drift = 0.1
            },
            pointers: .idOnly, paymentYearOnly: false, paymentFiles: .rounds(previousFile: false), monthStyle: .thang,
            households: FileSpec(.utf16LE, "\t", crlf: true).with { $0.titles = 1; $0.header = .code; $0.labelVariant = 1 },
            householdTotals: FileSpec(.utf8, ";", crlf: false).with { $0.header = .code; $0.labelVariant = 2 },
            recruitment: FileSpec(.cp1258, ",", crlf: true).with { $0.titles = 1; $0.dates = .dmySlash; $0.labelVariant = 1 }
        ),
        "454": DistrictSpec(
            folder: "huyen-quang-trach-454", population: 95, poorFactor: 1.2, nearPoorFactor: 1.1, abroadFactor: 2.0, nccShare: 0.40,
            beneficiaries: FileSpec(.utf8, ";", crlf: false).with {
                $0.titles = 3; $0.header = .plain; $0.totals = "Cộng"; $0.dates = .dmyDash; $0.money = .dots
                $0.communes = .bare; $0.ids = .spaced; $0.labelVariant = 1; $0.notes = true
            },
            payments: FileSpec(.utf16LE, "\t", crlf: true).with {
                $0.titles = 2; $0.header = .upper; $0.names = .upper; $0.money = .plainVND; $0.communes = .upperBare
                $0.signature = true
            },
            pointers: .none, paymentYearOnly: true, paymentFiles: .bothMonths(interleaved: true, periodFirst: false),
            monthStyle: .iso,
            households: FileSpec(.utf8BOM, ";", crlf: true).with { $0.titles = 1; $0.labelVariant = 1; $0.communes = .abbrev },
            householdTotals: FileSpec(.utf16BE, "\t", crlf: true).with { $0.titles = 2 },
            recruitment: FileSpec(.utf8, ",", crlf: false).with { $0.header = .plain; $0.dates = .dmyDash; $0.labelVariant = 2; $0.notes = true }
        ),
        "455": DistrictSpec(
            folder: "Bố Trạch", population: 185, poorFactor: 1.1, nearPoorFactor: 1.0, abroadFactor: 1.3, nccShare: 0.42,
            beneficiaries: FileSpec(.utf8BOM, ",", crlf: true).with {
                $0.titles = 2; $0.totals = "Tổng cộng"; $0.labelVariant = 1; $0.money = .dotsDong; $0.communes = .abbrev
                $0.ids = .apostrophe; $0.address = true
            },
            payments: FileSpec(.cp1258, ",", crlf: true).with {
                $0.titles = 1; $0.totals = "Tổng cộng"; $0.money = .dots; $0.communes = .full; $0.notes = true
            },
            pointers: .codeAndID, paymentYearOnly: false, paymentFiles: .rounds(previousFile: true), monthStyle: .slash,
            households: FileSpec(.vni, ",", crlf: false).with { $0.titles = 2; $0.labelVariant = 2; $0.notes = true },
            householdTotals: FileSpec(.tcvn3Mojibake, ",", crlf: false).with { $0.labelVariant = 1 },
            recruitment: FileSpec(.utf8BOM, ";", crlf: true).with { $0.titles = 1; $0.dates = .dmySlash }
        ),
        "456": DistrictSpec(
            folder: "456_quang_ninh", population: 90, poorFactor: 1.3, nearPoorFactor: 1.1, abroadFactor: 0.8, nccShare: 0.45,
            beneficiaries: FileSpec(.cp1258, ";", crlf: true).with {
                $0.titles = 1; $0.labelVariant = 2; $0.names = .nfc; $0.dates = .dmySlash; $0.communes = .full
                $0.notes = true
            },
            payments: FileSpec(.utf8, ",", crlf: false).with {
                $0.header = .plain; $0.names = .ascii; $0.money = .dotsDong; $0.communes = .asciiLower; $0.labelVariant = 1
                $0.stt = false
            },
            pointers: .none, paymentYearOnly: false, paymentFiles: .perMonth, monthStyle: .slash,
            households: FileSpec(.tcvn3Mojibake, ";", crlf: false).with { $0.header = .plain },
            householdTotals: FileSpec(.vniMojibake, ";", crlf: false).with { $0.header = .plain },
            recruitment: FileSpec(.utf16LE, "\t", crlf: true).with { $0.titles = 2; $0.dates = .iso; $0.labelVariant = 1 }
        ),
        "457": DistrictSpec(
            folder: "Lệ Thủy", population: 143, poorFactor: 0.8, nearPoorFactor: 0.9, abroadFactor: 1.0, nccShare: 0.45,
            beneficiaries: FileSpec(.utf8, "\t", crlf: false).with {
                $0.names = .nfd; $0.dates = .dmyShort; $0.money = .plain; $0.communes = .bare; $0.oldTone = 0.6
                $0.ids = .dropZero; $0.labelVariant = 3; $0.stt = false; $0.notes = true
            },
            payments: FileSpec(.utf8BOM, ";", crlf: true).with {
                $0.titles = 2; $0.totals = "Tổng cộng"; $0.money = .dots; $0.communes = .bare; $0.oldTone = 0.5
                $0.labelVariant = 2; $0.notes = true
            },
            pointers: .idOnly, paymentYearOnly: false, paymentFiles: .bothMonths(interleaved: false, periodFirst: true),
            monthStyle: .thang,
            households: FileSpec(.cp1258, ",", crlf: true).with { $0.titles = 1; $0.oldTone = 0.5 },
            householdTotals: FileSpec(.cp1258, ",", crlf: true).with { $0.oldTone = 0.5 },
            recruitment: FileSpec(.tcvn3, ",", crlf: false).with { $0.dates = .dmyShort; $0.labelVariant = 2 }
        ),
        "458": DistrictSpec(
            folder: "458-ba-don", population: 101, poorFactor: 0.6, nearPoorFactor: 0.8, abroadFactor: 1.8, nccShare: 0.38,
            beneficiaries: FileSpec(.utf8BOM, ";", crlf: true).with {
                $0.titles = 2; $0.header = .upper; $0.totals = "Cộng"; $0.names = .upper; $0.communes = .abbrev
            },
            payments: FileSpec(.utf16LE, "\t", crlf: true).with {
                $0.titles = 1; $0.header = .code; $0.money = .plain; $0.communes = .full; $0.stt = false
            },
            pointers: .codeOnly, paymentYearOnly: false, paymentFiles: .rounds(previousFile: false), monthStyle: .t,
            households: FileSpec(.utf8BOM, ",", crlf: true).with { $0.titles = 1; $0.header = .upper },
            householdTotals: FileSpec(.utf8BOM, ",", crlf: true).with { $0.header = .upper },
            recruitment: FileSpec(.cp1258, ";", crlf: true).with { $0.titles = 1; $0.dates = .dmyDash }
        ),
    ]
}
