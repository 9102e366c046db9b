import Foundation
import Logging
import Pipeline
import Warehouse
import VietText

/// The aggregate stage: provincial and district indicators of the reporting year, and the
/// payment month's indicators, with plan and % of plan from the configuration.
public enum AggregateStage {
    /// Computes and stores the indicators. With `input` (read earlier by `readInput`), only the
    /// month's paid records are read here.
    public static func run(context: RunContext, db: Database, logger: Logger, input: AggregateInput? = nil) throws {
        let year = context.year
        var province: [Indicator: Double] = [:]
        var districts: [String: [Indicator: Double]] = [:]
        func put(_ indicator: Indicator, _ total: Double?, _ byDistrict: [String: Double]) {
            province[indicator] = total
            for (d, v) in byDistrict { districts[d, default: [:]][indicator] = v }
        }

        // Everything the indicators count, read on two threads: people given jobs and enrolled,
        // the households of this year and the year before, the month's paid records.
        var recruited: [(Indicator, Int, [String: Int])] = []
        var thisYear = HouseholdYear.none, lastYear = HouseholdYear.none
        var paid = PaidRecords()
        if let input {
            (recruited, thisYear, lastYear) = (input.recruited, input.thisYear, input.lastYear)
            paid = try PaidRecords(db, period: context.period) ?? joinedPaidRecords(db, period: context.period)
        } else {
            try SideBySide.run(on: db, { db in
                recruited = try recruitment(db, year: year)
                lastYear = try households(db, year: year - 1)
            }, { db in
                paid = try PaidRecords(db, period: context.period) ?? joinedPaidRecords(db, period: context.period)
                thisYear = try households(db, year: year)
            })
        }

        // People given jobs and enrolled, once per indicator.
        let allDistricts = context.config.gazetteer.districts.map(\.code)
        for (indicator, total, byDistrict) in recruited {
            // A district that reported nobody counts zero, not "unknown".
            var all = Dictionary(uniqueKeysWithValues: allDistricts.map { ($0, 0.0) })
            for (d, n) in byDistrict { all[d] = Double(n) }
            put(indicator, Double(total), all)
        }

        // Households and rates, this year and the year before.
        put(.totalHouseholds, thisYear.total.province, thisYear.total.districts)
        put(.poorHouseholds, thisYear.poor.province, thisYear.poor.districts)
        put(.nearPoorHouseholds, thisYear.nearPoor.province, thisYear.nearPoor.districts)
        put(.poorRatePct, rate(thisYear.poor.province, thisYear.total.province),
            rates(thisYear.poor.districts, thisYear.total.districts))
        put(.nearPoorRatePct, rate(thisYear.nearPoor.province, thisYear.total.province),
            rates(thisYear.nearPoor.districts, thisYear.total.districts))
        put(.poorRateReductionPP,
            difference(rate(lastYear.poor.province, lastYear.total.province), rate(thisYear.poor.province, thisYear.total.province)),
            differences(rates(lastYear.poor.districts, lastYear.total.districts), rates(thisYear.poor.districts, thisYear.total.districts)))
        put(.nearPoorRateReductionPP,
            difference(rate(lastYear.nearPoor.province, lastYear.total.province), rate(thisYear.nearPoor.province, thisYear.total.province)),
            differences(rates(lastYear.nearPoor.districts, lastYear.total.districts), rates(thisYear.nearPoor.districts, thisYear.total.districts)))

        let plan = context.config.plans[year] ?? [:]
        try db.transaction {
            try db.run("DELETE FROM provincial_indicators WHERE year = ?", [.int(year)])
            try db.run("DELETE FROM district_indicators WHERE year = ?", [.int(year)])
            let insertProvince = try db.prepare("INSERT INTO provincial_indicators(year, indicator, value, plan, pct_of_plan) VALUES (?,?,?,?,?)")
            for indicator in Indicator.allCases {
                let value = province[indicator]
                let target = plan[indicator.rawValue]
                let pct = (value != nil && target != nil && target != 0) ? (value ?? 0) / (target ?? 1) * 100 : nil
                try insertProvince.run([.int(year), .text(indicator.rawValue), .real(value), .real(target), .real(pct)])
            }
            let insertDistrict = try db.prepare("INSERT INTO district_indicators(year, district_code, indicator, value, plan, pct_of_plan) VALUES (?,?,?,?,NULL,NULL)")
            for district in context.config.gazetteer.districts {
                for indicator in Indicator.allCases {
                    try insertDistrict.run([.int(year), .text(district.code), .text(indicator.rawValue), .real(districts[district.code]?[indicator])])
                }
            }
            // The year before, for the change from it: its poverty review is in the warehouse (the
            // reductions need it); its jobs and enrolments are not, so they are not made up.
            if let total = lastYear.total.province, total > 0 {
                let previous: [(Indicator, Double?, [String: Double])] = [
                    (.totalHouseholds, lastYear.total.province, lastYear.total.districts),
                    (.poorHouseholds, lastYear.poor.province, lastYear.poor.districts),
                    (.nearPoorHouseholds, lastYear.nearPoor.province, lastYear.nearPoor.districts),
                    (.poorRatePct, rate(lastYear.poor.province, total), rates(lastYear.poor.districts, lastYear.total.districts)),
                    (.nearPoorRatePct, rate(lastYear.nearPoor.province, total), rates(lastYear.nearPoor.districts, lastYear.total.districts)),
                ]
                let replaceProvince = try db.prepare("INSERT OR REPLACE INTO provincial_indicators(year, indicator, value, plan, pct_of_plan) VALUES (?,?,?,NULL,NULL)")
                let replaceDistrict = try db.prepare("INSERT OR REPLACE INTO district_indicators(year, district_code, indicator, value, plan, pct_of_plan) VALUES (?,?,?,?,NULL,NULL)")
                for (indicator, value, byDistrict) in previous {
                    try replaceProvince.run([.int(year - 1), .text(indicator.rawValue), .real(value)])
                    for district in context.config.gazetteer.districts {
                        try replaceDistrict.run([.int(year - 1), .text(district.code), .text(indicator.rawValue), .real(byDistrict[district.code])])
                    }
                }
            }
            try periodIndicators(db, period: context.period, paid: paid)
        }
        logger.info("aggregated \(Indicator.allCases.count) indicators for \(year) and the payment month \(context.period)")
    }

    /// Reads what the indicators count that reconcile leaves alone: the year's recruitment and
    /// the households of the year and the year before. `ansinh run` reads it once the rows are
    /// stored, while other threads are still reading reconcile's input.
    public static func readInput(_ db: Database, year: Int) throws -> AggregateInput {
        AggregateInput(recruited: try recruitment(db, year: year), thisYear: try households(db, year: year),
                       lastYear: try households(db, year: year - 1))
    }

    // MARK: - Sources

    /// The six people counts of the year's recruitment lines: total and by district.
    static func recruitment(_ db: Database, year: Int) throws -> [(Indicator, Int, [String: Int])] {
        let statement = try db.prepare("""
            SELECT id_number, name_key, birth_date, district_code, kind, level, source_file, source_line
              FROM recruitment WHERE year = ?
            """)
        try statement.bind([.int(year)])
        // Room for the table's lines (nearly all of one year) reserved once: max(rowid) costs
        // nothing, where counting the year's lines would scan the table (it has no year index).
        var people = PersonCounter(capacity: Int(try db.scalar("SELECT max(rowid) FROM recruitment")?.int ?? 0))
        var districts = InternTable()
        var districtOfLine: [Int32] = []
        var kindOfLine: [UInt8] = []
        var order = FileOrder(capacity: people.capacity)
        districtOfLine.reserveCapacity(people.capacity)
        kindOfLine.reserveCapacity(people.capacity)
        let selections: [(Indicator, UInt8)] = [
            (.jobsTotal, Kind.domestic | Kind.abroad), (.jobsAbroad, Kind.abroad), (.vetEnrolledTotal, Kind.vetAny),
            (.vetEnrolledCollege, Kind.college), (.vetEnrolledIntermediate, Kind.intermediate), (.vetEnrolledElementary, Kind.elementary),
        ]
        // Cells read as SQLite's bytes (valid until the next step), never as Strings.
        while try statement.step() {
            people.add(idNumber: statement.textBytes(at: 0), nameKey: statement.textBytes(at: 1), birthDate: statement.textBytes(at: 2))
            districtOfLine.append(districts.intern(bytes: statement.textBytes(at: 3) ?? InternTable.empty))
            kindOfLine.append(Kind.of(kind: statement.textBytes(at: 4), level: statement.textBytes(at: 5)))
            order.add(file: statement.textBytes(at: 6) ?? InternTable.empty, line: statement.integer(at: 7) ?? 0)
        }
        people.link()
        let keys = order.keys()
        let districtCodes = districts.strings
        return selections.map { indicator, mask in
            let counted = people.count(where: { kindOfLine[$0] & mask != 0 }, order: keys, district: districtOfLine, districts: districtCodes.count)
            var byDistrict: [String: Int] = [:]
            for (d, n) in counted.byDistrict.enumerated() where n > 0 { byDistrict[districtCodes[d]] = n }
            return (indicator, counted.total, byDistrict)
        }
    }

    /// A recruitment line's kind and level as bits, one per selection it can fall in.
    enum Kind {
        static let domestic: UInt8 = 1, abroad: UInt8 = 2, vetOther: UInt8 = 4
        static let college: UInt8 = 8, intermediate: UInt8 = 16, elementary: UInt8 = 32
        /// Every vocational enrolment, whatever its level.
        static let vetAny = vetOther | college | intermediate | elementary

        /// The bits of a line's kind and level cells (their bytes; nil for NULL).
        static func of(kind: UnsafeBufferPointer<UInt8>?, level: UnsafeBufferPointer<UInt8>?) -> UInt8 {
            if cell(kind, is: "domestic") { return domestic }
            if cell(kind, is: "abroad") { return abroad }
            guard cell(kind, is: "vet") else { return 0 }
            if cell(level, is: "college") { return college }
            if cell(level, is: "intermediate") { return intermediate }
            if cell(level, is: "elementary") { return elementary }
            return vetOther
        }
    }

    struct Counts { var province: Double?; var districts: [String: Double] }
    struct HouseholdYear {
        var total: Counts; var poor: Counts; var nearPoor: Counts
        /// No household counted.
        static let none = HouseholdYear(total: Counts(province: nil, districts: [:]), poor: Counts(province: nil, districts: [:]),
                                        nearPoor: Counts(province: nil, districts: [:]))
    }

    /// Households once per year and class (by household code, else commune + head + ID), each
    /// in the district of its first line; totals from the last line given for a commune.
    static func households(_ db: Database, year: Int) throws -> HouseholdYear {
        func counts(_ byDistrict: [String: Int]?) -> Counts {
            var c = Counts(province: nil, districts: [:])
            for (district, n) in byDistrict ?? [:] {
                c.districts[district] = Double(n)
                c.province = (c.province ?? 0) + Double(n)
            }
            return c
        }
        var total = Counts(province: nil, districts: [:])
        for row in try db.rows("""
            WITH lasts AS (
              SELECT district_code, total_households,
                     ROW_NUMBER() OVER (PARTITION BY commune_code ORDER BY source_file DESC, source_line DESC) AS n
              FROM household_totals WHERE year = ?)
            SELECT district_code, SUM(total_households) FROM lasts WHERE n = 1 GROUP BY district_code
            """, [.int(year)]) {
            guard let district = row[0].string, let value = row[1].double else { continue }
            total.districts[district] = value
            total.province = (total.province ?? 0) + value
        }
        let classes = try HouseholdCount.byClass(db, year: year)
        return HouseholdYear(total: total, poor: counts(classes["poor"]), nearPoor: counts(classes["near_poor"]))
    }

    static func rate(_ part: Double?, _ whole: Double?) -> Double? {
        guard let whole, whole > 0 else { return nil }
        return (part ?? 0) / whole * 100
    }

    static func rates(_ part: [String: Double], _ whole: [String: Double]) -> [String: Double] {
        var out: [String: Double] = [:]
        for (d, w) in whole { if let r = rate(part[d], w) { out[d] = r } }
        return out
    }

    static func difference(_ before: Double?, _ now: Double?) -> Double? {
        guard let before, let now else { return nil }
        return before - now
    }

    static func differences(_ before: [String: Double], _ now: [String: Double]) -> [String: Double] {
        var out: [String: Double] = [:]
        for (d, b) in before { if let n = now[d] { out[d] = b - n } }
        return out
    }

    /// The payment month's indicators, per district and (district NULL) for the province.
    static func periodIndicators(_ db: Database, period: String, paid: PaidRecords) throws {
        try db.run("DELETE FROM period_indicators WHERE period = ?", [.text(period)])
        func sums(_ sql: String) throws -> [String: Double] {
            var out: [String: Double] = [:]
            for row in try db.rows(sql, [.text(period)]) { out[row[0].string ?? ""] = row[1].double ?? 0 }
            return out
        }
        let money = paid.amountByDistrict
        let risk = try sums("SELECT district_code, TOTAL(ABS(amount_at_risk)) FROM recon_exceptions WHERE period = ? GROUP BY district_code")
        let districts = try db.rows("SELECT DISTINCT district_code FROM admin_units ORDER BY 1").compactMap { $0[0].string }
        let insert = try db.prepare("INSERT INTO period_indicators(period, district_code, indicator, value) VALUES (?,?,?,?)")
        func write(_ district: String?, paid: Int, noncash: Int, amount: Double, atRisk: Double) throws {
            let values: [(PeriodIndicator, Double?)] = [
                (.paidBeneficiaries, Double(paid)), (.noncashBeneficiaries, Double(noncash)),
                (.noncashRatePct, paid > 0 ? Double(noncash) / Double(paid) * 100 : nil),
                (.amountPaid, amount), (.amountAtRisk, atRisk),
            ]
            for (indicator, value) in values {
                try insert.run([.text(period), .text(district), .text(indicator.rawValue), .real(value)])
            }
        }
        for d in districts {
            try write(d, paid: paid.byDistrict[d]?.paid ?? 0, noncash: paid.byDistrict[d]?.noncash ?? 0, amount: money[d] ?? 0, atRisk: risk[d] ?? 0)
        }
        try write(nil, paid: paid.provincePaid, noncash: paid.provinceNoncash,
                  amount: money.values.reduce(0, +), atRisk: risk.values.reduce(0, +))
    }

    /// The records paid by SQL, when a matched line is missing from the month's payment lines
    /// (an inner join drops it; the streamed count would not).
    static func joinedPaidRecords(_ db: Database, period: String) throws -> PaidRecords {
        var out = PaidRecords()
        var province: [String: Bool] = [:]
        for row in try db.rows("""
            SELECT m.district_code, m.record_file || ':' || m.record_line, MAX(p.method = 'noncash')
            FROM recon_matches m JOIN payments p ON p.source_file = m.source_file AND p.source_line = m.source_line
            WHERE m.period = ? AND m.decision = 'match' GROUP BY m.district_code, m.record_file, m.record_line
            """, [.text(period)]) {
            let district = row[0].string ?? "", code = row[1].string ?? "", noncash = (row[2].int ?? 0) != 0
            out.byDistrict[district, default: (0, 0)].paid += 1
            if noncash { out.byDistrict[district, default: (0, 0)].noncash += 1 }
            province[code] = (province[code] ?? false) || noncash
        }
        out.provincePaid = province.count
        out.provinceNoncash = province.values.filter { $0 }.count
        for row in try db.rows("SELECT district_code, TOTAL(amount) FROM payments WHERE period = ? GROUP BY district_code", [.text(period)]) {
            out.amountByDistrict[row[0].string ?? ""] = row[1].double ?? 0
        }
        return out
    }
}

/// The recruitment and household counts of a year and the year before, read ahead of the
/// stage (`AggregateStage.readInput`).
public struct AggregateInput {
    let recruited: [(Indicator, Int, [String: Int])]
    let thisYear: AggregateStage.HouseholdYear
    let lastYear: AggregateStage.HouseholdYear
}
