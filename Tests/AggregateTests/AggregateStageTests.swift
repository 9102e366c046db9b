import Aggregate
import Foundation
import Pipeline
import TestSupport
import Warehouse
import XCTest

final class AggregateStageTests: XCTestCase {
    private var db: Database!
    private var context: RunContext!

    override func setUpWithError() throws {
        db = try Fixture.warehouse()
        context = try Fixture.context(input: Fixture.tempDir())
        try db.execute("INSERT INTO admin_units VALUES ('44','454','Huyện Quảng Trạch','19021','Xã Quảng Phú','Xã'), ('44','455','Huyện Bố Trạch','19111','Thị trấn Hoàn Lão','Thị trấn')")
    }

    private func recruit(_ name: String, birth: String?, id: String?, kind: String, level: String? = nil, year: Int = 2023, district: String = "454", line: Int) throws {
        try db.run("INSERT INTO recruitment(full_name, name_key, birth_date, birth_year, id_number, kind, level, date, year, source_file, source_line, district_code) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                   [.text(name), .text(name), .text(birth), .null, .text(id), .text(kind), .text(level), .text("\(year)-06-01"), .int(year),
                    .text("\(district)/recruitment.csv"), .int(line), .text(district)])
    }

    private func value(_ indicator: String, district: String? = nil) throws -> Double? {
        if let district {
            return try db.scalar("SELECT value FROM district_indicators WHERE year = 2023 AND indicator = ? AND district_code = ?", [.text(indicator), .text(district)])?.double
        }
        return try db.scalar("SELECT value FROM provincial_indicators WHERE year = 2023 AND indicator = ?", [.text(indicator)])?.double
    }

    func testPeopleCountOncePerIndicatorByIDOrNameAndBirthDate() throws {
        try recruit("a", birth: "2000-01-01", id: "044200000001", kind: "abroad", line: 2)
        try recruit("a", birth: nil, id: "044200000001", kind: "abroad", district: "455", line: 2)   // same ID, other district
        try recruit("a", birth: "2000-01-01", id: nil, kind: "domestic", line: 3)                     // same name+birth: same person
        try recruit("b", birth: "2001-01-01", id: nil, kind: "domestic", line: 4)
        try recruit("b", birth: "2001-01-02", id: nil, kind: "domestic", line: 5)                     // namesake, other birth date
        try recruit("c", birth: nil, id: nil, kind: "domestic", line: 6)
        try recruit("c", birth: nil, id: nil, kind: "domestic", line: 7)                              // no ID nor birth date: two
        try recruit("d", birth: "2002-01-01", id: nil, kind: "vet", level: "college", line: 8)
        try recruit("d", birth: "2002-01-01", id: nil, kind: "vet", level: "college", line: 9)
        try recruit("e", birth: "2002-01-01", id: nil, kind: "vet", level: "elementary", line: 10)
        try recruit("f", birth: "2002-01-01", id: nil, kind: "vet", level: "intermediate", year: 2022, line: 11)
        try recruit("g", birth: "2001-06-05", id: "044201000001", kind: "abroad", line: 12)
        try recruit("g", birth: "2001-06-05", id: "044201000777", kind: "abroad", line: 13)   // namesakes: two IDs, two people
        try AggregateStage.run(context: context, db: db, logger: Fixture.quietLogger)
        XCTAssertEqual(try value("jobs_total"), 7)      // a, b, b', c, c', g, g'
        XCTAssertEqual(try value("jobs_abroad"), 3)
        XCTAssertEqual(try value("vet_enrolled_total"), 2)
        XCTAssertEqual(try value("vet_enrolled_college"), 1)
        XCTAssertEqual(try value("vet_enrolled_elementary"), 1)
        XCTAssertEqual(try value("vet_enrolled_intermediate"), 0)
        XCTAssertEqual(try value("jobs_abroad", district: "454"), 3, "a person counts in the district of the first line")
        XCTAssertEqual(try value("jobs_abroad", district: "455"), 0)
        let plan = try db.rows("SELECT plan, pct_of_plan FROM provincial_indicators WHERE year = 2023 AND indicator = 'jobs_total'")[0]
        XCTAssertEqual(plan[0].double, 18_500)
        XCTAssertEqual(plan[1].double ?? 0, 7.0 / 18_500 * 100, accuracy: 1e-9)
    }

    func testHouseholdRatesAndReductionFromTwoYears() throws {
        for (year, total) in [(2022, 2_000), (2023, 2_000)] {
            try db.run("INSERT INTO household_totals VALUES ('19021', ?, ?, 'x.csv', 1, '454')", [.int(year), .int(total / 2)])
            try db.run("INSERT INTO household_totals VALUES ('19111', ?, ?, 'x.csv', 2, '455')", [.int(year), .int(total / 2)])
        }
        func household(_ id: String?, _ head: String, _ cls: String, _ year: Int, line: Int, district: String = "454") throws {
            try db.run("INSERT INTO households(household_id, head_name, name_key, commune_code, classification, year, source_file, source_line, district_code) VALUES (?,?,?,?,?,?,?,?,?)",
                       [.text(id), .text(head), .text(head), .text(district == "454" ? "19021" : "19111"), .text(cls), .int(year), .text("h.csv"), .int(line), .text(district)])
        }
        for i in 0..<100 { try household("P22-\(i)", "p\(i)", "poor", 2022, line: i) }
        for i in 0..<80 { try household("P23-\(i)", "p\(i)", "poor", 2023, line: 200 + i, district: i < 50 ? "454" : "455") }
        try household("P23-1", "p1", "poor", 2023, line: 400)            // listed twice: once
        try household(nil, "q", "near_poor", 2023, line: 401)
        try household(nil, "q", "near_poor", 2023, line: 402)            // no code: commune + head decide
        try AggregateStage.run(context: context, db: db, logger: Fixture.quietLogger)
        XCTAssertEqual(try value("total_households"), 2_000)
        XCTAssertEqual(try value("poor_households"), 80)
        XCTAssertEqual(try value("poor_rate_pct") ?? 0, 4.0, accuracy: 1e-12)
        XCTAssertEqual(try value("poor_rate_reduction_pp") ?? 0, 1.0, accuracy: 1e-12)
        XCTAssertEqual(try value("near_poor_households"), 1)
        XCTAssertEqual(try value("poor_households", district: "455"), 30)
        XCTAssertEqual(try value("poor_rate_pct", district: "455") ?? 0, 3.0, accuracy: 1e-12)
        let pct = try db.scalar("SELECT pct_of_plan FROM provincial_indicators WHERE year = 2023 AND indicator = 'poor_rate_reduction_pp'")?.double
        XCTAssertEqual(pct ?? 0, 1.0 / 0.8 * 100, accuracy: 1e-9)
        XCTAssertNil(try db.scalar("SELECT plan FROM provincial_indicators WHERE year = 2023 AND indicator = 'poor_households'")?.double)
    }

    func testPeriodIndicatorsCountPaidRecordsAndNonCash() throws {
        // The registry line of each record (a record is its file and line).
        let recordLines = ["A": 2, "B": 3, "C": 4, "D": 5]
        func pay(_ line: Int, _ code: String?, _ amount: Int, _ method: String, _ decision: String, district: String = "454") throws {
            try db.run("INSERT INTO payments(period, beneficiary_id, full_name, name_key, amount, method, source_file, source_line, district_code) VALUES ('2023-12', ?, 'x', 'x', ?, ?, 'p.csv', ?, ?)",
                       [.text(code), .int(amount), .text(method), .int(line), .text(district)])
            try db.run("INSERT INTO recon_matches(period, source_file, source_line, district_code, beneficiary_id, rule, decision, record_file, record_line) VALUES ('2023-12','p.csv',?,?,?,'code',?,'b.csv',?)",
                       [.int(line), .text(district), .text(code), .text(decision), .int(recordLines[code ?? ""])])
        }
        try pay(1, "A", 100, "cash", "match")
        try pay(2, "A", 100, "noncash", "match")     // A paid twice, once without cash
        try pay(3, "B", 100, "cash", "match")
        try pay(4, "C", 100, "noncash", "conflict")  // an identity conflict pays nobody
        try pay(5, "D", 100, "cash", "match", district: "455")
        try db.run("INSERT INTO recon_exceptions(period, district_code, exception_type, beneficiary_id, source_file, source_line, amount_at_risk, detail) VALUES ('2023-12','454','AMOUNT_MISMATCH','B','p.csv',3,-55,'x')")
        try AggregateStage.run(context: context, db: db, logger: Fixture.quietLogger)
        let rows = try db.rows("SELECT COALESCE(district_code, 'province'), indicator, value FROM period_indicators ORDER BY 1, 2")
        var values: [String: Double] = [:]
        for r in rows { values["\(r[0].string ?? "")/\(r[1].string ?? "")"] = r[2].double }
        XCTAssertEqual(values["province/paid_beneficiaries"], 3)
        XCTAssertEqual(values["province/noncash_beneficiaries"], 1)
        XCTAssertEqual(values["province/noncash_rate_pct"] ?? 0, 100.0 / 3, accuracy: 1e-9)
        XCTAssertEqual(values["province/amount_paid"], 500)
        XCTAssertEqual(values["province/amount_at_risk"], 55)
        XCTAssertEqual(values["454/paid_beneficiaries"], 2)
        XCTAssertEqual(values["455/paid_beneficiaries"], 1)
        XCTAssertEqual(values["455/amount_at_risk"], 0)
    }

    func testTheFirstLineIsInFileOrderNotInTheOrderRowsWereLoaded() throws {
        // Loaded 455's file first; "454/…" sorts before "455/…" (by bytes, as ORDER BY source_file).
        try recruit("a", birth: "2000-01-01", id: "044200000001", kind: "abroad", district: "455", line: 2)
        try recruit("a", birth: "2000-01-01", id: "044200000001", kind: "abroad", district: "454", line: 9)
        try recruit("b", birth: "2000-01-02", id: nil, kind: "vet", level: "college", district: "455", line: 3)
        try recruit("b", birth: "2000-01-02", id: nil, kind: "vet", level: "college", district: "455", line: 1)
        try recruit("b", birth: "2000-01-02", id: nil, kind: "domestic", district: "454", line: 20)
        try AggregateStage.run(context: context, db: db, logger: Fixture.quietLogger)
        XCTAssertEqual(try value("jobs_abroad", district: "454"), 1)
        XCTAssertEqual(try value("jobs_abroad", district: "455"), 0)
        XCTAssertEqual(try value("vet_enrolled_college", district: "455"), 1, "b's first college line is 455's line 1")
        XCTAssertEqual(try value("jobs_total"), 2, "a, and b with a domestic job: one person across selections")
    }

    func testARecordPaidFromTwoDistrictsCountsInEachAndOnceForTheProvince() throws {
        func pay(_ file: String, _ line: Int, _ method: String, record: Int?, district: String, period: String = "2023-12") throws {
            try db.run("INSERT INTO payments(period, beneficiary_id, full_name, name_key, amount, method, source_file, source_line, district_code) VALUES (?, 'A', 'x', 'x', 100, ?, ?, ?, ?)",
                       [.text(period), .text(method), .text(file), .int(line), .text(district)])
            try db.run("INSERT INTO recon_matches(period, source_file, source_line, district_code, beneficiary_id, rule, decision, record_file, record_line) VALUES ('2023-12',?,?,?,'A','code','match','b.csv',?)",
                       [.text(file), .int(line), .text(district), .int(record)])
        }
        try pay("454/p.csv", 2, "cash", record: 7, district: "454")
        try pay("455/p.csv", 2, "noncash", record: 7, district: "455")
        try pay("455/p.csv", 3, "cash", record: nil, district: "455")
        try AggregateStage.run(context: context, db: db, logger: Fixture.quietLogger)
        func period(_ district: String?, _ indicator: String) throws -> Double? {
            try db.scalar("SELECT value FROM period_indicators WHERE period = '2023-12' AND district_code IS ? AND indicator = ?", [.text(district), .text(indicator)])?.double
        }
        XCTAssertEqual(try period("454", "paid_beneficiaries"), 1)
        XCTAssertEqual(try period("454", "noncash_beneficiaries"), 0)
        XCTAssertEqual(try period("455", "paid_beneficiaries"), 2, "record 7, and the line without a record line")
        XCTAssertEqual(try period("455", "noncash_beneficiaries"), 1)
        XCTAssertEqual(try period(nil, "paid_beneficiaries"), 2)
        XCTAssertEqual(try period(nil, "noncash_beneficiaries"), 1)
        XCTAssertEqual(try period(nil, "amount_paid"), 300)

        // A matched line among another month's lines (the join does not ask the month): the
        // join's answer, as before.
        try db.run("UPDATE payments SET period = '2023-11' WHERE source_file = '454/p.csv'")
        try AggregateStage.run(context: context, db: db, logger: Fixture.quietLogger)
        XCTAssertEqual(try period("454", "paid_beneficiaries"), 1)
        XCTAssertEqual(try period(nil, "paid_beneficiaries"), 2)
        XCTAssertEqual(try period(nil, "amount_paid"), 200)
    }
}
