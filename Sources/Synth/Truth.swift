/// The reconciliation finding types of the pipeline's contract.
enum ExceptionType: String {
    case paidNotRegistered = "PAID_NOT_REGISTERED"
    case registeredNotPaid = "REGISTERED_NOT_PAID"
    case paidAfterEnd = "PAID_AFTER_END"
    case amountMismatch = "AMOUNT_MISMATCH"
    case duplicatePayment = "DUPLICATE_PAYMENT"
    case duplicateRecord = "DUPLICATE_RECORD"
    case identityConflict = "IDENTITY_CONFLICT"
    case needsReview = "NEEDS_REVIEW"

    static let all: [ExceptionType] = [
        .paidNotRegistered, .registeredNotPaid, .paidAfterEnd, .amountMismatch, .duplicatePayment,
        .duplicateRecord, .identityConflict, .needsReview,
    ]
}

/// One planted finding, as exceptions.csv lists it.
struct TruthException {
    let type: ExceptionType
    let district: String
    let beneficiaryID: String
    let file: String
    let line: Int
    /// The amount written on the payment line (0 for record-side findings); for tests.
    let amount: Int
}

/// One planted bad row.
struct TruthReject {
    let file: String
    let line: Int
    let column: String
}

/// One totals row and whether its control total agrees with the rows above.
struct TruthControl {
    let file: String
    let line: Int
    let ok: Bool
}

/// One planted hard case of record linkage, as hard_cases.csv lists it.
struct TruthHardCase {
    let kind: HardCaseKind
    let district: String
    let beneficiaryID: String
    let file: String
    let line: Int
}

/// Per-district figures the pipeline must produce for the period.
struct PeriodFigures {
    var paid = 0
    var noncash = 0
    var amountPaid = 0
}

/// Per-district figures of one year.
struct YearFigures {
    var jobsTotal = 0
    var jobsAbroad = 0
    var vetCollege = 0
    var vetIntermediate = 0
    var vetElementary = 0
    var totalHouseholds = 0
    var poor = 0
    var nearPoor = 0

    var vetTotal: Int { vetCollege + vetIntermediate + vetElementary }

    static func + (a: YearFigures, b: YearFigures) -> YearFigures {
        YearFigures(jobsTotal: a.jobsTotal + b.jobsTotal, jobsAbroad: a.jobsAbroad + b.jobsAbroad,
                    vetCollege: a.vetCollege + b.vetCollege, vetIntermediate: a.vetIntermediate + b.vetIntermediate,
                    vetElementary: a.vetElementary + b.vetElementary,
                    totalHouseholds: a.totalHouseholds + b.totalHouseholds, poor: a.poor + b.poor,
                    nearPoor: a.nearPoor + b.nearPoor)
    }
}

/// Everything the generator knows the pipeline must find, collected while the files are written.
final class TruthLedger {
    var exceptions: [TruthException] = []
    var rejects: [TruthReject] = []
    var controls: [TruthControl] = []
    /// The hard cases, in writing order (only with `SynthConfig.hardCases`).
    var hardCases: [TruthHardCase] = []
    /// By district index.
    var period: [PeriodFigures]
    /// By year, then district index.
    var years: [Int: [YearFigures]] = [:]

    init(districts: Int, years yearList: [Int]) {
        period = [PeriodFigures](repeating: PeriodFigures(), count: districts)
        for y in yearList { years[y] = [YearFigures](repeating: YearFigures(), count: districts) }
    }

    func add(_ type: ExceptionType, district: String, id: String, file: String, line: Int, amount: Int = 0) {
        exceptions.append(TruthException(type: type, district: district, beneficiaryID: id, file: file, line: line, amount: amount))
    }

    /// Mutates the figures of one district and year.
    func year(_ y: Int, _ d: Int, _ change: (inout YearFigures) -> Void) {
        guard var list = years[y], d < list.count else { return }
        change(&list[d])
        years[y] = list
    }
}
