import Foundation
import Logging
import Pipeline
import Warehouse

/// The aggregate stage: provincial and district indicators of the reporting year, and the
/// payment month's indicators, with plan and % of plan from the configuration.
public enum AggregateStage {
    public static func run(context: RunContext, db: Database, logger: Logger) throws {
        let year = context.year
        var province: [Indicator: Double] = [:]
        var districts: [String: [Indicator: Double]] = [:]
        func put(_ indicator: Indicator, _ total: Double?, _ byDistrict: [String: Double]) {
            province[indicator] = total
            for (d, v) in byDistrict { districts[d, default: [:]][indicator] = v }
        }

        // People given jobs and enrolled, once per indicator.
        var people = PersonCounter(lines: try recruitment(db, year: year))
        let kinds = try db.rows("SELECT kind, level FROM recruitment WHERE year = ? ORDER BY source_file, source_line", [.int(year)])
        let kind = kinds.map { $0[0].string ?? "" }, level = kinds.map { $0[1].string }
        let selections: [(Indicator, (Int) -> Bool)] = [
            (.jobsTotal, { kind[$0] == "domestic" || kind[$0] == "abroad" }),
            (.jobsAbroad, { kind[$0] == "abroad" }),
            (.vetEnrolledTotal, { kind[$0] == "vet" }),
            (.vetEnrolledCollege, { kind[$0] == "vet" && level[$0] == "college" }),
            (.vetEnrolledIntermediate, { kind[$0] == "vet" && level[$0] == "intermediate" }),
            (.vetEnrolledElementary, { kind[$0] == "vet" && level[$0] == "elementary" }),
        ]
        let allDistricts = context.config.gazetteer.districts.map(\.code)
        for (indicator, selected) in selections {
            let counted = people.count(where: selected)
            // A district that reported nobody counts zero, not "unknown".
            var byDistrict = Dictionary(uniqueKeysWithValues: allDistricts.map { ($0, 0.0) })
            for (d, n) in counted.byDistrict { byDistrict[d] = Double(n) }
            put(indicator, Double(counted.total), byDistrict)
        }

        // Households and rates, this year and the year before.
        let thisYear = try households(db, year: year)
        let lastYear = try households(db, year: year - 1)
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
            try periodIndicators(db, period: context.period)
        }
        logger.info("aggregated \(Indicator.allCases.count) indicators for \(year) and the payment month \(context.period)")
    }

    // MARK: - Sources

    static func recruitment(_ db: Database, year: Int) throws -> [PersonCounter.Line] {
        try db.rows("SELECT id_number, name_key, birth_date, district_code FROM recruitment WHERE year = ? ORDER BY source_file, source_line", [.int(year)])
            .map { PersonCounter.Line(idNumber: $0[0].string, nameKey: $0[1].string ?? "", birthDate: $0[2].string, districtCode: $0[3].string ?? "") }
    }

    struct Counts { var province: Double?; var districts: [String: Double] }
    struct HouseholdYear { var total: Counts; var poor: Counts; var nearPoor: Counts }

    /// Households once per year and class (by household code, else commune + head + ID), each
    /// in the district of its first line; totals from the last line given for a commune.
    static func households(_ db: Database, year: Int) throws -> HouseholdYear {
        func counts(_ sql: String) throws -> Counts {
            var c = Counts(province: nil, districts: [:])
            for row in try db.rows(sql, [.int(year)]) {
                guard let district = row[0].string, let value = row[1].double else { continue }
                c.districts[district] = value
                c.province = (c.province ?? 0) + value
            }
            return c
        }
        let distinct = """
            WITH firsts AS (
              SELECT classification, district_code,
                     ROW_NUMBER() OVER (PARTITION BY classification,
                        COALESCE(household_id, commune_code || '|' || name_key || '|' || COALESCE(id_number, ''))
                        ORDER BY source_file, source_line) AS n
              FROM households WHERE year = ?)
            SELECT district_code, COUNT(*) FROM firsts WHERE n = 1 AND classification = '%@' GROUP BY district_code
            """
        let totals = """
            WITH lasts AS (
              SELECT district_code, total_households,
                     ROW_NUMBER() OVER (PARTITION BY commune_code ORDER BY source_file DESC, source_line DESC) AS n
              FROM household_totals WHERE year = ?)
            SELECT district_code, SUM(total_households) FROM lasts WHERE n = 1 GROUP BY district_code
            """
        return HouseholdYear(total: try counts(totals),
                             poor: try counts(distinct.replacingOccurrences(of: "%@", with: "poor")),
                             nearPoor: try counts(distinct.replacingOccurrences(of: "%@", with: "near_poor")))
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
    static func periodIndicators(_ db: Database, period: String) throws {
        try db.run("DELETE FROM period_indicators WHERE period = ?", [.text(period)])
        // Records paid in the period (matched lines only; a record is its registry file and
        // line, codes may repeat), with whether any line was non-cash.
        let paid = try db.rows("""
            SELECT m.district_code, m.record_file || ':' || m.record_line, MAX(p.method = 'noncash')
            FROM recon_matches m JOIN payments p ON p.source_file = m.source_file AND p.source_line = m.source_line
            WHERE m.period = ? AND m.decision = 'match' GROUP BY m.district_code, m.record_file, m.record_line
            """, [.text(period)])
        var paidBy: [String: (Int, Int)] = [:]
        var provinceNoncash: [String: Bool] = [:]
        for row in paid {
            let district = row[0].string ?? "", code = row[1].string ?? "", noncash = (row[2].int ?? 0) != 0
            paidBy[district, default: (0, 0)].0 += 1
            if noncash { paidBy[district, default: (0, 0)].1 += 1 }
            provinceNoncash[code] = (provinceNoncash[code] ?? false) || noncash
        }
        func sums(_ sql: String) throws -> [String: Double] {
            var out: [String: Double] = [:]
            for row in try db.rows(sql, [.text(period)]) { out[row[0].string ?? ""] = row[1].double ?? 0 }
            return out
        }
        let money = try sums("SELECT district_code, TOTAL(amount) FROM payments WHERE period = ? GROUP BY district_code")
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
            try write(d, paid: paidBy[d]?.0 ?? 0, noncash: paidBy[d]?.1 ?? 0, amount: money[d] ?? 0, atRisk: risk[d] ?? 0)
        }
        try write(nil, paid: provinceNoncash.count, noncash: provinceNoncash.values.filter { $0 }.count,
                  amount: money.values.reduce(0, +), atRisk: risk.values.reduce(0, +))
    }
}
