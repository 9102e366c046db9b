import VietText

/// How a payment line and a registry record compare, field by field, in levels an auditor can
/// read: the data behind every match and every exception (`recon_pairs`, read per field through the view `recon_explanations`).
struct PairComparison {
    /// One field's level ("exact", "folded exact", "2 edits", "different", "missing"…); the
    /// values compared are in the payment and registry rows the pair names.
    struct Field: Equatable {
        let field: String
        let level: String
    }

    let fields: [Field]

    init(_ line: PaymentLine, _ record: RegistryRecord, nameEditDistance: Int) {
        var out: [Field] = []
        // Code
        if let code = line.code {
            out.append(Field(field: "code", level: code == record.code ? "exact" : "different"))
        } else {
            out.append(Field(field: "code", level: "missing"))
        }
        // Citizen ID
        switch (line.idNumber, record.idNumber) {
        case let (a?, b?) where a == b: out.append(Field(field: "id_number", level: "exact"))
        case let (a?, b?) where a.count == b.count && zip(a, b).filter({ $0 != $1 }).count == 1:
            out.append(Field(field: "id_number", level: "one digit differs"))
        case (_?, _?): out.append(Field(field: "id_number", level: "different"))
        default: out.append(Field(field: "id_number", level: "missing"))
        }
        // Name
        let nameLevel: String
        if line.fullName == record.fullName { nameLevel = "exact" }
        else if line.nameKey == record.nameKey { nameLevel = "folded exact" }
        else if VietText.sameWordsReordered(line.nameKey, record.nameKey) { nameLevel = "same words reordered" }
        else {
            let d = VietText.editDistance(line.nameKey, record.nameKey, limit: nameEditDistance)
            nameLevel = d <= nameEditDistance ? "\(d) edit\(d == 1 ? "" : "s")" : "different"
        }
        out.append(Field(field: "name", level: nameLevel))
        // Birth
        let birthLevel: String
        switch (line.birthDate, record.birthDate, line.birthYear, record.birthYear) {
        case let (a?, b?, _, _) where a == b: birthLevel = "same date"
        case let (a?, b?, _, _) where Self.swapped(a, b): birthLevel = "day and month swapped"
        case let (_, _, a?, b?) where a == b: birthLevel = (line.birthDate != nil && record.birthDate != nil) ? "same year, other date" : "same year"
        case (_, _, _?, _?): birthLevel = "different year"
        default: birthLevel = "missing"
        }
        let shownLine = line.birthDate ?? line.birthYear.map(String.init) ?? "—"
        let shownRecord = record.birthDate ?? record.birthYear.map(String.init) ?? "—"
        out.append(Field(field: "birth", level: birthLevel))
        // Commune and district
        let placeLevel: String
        if line.communeCode != nil && line.communeCode == record.communeCode { placeLevel = "same commune" }
        else if line.districtCode == record.districtCode { placeLevel = line.communeCode == nil ? "same district, no commune" : "same district" }
        else { placeLevel = "other district" }
        out.append(Field(field: "commune", level: placeLevel))
        // Amount
        if let entitled = record.monthlyAmount {
            out.append(Field(field: "amount", level: line.amount == entitled ? "equal to entitled" : "differs"))
        }
        fields = out
    }

    /// "1950-03-05" and "1950-05-03".
    static func swapped(_ a: String, _ b: String) -> Bool {
        let x = a.split(separator: "-"), y = b.split(separator: "-")
        return x.count == 3 && y.count == 3 && x[0] == y[0] && x[1] == y[2] && x[2] == y[1] && x[1] != x[2]
    }
}
