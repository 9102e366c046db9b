import Foundation
import Synth
import TestSupport
import Warehouse
import XCTest

/// The demo as `make reconcile` makes it (scale 1, seed 2023) reproduces the department's
/// published 2023 figures: counts exactly, rates to two decimals, % of plan recomputed.
final class DemoCalibrationTests: XCTestCase {
    func testTheDemoReproducesThePublished2023Figures() throws {
        let base = try Fixture.tempDir("ansinh-demo")
        let input = base.appendingPathComponent("input"), output = base.appendingPathComponent("output")
        let config = SynthConfig(scale: 1, seed: 2023, gazetteerCSV: Fixture.root.appendingPathComponent("pipelines/quang-binh-gazetteer.csv"))
        _ = try Synth.generate(into: input, truthDir: base.appendingPathComponent("truth"), config: config)
        let run = try CommandLineTests.ansinh(["run", "--input", input.path, "--output", output.path, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let db = try Database(path: output.appendingPathComponent("warehouse.sqlite").path, readOnly: true)

        var actual: [String: (value: Double, plan: Double?, pct: Double?)] = [:]
        for row in try db.rows("SELECT indicator, value, plan, pct_of_plan FROM provincial_indicators WHERE year = 2023") {
            actual[row[0].string ?? ""] = (row[1].double ?? .nan, row[2].double, row[3].double)
        }
        let counts: [String: Double] = [
            "jobs_total": 20_360, "jobs_abroad": 6_042, "vet_enrolled_total": 17_250, "vet_enrolled_college": 269,
            "vet_enrolled_intermediate": 2_108, "vet_enrolled_elementary": 14_873, "poor_households": 10_473,
            "near_poor_households": 10_379,
        ]
        for (indicator, value) in counts { XCTAssertEqual(actual[indicator]?.value, value, indicator) }
        let rates: [String: Double] = ["poor_rate_pct": 4.05, "near_poor_rate_pct": 4.01, "poor_rate_reduction_pp": 0.95, "near_poor_rate_reduction_pp": 0.75]
        for (indicator, value) in rates {
            XCTAssertEqual(((actual[indicator]?.value ?? 0) * 100).rounded() / 100, value, indicator)
        }
        // % of plan is recomputed, not copied: 269 / 250 is 107.6%, not the published 107.4%.
        XCTAssertEqual(actual["vet_enrolled_college"]?.pct ?? 0, 107.6, accuracy: 1e-9)
        XCTAssertEqual(actual["jobs_total"]?.pct ?? 0, 20_360.0 / 18_500 * 100, accuracy: 1e-9)
        XCTAssertEqual(actual["jobs_abroad"]?.plan, 3_700)
        // 2022's poverty review is in the warehouse too: its rates are the published 5.00% and
        // 4.76%, and the change from them is the published reduction. 2022 has no jobs figure.
        let previous = try db.rows("""
            SELECT indicator, ROUND(previous_value, 2), ROUND(change_from_previous, 2) FROM v_provincial_table
            WHERE year = 2023 AND indicator IN ('poor_rate_pct', 'near_poor_rate_pct', 'jobs_total') ORDER BY indicator
            """)
        XCTAssertEqual(previous, [[.text("jobs_total"), .null, .null],
                                  [.text("near_poor_rate_pct"), .real(4.76), .real(-0.75)],
                                  [.text("poor_rate_pct"), .real(5.0), .real(-0.95)]])

        func period(_ indicator: String) throws -> Double? {
            try db.scalar("SELECT value FROM period_indicators WHERE period = '2023-12' AND district_code IS NULL AND indicator = ?", [.text(indicator)])?.double
        }
        XCTAssertEqual(try period("paid_beneficiaries"), 66_228)
        XCTAssertEqual(try period("noncash_beneficiaries"), 271)
        XCTAssertEqual(((try period("noncash_rate_pct") ?? 0) * 10).rounded() / 10, 0.4)
        XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM file_ledger WHERE rows_data <> rows_loaded + rows_rejected")?.int, 0)
        // The run records reconcile's counts from the stage's summary, not by counting the
        // tables again: they must be what the tables hold.
        XCTAssertEqual(try db.rows("SELECT rows_in, rows_out, warnings FROM run_stages WHERE stage = 'reconcile'"),
                       try db.rows("""
                           SELECT (SELECT COUNT(*) FROM payments WHERE period = '2023-12'), (SELECT COUNT(*) FROM recon_exceptions WHERE period = '2023-12'),
                                  (SELECT COUNT(*) FROM recon_matches WHERE period = '2023-12' AND decision = 'review')
                           """))

        // The workbook of the run holds the published figures as numbers on its first sheet.
        let report = output.appendingPathComponent("report")
        let sheet = try Self.zipMember("xl/worksheets/sheet1.xml", of: report.appendingPathComponent("bao-cao.xlsx"))
        for value in ["20360", "6042", "17250", "269", "2108", "14873", "10473", "10379", "18500"] {
            XCTAssertTrue(sheet.range(of: "<c r=\"[A-Z]+[0-9]+\"[^>]*><v>\(value)</v>", options: .regularExpression) != nil,
                          "\(value) is a number cell of Tổng hợp")
        }
        // Speed work must not change a result: every table of the run, row for row, is the one
        // reviewed and kept in Golden/demo-s1.digest (written by scripts/warehouse-digest.sh).
        let digest = try Self.digest(of: output.appendingPathComponent("warehouse.sqlite"))
        let golden = try String(contentsOf: Fixture.root.appendingPathComponent("Tests/EndToEndTests/Golden/demo-s1.digest"), encoding: .utf8)
        let actualLines = digest.split(separator: "\n"), goldenLines = golden.split(separator: "\n")
        XCTAssertEqual(actualLines.count, goldenLines.count)
        for (a, g) in zip(actualLines, goldenLines) { XCTAssertEqual(a, g, "the demo's results changed") }
        for file in ["index.html", "bao-cao.xlsx", "districts/454-quang-trach.csv", "errors/454-quang-trach.csv"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: report.appendingPathComponent(file).path)
            XCTAssertEqual(attributes[.posixPermissions] as? Int, 0o600, file)
        }
    }

    /// The digest of a warehouse's results, as scripts/warehouse-digest.sh prints it.
    static func digest(of warehouse: URL) throws -> String {
        let result = try Fixture.output(of: Fixture.root.appendingPathComponent("scripts/warehouse-digest.sh"), [warehouse.path])
        XCTAssertEqual(result.status, 0, "scripts/warehouse-digest.sh \(warehouse.path)")
        return result.text
    }

    /// One member of a zip (an .xlsx).
    static func zipMember(_ name: String, of url: URL) throws -> String {
        let text = try Fixture.zipMember(name, of: url)
        XCTAssertNotNil(text, "reading \(name) of \(url.path)")
        return text ?? ""
    }
}
