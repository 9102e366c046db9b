/// The province's published 2023 figures (scale 1) and the planted findings, scaled.
struct Calibration {
    // Published figures at scale 1 (DOMAIN.md); the pipeline must reproduce them exactly.
    static let paidRecords = 66_228
    static let noncashRecords = 271
    static let registrySize = 68_000
    static let poor = [2022: 12_840, 2023: 10_473]
    static let nearPoor = [2022: 12_224, 2023: 10_379]
    static let totalHouseholds = [2022: 256_800, 2023: 258_600]
    static let jobsTotal = 20_360
    static let jobsAbroad = 6_042
    static let vetCollege = 269
    static let vetIntermediate = 2_108
    static let vetElementary = 14_873

    let scale: Double

    // Registry and payments.
    let paid: Int, noncash: Int, registry: Int
    let paidNotRegistered: Int, paidAfterEnd: Int, amountMismatch: Int, duplicatePayment: Int
    let duplicateRecordPairs: Int, identityConflict: Int, namesakeReviews: Int, typoReviews: Int
    let notPaid: Int, deadInPeriod: Int, movedCommune: Int, typoWithPointer: Int, futureStart: Int
    let deadBefore: Int, terminatedBefore: Int
    /// Lines of the previous month for people not in the registry (ignored by the period's run).
    let previousMonthStrangers: Int

    // Households, per year.
    let poorByYear: [Int: Int], nearPoorByYear: [Int: Int], totalByYear: [Int: Int]
    let householdDuplicates: Int

    // Recruitment, reporting year.
    let abroad: Int, domestic: Int, college: Int, intermediate: Int, elementary: Int
    let recruitSameDistrictDuplicates: Int, recruitNoIDDuplicates: Int, recruitCrossDistrictDuplicates: Int
    let recruitPreviousYearRows: Int

    // Bad rows (extra, not part of any calibrated set).
    let badAmounts: Int, undatedRecruits: Int, namelessRecords: Int

    /// Rounds a scale-1 count.
    static func scaled(_ n: Int, _ scale: Double) -> Int { Int((Double(n) * scale).rounded()) }

    init(scale: Double, year: Int) {
        self.scale = scale
        func s(_ n: Int) -> Int { Calibration.scaled(n, scale) }
        // Planted findings: proportional, but at least one of each so small runs show every kind.
        func p(_ n: Int) -> Int { scale > 0 ? max(1, s(n)) : 0 }

        paid = s(Calibration.paidRecords)
        noncash = min(s(Calibration.noncashRecords), paid)
        registry = s(Calibration.registrySize)

        paidNotRegistered = p(60)
        paidAfterEnd = p(80)
        amountMismatch = p(120)
        duplicatePayment = p(40)
        duplicateRecordPairs = p(30)
        identityConflict = p(25)
        namesakeReviews = p(20)
        typoReviews = p(20)
        notPaid = p(270)
        deadInPeriod = p(45)
        movedCommune = p(15)
        typoWithPointer = p(30)
        futureStart = p(120)
        previousMonthStrangers = p(5)
        let unpaidPlanted = notPaid + 2 * namesakeReviews + typoReviews + duplicateRecordPairs + futureStart
        let rest = max(0, registry - paid - unpaidPlanted)
        terminatedBefore = rest / 5
        deadBefore = rest - terminatedBefore

        var poorY: [Int: Int] = [:], nearY: [Int: Int] = [:], totalY: [Int: Int] = [:]
        // The reporting year and the one before take the published 2023 and 2022 figures.
        for (offset, source) in [(0, 2023), (-1, 2022)] {
            poorY[year + offset] = s(Calibration.poor[source] ?? 0)
            nearY[year + offset] = s(Calibration.nearPoor[source] ?? 0)
            totalY[year + offset] = s(Calibration.totalHouseholds[source] ?? 0)
        }
        poorByYear = poorY; nearPoorByYear = nearY; totalByYear = totalY
        householdDuplicates = p(25)

        abroad = s(Calibration.jobsAbroad)
        domestic = s(Calibration.jobsTotal) - abroad
        college = s(Calibration.vetCollege)
        intermediate = s(Calibration.vetIntermediate)
        elementary = s(Calibration.vetElementary)
        recruitSameDistrictDuplicates = p(300)
        recruitNoIDDuplicates = p(120)
        recruitCrossDistrictDuplicates = p(80)
        recruitPreviousYearRows = p(90)

        badAmounts = p(2)
        undatedRecruits = p(2)
        namelessRecords = p(1)
    }

    /// Paid records with no planted peculiarity.
    var plainPaid: Int {
        paid - (amountMismatch + duplicatePayment + paidAfterEnd + deadInPeriod + duplicateRecordPairs
                + identityConflict + movedCommune + typoWithPointer)
    }
}
