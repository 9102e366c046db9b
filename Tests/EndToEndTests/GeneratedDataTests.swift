import CSVReader
import Foundation
import Synth
import TestSupport
import Warehouse
import XCTest

/// The CLI on a generated data set, checked against the generator's ground truth: every
/// planted finding found on its line and nothing else, every planted bad row rejected,
/// the figures the generator expects.
final class GeneratedDataTests: XCTestCase {
    static var input: URL!
    static var output: URL!
    static var truth: URL!
    static var runStatus: Int32 = -1
    static var runErrors = ""

    override class func setUp() {
        super.setUp()
        do {
            let base = try Fixture.tempDir("ansinh-e2e")
            input = base.appendingPathComponent("input")
            output = base.appendingPathComponent("output")
            truth = base.appendingPathComponent("truth")
            let config = SynthConfig(scale: 0.05, seed: 11, gazetteerCSV: Fixture.root.appendingPathComponent("pipelines/quang-binh-gazetteer.csv"))
            _ = try Synth.generate(into: input, truthDir: truth, config: config)
            (runStatus, runErrors) = try CommandLineTests.ansinh(["run", "--input", input.path, "--output", output.path, "--quiet"])
        } catch {
            runErrors = "setup failed: \(error)"
        }
    }

    private func warehouse() throws -> Database {
        XCTAssertEqual(Self.runStatus, 0, Self.runErrors)
        return try Database(path: Self.output.appendingPathComponent("warehouse.sqlite").path, readOnly: true)
    }

    /// Rows of a truth CSV as dictionaries.
    private func truthRows(_ name: String) throws -> [[String: String]] {
        try Fixture.csvRows(at: Self.truth.appendingPathComponent(name))
    }

    private func expected() throws -> [String: Any] {
        let data = try Data(contentsOf: Self.truth.appendingPathComponent("expected.json"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func testEveryPlantedFindingIsFoundOnItsLineAndNothingElse() throws {
        let db = try warehouse()
        let found = Set(try db.rows("SELECT exception_type, district_code, beneficiary_id, source_file, source_line FROM recon_exceptions").map {
            "\($0[0].string ?? "")|\($0[1].string ?? "")|\($0[2].string ?? "")|\($0[3].string ?? "")|\($0[4].int ?? 0)"
        })
        let planted = Set(try truthRows("exceptions.csv").map {
            "\($0["exception_type"] ?? "")|\($0["district_code"] ?? "")|\($0["beneficiary_id"] ?? "")|\($0["source_file"] ?? "")|\($0["source_line"] ?? "")"
        })
        XCTAssertFalse(planted.isEmpty)
        XCTAssertEqual(found.subtracting(planted).sorted(), [], "found but not planted")
        XCTAssertEqual(planted.subtracting(found).sorted(), [], "planted but not found")
        let types = Set(planted.map { $0.split(separator: "|")[0] })
        XCTAssertEqual(types.count, 8, "the data set plants every exception type")
    }

    func testEveryPlantedBadRowIsRejectedAndTheLedgerAddsUp() throws {
        let db = try warehouse()
        let rejected = Set(try db.rows("SELECT source_file, source_line FROM rejects").map { "\($0[0].string ?? ""):\($0[1].int ?? 0)" })
        let planted = Set(try truthRows("rejects.csv").map { "\($0["source_file"] ?? ""):\($0["source_line"] ?? "")" })
        XCTAssertEqual(rejected, planted)
        XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM file_ledger WHERE rows_data <> rows_loaded + rows_rejected OR status <> 'ok'")?.int, 0)
        let files = try FileManager.default.subpathsOfDirectory(atPath: Self.input.path).filter { $0.hasSuffix(".csv") && !$0.hasPrefix(".") }
        XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM file_ledger")?.int, Int64(files.count))
        let mismatches = Set(try db.rows("SELECT source_file, source_line FROM quality_findings WHERE rule = 'control_total_mismatch'").map { "\($0[0].string ?? ""):\($0[1].int ?? 0)" })
        let planted2 = Set(try truthRows("control_totals.csv").filter { $0["ok"] == "false" }.map { "\($0["source_file"] ?? ""):\($0["source_line"] ?? "")" })
        XCTAssertEqual(mismatches, planted2)
    }

    func testFiguresAreTheGeneratorsOwn() throws {
        let db = try warehouse()
        let json = try expected()
        let period = try XCTUnwrap(json["period"] as? String)
        let periodFigures = try XCTUnwrap((json["period_indicators"] as? [String: Any])?[period] as? [String: Any])
        var checked = 0
        func compare(_ figures: [String: Any], district: String?, table: (String, String?) throws -> Double?) throws {
            for (indicator, value) in figures {
                guard let value = (value as? NSNumber)?.doubleValue else { continue }
                XCTAssertEqual(try table(indicator, district), value, "\(indicator) \(district ?? "province")")
                checked += 1
            }
        }
        let periodValue: (String, String?) throws -> Double? = { indicator, district in
            if let district {
                return try db.scalar("SELECT value FROM period_indicators WHERE period = ? AND district_code = ? AND indicator = ?", [.text(period), .text(district), .text(indicator)])?.double
            }
            return try db.scalar("SELECT value FROM period_indicators WHERE period = ? AND district_code IS NULL AND indicator = ?", [.text(period), .text(indicator)])?.double
        }
        try compare(try XCTUnwrap(periodFigures["province"] as? [String: Any]), district: nil, table: periodValue)
        for (district, figures) in try XCTUnwrap(periodFigures["districts"] as? [String: [String: Any]]) {
            try compare(figures, district: district, table: periodValue)
        }
        let yearly = try XCTUnwrap((json["yearly_indicators"] as? [String: Any])?["2023"] as? [String: Any])
        let yearValue: (String, String?) throws -> Double? = { indicator, district in
            if let district {
                return try db.scalar("SELECT value FROM district_indicators WHERE year = 2023 AND district_code = ? AND indicator = ?", [.text(district), .text(indicator)])?.double
            }
            return try db.scalar("SELECT value FROM provincial_indicators WHERE year = 2023 AND indicator = ?", [.text(indicator)])?.double
        }
        try compare(try XCTUnwrap(yearly["province"] as? [String: Any]), district: nil, table: yearValue)
        for (district, figures) in try XCTUnwrap(yearly["districts"] as? [String: [String: Any]]) {
            try compare(figures, district: district, table: yearValue)
        }
        XCTAssertGreaterThan(checked, 100)
    }

    func testTheReportIsWrittenWithTheProvincialTable() throws {
        let html = try String(contentsOf: Self.output.appendingPathComponent("report/index.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("id=provincial"))
        XCTAssertTrue(html.contains("data-indicator=\"jobs_total\""))
        XCTAssertTrue(html.contains("PAID_AFTER_END"))
    }
}
