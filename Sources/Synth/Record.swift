/// Monthly-allowance programme.
enum Program: UInt8 {
    /// Người có công: people with meritorious service and their relatives.
    case ncc
    /// Bảo trợ xã hội: social protection.
    case btxh
}

/// Registry status of a record.
enum RecordStatus: UInt8 {
    case active, dead, terminated
}

/// What the generator planted on a registry record; decides its payment lines and its truth rows.
enum Role: UInt8 {
    /// Paid once, correctly.
    case paid
    /// Paid once with an amount other than the entitled one → AMOUNT_MISMATCH.
    case amountMismatch
    /// Paid twice in the period → DUPLICATE_PAYMENT on both lines.
    case duplicatePayment
    /// Dead or terminated before the period, still paid → PAID_AFTER_END.
    case paidAfterEnd
    /// Died during the period itself: still payable, paid, nothing to report.
    case deadInPeriod
    /// First of a pair of registrations of one person, paid (by code) → DUPLICATE_RECORD.
    case duplicateRecordPaid
    /// Second registration of that person, unpaid → DUPLICATE_RECORD and REGISTERED_NOT_PAID.
    case duplicateRecordUnpaid
    /// Paid correctly; another line carries its code or ID with someone else's name → IDENTITY_CONFLICT.
    case identityConflictTarget
    /// Paid by a line naming another commune of the district, same full birth date: a match.
    case movedCommune
    /// Paid by a line with its code or ID and a one-letter slip in the name: a match.
    case typoWithPointer
    /// One of two namesakes (same name and birth year, one commune) behind a year-only line → NEEDS_REVIEW.
    case namesake
    /// Behind a line with a one-letter slip in the name and no pointer → NEEDS_REVIEW. With hard
    /// cases the line gives only the birth year (a slip with the full date is then a match).
    case typoReview
    /// Active and due, no payment → REGISTERED_NOT_PAID.
    case notPaid
    /// Registered, starting after the period: not due.
    case futureStart
    /// Died before the period and not paid: nothing to report.
    case deadBefore
    /// Terminated before the period and not paid: nothing to report.
    case terminatedBefore

    /// Records matched by at least one payment line of the period.
    var isPaid: Bool {
        switch self {
        case .paid, .amountMismatch, .duplicatePayment, .paidAfterEnd, .deadInPeriod, .duplicateRecordPaid,
             .identityConflictTarget, .movedCommune, .typoWithPointer:
            return true
        case .duplicateRecordUnpaid, .namesake, .typoReview, .notPaid, .futureStart, .deadBefore, .terminatedBefore:
            return false
        }
    }
}

/// One registry record (beneficiary), held compactly.
struct Record {
    var district: UInt16
    var commune: UInt16
    var name: PersonName
    var sex: Sex
    var birth: Day
    var id: CitizenID
    /// The 6-digit part of the code "454-028349".
    var serial: Int32
    var program: Program
    var category: UInt8
    var amount: Int32
    var start: Day
    var status: RecordStatus
    /// Death or termination day; year 0 when none.
    var end: Day
    /// Paid without cash in the period.
    var noncash: Bool
    var role: Role
    /// 1-based line in the district's beneficiaries file (set when written).
    var line: Int32
}

/// A person on a payment list who is not (that) registry record: the unregistered payee, the
/// other person behind an identity conflict, a stranger in the previous month's list.
struct Payee {
    var district: UInt16
    var commune: UInt16
    var name: PersonName
    var sex: Sex
    var birth: Day
    var id: CitizenID
    var amount: Int32
}

/// A registry category: its programme, who is in it, and what it pays.
struct Category {
    let name: String
    let program: Program
    let weight: Int
    let femaleShare: Double
    /// Birth years, relative to nothing: absolute bounds (the elderly bound is set by age).
    let birthFrom: Int
    let birthTo: Int
    /// Minimum age to be in the category (80 for the elderly allowance).
    let minAge: Int
    /// Monthly amounts with weights.
    let amounts: [(Int, Int)]

    static let ncc = 2_055_000
    static let btxh = 360_000

    /// The categories of both programmes; `year` is the reporting year (for the age-80 bound).
    static func all(year: Int) -> [Category] {
        let n = Category.ncc, b = Category.btxh
        return [
            Category(name: "Thương binh", program: .ncc, weight: 30, femaleShare: 0.05, birthFrom: 1938, birthTo: 1962, minAge: 18,
                     amounts: [(n, 30), (n * 3 / 2, 30), (n * 2, 20), (n * 5 / 2, 12), (n * 3, 8), (2_466_000, 6)]),
            Category(name: "Bệnh binh", program: .ncc, weight: 10, femaleShare: 0.05, birthFrom: 1938, birthTo: 1960, minAge: 18,
                     amounts: [(n, 40), (n * 3 / 2, 40), (n * 2, 20)]),
            Category(name: "Thân nhân liệt sĩ", program: .ncc, weight: 30, femaleShare: 0.7, birthFrom: 1925, birthTo: 1965, minAge: 0,
                     amounts: [(n, 70), (n * 2, 20), (3_699_000, 5)]),
            Category(name: "Người HĐKC bị nhiễm chất độc hóa học", program: .ncc, weight: 15, femaleShare: 0.2,
                     birthFrom: 1935, birthTo: 1960, minAge: 18, amounts: [(n, 40), (n * 3 / 2, 40), (n * 2, 20)]),
            Category(name: "Con đẻ người HĐKC bị nhiễm CĐHH", program: .ncc, weight: 4, femaleShare: 0.5,
                     birthFrom: 1965, birthTo: 1998, minAge: 0, amounts: [(n, 60), (n * 3 / 2, 40)]),
            Category(name: "Người hoạt động kháng chiến", program: .ncc, weight: 8, femaleShare: 0.3, birthFrom: 1925, birthTo: 1955,
                     minAge: 18, amounts: [(1_541_000, 100)]),
            Category(name: "Người có công giúp đỡ cách mạng", program: .ncc, weight: 2, femaleShare: 0.5, birthFrom: 1925,
                     birthTo: 1945, minAge: 18, amounts: [(1_028_000, 100)]),
            Category(name: "Bà mẹ Việt Nam anh hùng", program: .ncc, weight: 1, femaleShare: 1, birthFrom: 1922, birthTo: 1935,
                     minAge: 40, amounts: [(n * 3, 100)]),
            Category(name: "Người cao tuổi", program: .btxh, weight: 45, femaleShare: 0.6, birthFrom: 1920, birthTo: year - 80,
                     minAge: 80, amounts: [(b * 3 / 2, 90), (b * 3, 10)]),
            Category(name: "Người khuyết tật nặng", program: .btxh, weight: 25, femaleShare: 0.45, birthFrom: 1940,
                     birthTo: year - 5, minAge: 0, amounts: [(b * 3 / 2, 60), (b * 2, 40)]),
            Category(name: "Người khuyết tật đặc biệt nặng", program: .btxh, weight: 15, femaleShare: 0.45, birthFrom: 1945,
                     birthTo: year - 3, minAge: 0, amounts: [(b * 2, 60), (b * 5 / 2, 40)]),
            Category(name: "Trẻ em mồ côi", program: .btxh, weight: 7, femaleShare: 0.5, birthFrom: year - 16, birthTo: year - 2,
                     minAge: 0, amounts: [(b * 5 / 2, 70), (b * 3 / 2, 30)]),
            Category(name: "Người đơn thân nghèo nuôi con", program: .btxh, weight: 5, femaleShare: 0.9, birthFrom: 1975,
                     birthTo: 2000, minAge: 18, amounts: [(b, 100)]),
            Category(name: "Người nhiễm HIV/AIDS nghèo", program: .btxh, weight: 3, femaleShare: 0.4, birthFrom: 1970,
                     birthTo: 1995, minAge: 18, amounts: [(b * 3 / 2, 100)]),
        ]
    }
}
