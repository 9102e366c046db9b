/// A registry record as the matcher sees it.
struct RegistryRecord {
    let code: String
    let fullName: String
    let nameKey: String
    let birthDate: String?
    let birthYear: Int?
    let idNumber: String?
    let communeCode: String?
    let districtCode: String
    let status: String
    let startDate: String?
    let endDate: String?
    let monthlyAmount: Int64?
    let sourceFile: String
    let sourceLine: Int
}

/// A payment line of the period as the matcher sees it.
struct PaymentLine {
    let code: String?
    let fullName: String
    let nameKey: String
    let birthDate: String?
    let birthYear: Int?
    let idNumber: String?
    let communeCode: String?
    let districtCode: String
    let amount: Int64
    let method: String?
    let sourceFile: String
    let sourceLine: Int
}

/// What the matcher decided for one payment line.
enum LineDecision {
    /// The line pays this record.
    case match(record: Int, rule: String)
    /// The line's code or ID points to this record, but its name or birth show another person.
    case conflict(record: Int, rule: String, why: String)
    /// Probably one of these records, not surely enough to decide.
    case review(candidates: [Int], why: String)
    /// No record fits.
    case unmatched
}
