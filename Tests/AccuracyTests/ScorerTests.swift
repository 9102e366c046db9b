@testable import Accuracy
import XCTest

/// Precision and recall on hand-made found and planted findings.
final class ScorerTests: XCTestCase {
    private func f(_ type: String, _ line: Int, id: String = "454000001") -> Finding {
        Finding(type: type, districtCode: "454", beneficiaryID: id, file: "454/payments.csv", line: line)
    }

    private var planted: [Finding] {
        [f("PAID_NOT_REGISTERED", 1, id: ""), f("REGISTERED_NOT_PAID", 2), f("REGISTERED_NOT_PAID", 3), f("AMOUNT_MISMATCH", 4)]
    }

    private var found: [Finding] {
        [f("PAID_NOT_REGISTERED", 1, id: ""), f("REGISTERED_NOT_PAID", 2), f("REGISTERED_NOT_PAID", 2),
         f("REGISTERED_NOT_PAID", 5), f("DUPLICATE_PAYMENT", 6)]
    }

    func testCountsArePerTypeAndFindingsCompareAsMultisets() {
        let scores = Scorer.score(found: found, planted: planted)
        XCTAssertEqual(scores["PAID_NOT_REGISTERED"], Score(truePositives: 1, falsePositives: 0, falseNegatives: 0))
        // Line 2 found twice: one hit, one surplus; line 5 not planted; line 3 missed.
        XCTAssertEqual(scores["REGISTERED_NOT_PAID"], Score(truePositives: 1, falsePositives: 2, falseNegatives: 1))
        XCTAssertEqual(scores["AMOUNT_MISMATCH"], Score(truePositives: 0, falsePositives: 0, falseNegatives: 1))
        XCTAssertEqual(scores["DUPLICATE_PAYMENT"], Score(truePositives: 0, falsePositives: 1, falseNegatives: 0))
        XCTAssertNil(scores["NEEDS_REVIEW"], "a type neither side has gets no entry from the scorer")
    }

    func testPrecisionAndRecallAreUndefinedWhereTheirDenominatorIsZero() throws {
        let scores = Scorer.score(found: found, planted: planted)
        XCTAssertEqual(scores["PAID_NOT_REGISTERED"]?.precision, 1)
        XCTAssertEqual(scores["PAID_NOT_REGISTERED"]?.recall, 1)
        let rnp = try XCTUnwrap(scores["REGISTERED_NOT_PAID"])
        XCTAssertEqual(try XCTUnwrap(rnp.precision), 1.0 / 3.0, accuracy: 1e-12)
        XCTAssertEqual(rnp.recall, 0.5)
        XCTAssertEqual(rnp.found, 3)
        XCTAssertEqual(rnp.planted, 2)
        // Planted but never found: recall 0, precision undefined (not 1, not 0).
        XCTAssertNil(scores["AMOUNT_MISMATCH"]?.precision)
        XCTAssertEqual(scores["AMOUNT_MISMATCH"]?.recall, 0)
        // Found but never planted: precision 0, recall undefined.
        XCTAssertEqual(scores["DUPLICATE_PAYMENT"]?.precision, 0)
        XCTAssertNil(scores["DUPLICATE_PAYMENT"]?.recall)
        // Nothing planted, nothing found: neither is defined.
        XCTAssertNil(Score().precision)
        XCTAssertNil(Score().recall)
    }

    func testErrorsListEverySurplusAndEveryMiss() {
        let errors = Scorer.errors(found: found, planted: planted)
        XCTAssertEqual(errors.falsePositives, [f("REGISTERED_NOT_PAID", 2), f("REGISTERED_NOT_PAID", 5), f("DUPLICATE_PAYMENT", 6)])
        XCTAssertEqual(errors.falseNegatives, [f("REGISTERED_NOT_PAID", 3), f("AMOUNT_MISMATCH", 4)])
    }

    func testAFindingOnTheRightLineWithTheWrongBeneficiaryIsBothAnErrorAndAMiss() {
        let scores = Scorer.score(found: [f("IDENTITY_CONFLICT", 7, id: "454000002")], planted: [f("IDENTITY_CONFLICT", 7)])
        XCTAssertEqual(scores["IDENTITY_CONFLICT"], Score(truePositives: 0, falsePositives: 1, falseNegatives: 1))
    }

    func testTheReportCarriesEveryContractTypePoolsAndRendersNA() throws {
        let scores = Scorer.score(found: found, planted: planted)
        let types = AccuracyReport.ordered(Set(scores.keys)).map {
            AccuracyReport.TypeResult(type: $0, score: scores[$0] ?? Score(), falsePositiveExamples: [], falseNegativeExamples: [])
        }
        let report = AccuracyReport(matcher: "hand", seeds: [1], scale: 1, period: "2023-12", paymentLines: 200,
                                    types: types, reconcileSeconds: 0.5)
        XCTAssertEqual(report.types.count, 8)
        XCTAssertEqual(report.overall, Score(truePositives: 2, falsePositives: 3, falseNegatives: 2))
        XCTAssertEqual(report.reviewRate, 0)
        XCTAssertEqual(report.result(.needsReview)?.score, Score())

        let pooled = try XCTUnwrap(AccuracyReport.pooled([report, report]))
        XCTAssertEqual(pooled.overall, Score(truePositives: 4, falsePositives: 6, falseNegatives: 4))
        XCTAssertEqual(pooled.paymentLines, 400)
        XCTAssertEqual(pooled.seeds, [1, 1])
        XCTAssertNil(AccuracyReport.pooled([]))

        let table = AccuracyTable.render([report], title: "hand-made")
        let review = try XCTUnwrap(table.split(separator: "\n").first { $0.hasPrefix("NEEDS_REVIEW") })
        XCTAssertEqual(review.split(separator: " ").suffix(2), ["n/a", "n/a"])
        let rnp = try XCTUnwrap(table.split(separator: "\n").first { $0.hasPrefix("REGISTERED_NOT_PAID") })
        XCTAssertEqual(rnp.split(separator: " ").suffix(2), ["0.3333", "0.5000"])
    }
}
