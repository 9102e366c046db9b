@testable import Accuracy
import Foundation
import Reconcile
import Synth
import TestSupport
import XCTest

/// The harness on a small generated data set: the probabilistic engine and the deterministic
/// rules find every planted finding and nothing else; the exact-key baseline never flags an identity conflict or a case
/// for review, so it scores lower on those.
final class AccuracyHarnessTests: XCTestCase {
    static let scale = 0.03
    static let seed: UInt64 = 5
    static var reports: [AccuracyReport] = []
    static var setupError = ""
    static var workDir: URL?

    override class func setUp() {
        super.setUp()
        do {
            let dir = try Fixture.tempDir("ansinh-accuracy")
            workDir = dir
            reports = try AccuracyHarness.evaluate(scale: scale, seed: seed, matchers: [.probabilistic, .deterministic, .baseline],
                                                   config: try Fixture.config(), workDir: dir)
        } catch {
            setupError = "setup failed: \(error)"
        }
    }

    override class func tearDown() {
        if let workDir { try? FileManager.default.removeItem(at: workDir) }
        super.tearDown()
    }

    private func report(_ kind: MatcherKind) throws -> AccuracyReport {
        XCTAssertEqual(Self.setupError, "")
        return try XCTUnwrap(Self.reports.first { $0.matcher == kind.rawValue }, Self.setupError)
    }

    func testEveryTypeIsPlantedOnTheSameData() throws {
        let deterministic = try report(.deterministic), baseline = try report(.baseline)
        XCTAssertEqual(deterministic.types.map(\.type), ExceptionType.allCases.map(\.rawValue))
        for type in ExceptionType.allCases {
            XCTAssertGreaterThan(deterministic.result(type)?.score.planted ?? 0, 0, "\(type.rawValue) planted")
            XCTAssertEqual(deterministic.result(type)?.score.planted, baseline.result(type)?.score.planted, type.rawValue)
        }
        XCTAssertGreaterThan(deterministic.paymentLines, 0)
        XCTAssertEqual(deterministic.paymentLines, baseline.paymentLines)
    }

    func testDeterministicMatcherIsExactOnEveryPlantedType() throws {
        try assertExact(try report(.deterministic))
    }

    /// The engine learns its weights from this data set alone (EM) and still finds exactly what
    /// was planted, with no more review than planted.
    func testProbabilisticEngineIsExactOnEveryPlantedType() throws {
        try assertExact(try report(.probabilistic))
    }

    private func assertExact(_ r: AccuracyReport, file: StaticString = #filePath, line: UInt = #line) throws {
        for t in r.types where t.score.planted > 0 {
            XCTAssertEqual(t.score.precision, 1, "\(r.matcher) \(t.type) precision; \(t.falsePositiveExamples)", file: file, line: line)
            XCTAssertEqual(t.score.recall, 1, "\(r.matcher) \(t.type) recall; \(t.falseNegativeExamples)", file: file, line: line)
        }
        XCTAssertEqual(r.overall.falsePositives + r.overall.falseNegatives, 0, file: file, line: line)
        XCTAssertEqual(r.reviewRate, r.plantedReviewRate, file: file, line: line)
    }

    func testBaselineScoresLowerOnIdentityConflictsAndReview() throws {
        let deterministic = try report(.deterministic), baseline = try report(.baseline)
        for type in [ExceptionType.identityConflict, .needsReview] {
            let b = try XCTUnwrap(baseline.result(type)?.score), d = try XCTUnwrap(deterministic.result(type)?.score)
            XCTAssertEqual(b.found, 0, "the baseline never produces \(type.rawValue)")
            XCTAssertNil(b.precision)
            XCTAssertLessThan(try XCTUnwrap(b.recall), try XCTUnwrap(d.recall), type.rawValue)
            XCTAssertFalse(baseline.result(type)?.falseNegativeExamples.isEmpty ?? true, "misses are shown")
        }
        XCTAssertEqual(baseline.reviewRate, 0)
        XCTAssertLessThan(try XCTUnwrap(baseline.overall.recall), 1)
    }

    func testOneMatcherAloneGivesTheSameFigures() throws {
        let dir = try Fixture.tempDir("ansinh-accuracy-one")
        defer { try? FileManager.default.removeItem(at: dir) }
        let alone = try AccuracyHarness.evaluate(scale: Self.scale, seed: Self.seed, matcher: .baseline,
                                                 config: try Fixture.config(), workDir: dir)
        let together = try report(.baseline)
        XCTAssertEqual(alone.types.map(\.score), together.types.map(\.score))
        XCTAssertEqual(alone.paymentLines, together.paymentLines)
    }

    func testReportsRenderAsTableAndJSON() throws {
        let reports = [try report(.deterministic), try report(.baseline)]
        let table = AccuracyTable.render(reports, title: "seed \(Self.seed)")
        for type in ExceptionType.allCases { XCTAssertTrue(table.contains("\n" + type.rawValue), type.rawValue) }
        XCTAssertTrue(table.contains("deterministic") && table.contains("baseline"))
        XCTAssertTrue(AccuracyTable.examples(reports).contains("baseline  FN NEEDS_REVIEW"))

        let json = AccuracyJSON(scale: Self.scale, seeds: [Self.seed], matchers: ["deterministic", "baseline"], runs: reports,
                                pooled: reports.compactMap { AccuracyReport.pooled([$0]) })
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: json.data()) as? [String: Any])
        let runs = try XCTUnwrap(object["runs"] as? [[String: Any]])
        XCTAssertEqual(runs.count, 2)
        let baselineTypes = try XCTUnwrap(runs[1]["types"] as? [String: [String: Any]])
        XCTAssertTrue(baselineTypes["NEEDS_REVIEW"]?["precision"] is NSNull, "an undefined precision is null")
        XCTAssertEqual(baselineTypes["NEEDS_REVIEW"]?["recall"] as? Double, 0)
        XCTAssertEqual((runs[0]["overall"] as? [String: Any])?["recall"] as? Double, 1)
    }

    func testTheGazetteerIsTheOneTheConfigurationNames() throws {
        let url = try Fixture.config().gazetteerURL
        XCTAssertEqual(url.standardizedFileURL.path, Fixture.root.appendingPathComponent("pipelines/quang-binh-gazetteer.csv").standardizedFileURL.path)
    }
}
