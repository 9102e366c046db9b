import CSVReader
import Foundation
import Pipeline
import Synth
import TestSupport
import Warehouse
import XCTest

/// `ansinh run` with the national configuration (pipelines/vietnam.yaml) on generated data of
/// several provinces: every folder found as its district, every planted finding found on its
/// line and nothing else, every planted bad row rejected. The districts are those whose names
/// trap a national run (Hồ Chí Minh City's numbered wards and "Quận 1", Đắk Lắk's Krông and Ea
/// names, Gia Lâm's two Yên Viên), with Quảng Bình; the data set is the generator's national
/// one, limited to them so that the test stays quick, and the run's configuration is
/// vietnam.yaml beside that part of the gazetteer.
final class NationalRunTests: XCTestCase {
    static var input: URL!
    static var output: URL!
    static var truth: URL!
    static var configURL: URL!
    static var result: SynthResult?
    static var runStatus: Int32 = -1
    static var runErrors = ""

    /// Province codes, and single districts, of the national gazetteer the data set covers
    /// (Quảng Bình has 8 districts).
    static let provinces: Set<String> = ["44"]
    static let districts: Set<String> = ["001", "018", "380", "648", "650", "654", "760", "764", "768", "772"]

    override class func setUp() {
        super.setUp()
        do {
            let base = try Fixture.tempDir("ansinh-national")
            input = base.appendingPathComponent("input")
            output = base.appendingPathComponent("output")
            truth = base.appendingPathComponent("truth")
            let pipelines = Fixture.root.appendingPathComponent("pipelines")
            let lines = try String(contentsOf: pipelines.appendingPathComponent("vietnam-gazetteer.csv"), encoding: .utf8)
                .split(whereSeparator: \.isNewline)
            let kept = lines.enumerated().filter { i, line in
                let f = line.split(separator: ",", omittingEmptySubsequences: false)
                return i == 0 || (f.count > 2 && (provinces.contains(String(f[0])) || districts.contains(String(f[2]))))
            }.map { String($0.1) }
            let configDir = base.appendingPathComponent("pipelines")
            try FileManager.default.createDirectory(at: configDir, withIntermediateDirectories: true)
            try (kept.joined(separator: "\n") + "\n").write(to: configDir.appendingPathComponent("vietnam-gazetteer.csv"),
                                                             atomically: true, encoding: .utf8)
            configURL = configDir.appendingPathComponent("vietnam.yaml")
            try FileManager.default.copyItem(at: pipelines.appendingPathComponent("vietnam.yaml"), to: configURL)
            let config = SynthConfig(scale: 0.05, seed: 17, gazetteerCSV: configDir.appendingPathComponent("vietnam-gazetteer.csv"))
            result = try Synth.generate(into: input, truthDir: truth, config: config)
            (runStatus, runErrors) = try CommandLineTests.ansinh(["run", "--config", configURL.path, "--input", input.path,
                                                                  "--output", output.path, "--quiet"])
        } catch {
            runErrors = "setup failed: \(error)"
        }
    }

    override class func tearDown() {
        if let base = input?.deletingLastPathComponent() { try? FileManager.default.removeItem(at: base) }
        super.tearDown()
    }

    private func warehouse() throws -> Database {
        XCTAssertEqual(Self.runStatus, 0, Self.runErrors)
        return try Database(path: Self.output.appendingPathComponent("warehouse.sqlite").path, readOnly: true)
    }

    private func truthRows(_ name: String) throws -> [[String: String]] {
        try Fixture.csvRows(at: Self.truth.appendingPathComponent(name))
    }

    func testTheNationalConfigurationLoads() throws {
        let config = try PipelineConfig.load(from: Fixture.root.appendingPathComponent("pipelines/vietnam.yaml"))
        XCTAssertEqual(config.gazetteer.districts.count, 691)
        XCTAssertEqual(config.gazetteer.communes.count, 10_047)
        XCTAssertEqual(Set(config.gazetteer.districts.map(\.provinceCode)).count, 63)
        XCTAssertEqual(config.provinceCode, "00")
        XCTAssertTrue(config.plans.isEmpty, "no plan: a plan is a province's")
        let demo = try Fixture.config()
        XCTAssertEqual(config.datasets.map(\.dataset), demo.datasets.map(\.dataset))
    }

    func testEveryFolderIsFoundAsItsOwnDistrictInTheNationalGazetteer() throws {
        let gazetteer = try PipelineConfig.load(from: Fixture.root.appendingPathComponent("pipelines/vietnam.yaml")).gazetteer
        let generated = try XCTUnwrap(Self.result)
        let folders = Set(generated.files.compactMap { $0.split(separator: "/").first.map(String.init) })
        XCTAssertEqual(folders.count, Self.provinces.count * 8 + Self.districts.count)
        var districtOf: [String: String] = [:]
        for folder in folders {
            let district = try XCTUnwrap(gazetteer.district(forFolder: folder), "\(folder) is no district")
            districtOf[folder] = district.code
        }
        XCTAssertEqual(Set(districtOf.values).count, folders.count, "one folder per district")
        for finding in generated.findings {
            let folder = String(finding.file.split(separator: "/")[0])
            XCTAssertEqual(districtOf[folder], finding.districtCode, finding.file)
        }
    }

    func testEveryPlantedFindingIsFoundOnItsLineAndNothingElse() throws {
        let db = try warehouse()
        let found = Set(try db.rows("SELECT exception_type, district_code, beneficiary_id, source_file, source_line FROM recon_exceptions").map {
            "\($0[0].string ?? "")|\($0[1].string ?? "")|\($0[2].string ?? "")|\($0[3].string ?? "")|\($0[4].int ?? 0)"
        })
        let planted = Set(try truthRows("exceptions.csv").map {
            "\($0["exception_type"] ?? "")|\($0["district_code"] ?? "")|\($0["beneficiary_id"] ?? "")|\($0["source_file"] ?? "")|\($0["source_line"] ?? "")"
        })
        XCTAssertEqual(found.subtracting(planted).sorted(), [], "found but not planted")
        XCTAssertEqual(planted.subtracting(found).sorted(), [], "planted but not found")
        XCTAssertEqual(Set(planted.map { $0.split(separator: "|")[0] }).count, 8, "the data set plants every exception type")
    }

    func testEveryPlantedBadRowIsRejectedAndEveryCommuneResolved() throws {
        let db = try warehouse()
        let rejected = Set(try db.rows("SELECT source_file, source_line FROM rejects").map { "\($0[0].string ?? ""):\($0[1].int ?? 0)" })
        let planted = Set(try truthRows("rejects.csv").map { "\($0["source_file"] ?? ""):\($0["source_line"] ?? "")" })
        XCTAssertEqual(rejected, planted)
        XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM file_ledger WHERE rows_data <> rows_loaded + rows_rejected OR status <> 'ok'")?.int, 0)
        // No commune spelling led to another district or to nothing.
        let stray = try db.rows("""
            SELECT rule, value FROM quality_findings
            WHERE rule = 'commune_other_district' OR (rule = 'invalid_optional_value' AND column_name = 'commune') LIMIT 5
            """).map { "\($0[0].string ?? ""): \($0[1].string ?? "")" }
        XCTAssertEqual(stray, [])
    }
}
