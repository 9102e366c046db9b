import Foundation
import XCTest
@testable import Synth

/// Scale 1 must reproduce the department's published 2023 figures exactly. Counted on the
/// generator's own sets (`Synth.summary`), which the truth files are written from.
final class CalibrationTests: XCTestCase {
    func testScaleOneReproducesThePublishedFigures() throws {
        let s = try Synth.summary(config: SynthConfig(gazetteerCSV: GeneratedTree.gazetteer))
        XCTAssertEqual(s.paidRecords, 66_228)
        XCTAssertEqual(s.noncashPaidRecords, 271)
        XCTAssertEqual(s.registryRecords, 68_000)
        let ncc = Double(s.nccRecords) / Double(s.registryRecords)
        XCTAssertTrue((0.37...0.43).contains(ncc), "NCC share \(ncc)")
        XCTAssertEqual(s.nccRecords + s.btxhRecords, s.registryRecords)

        XCTAssertEqual(s.poorHouseholds[2023], 10_473)
        XCTAssertEqual(s.nearPoorHouseholds[2023], 10_379)
        XCTAssertEqual(s.totalHouseholds[2023], 258_600)
        XCTAssertEqual(s.poorHouseholds[2022], 12_840)
        XCTAssertEqual(s.nearPoorHouseholds[2022], 12_224)
        XCTAssertEqual(s.totalHouseholds[2022], 256_800)
        XCTAssertTrue(s.householdsConsistent, "a commune has poor + near-poor ≥ its total")

        XCTAssertEqual(s.recruitment["jobs_total"], 20_360)
        XCTAssertEqual(s.recruitment["jobs_abroad"], 6_042)
        XCTAssertEqual(s.recruitment["vet_enrolled_college"], 269)
        XCTAssertEqual(s.recruitment["vet_enrolled_intermediate"], 2_108)
        XCTAssertEqual(s.recruitment["vet_enrolled_elementary"], 14_873)
        XCTAssertEqual(s.recruitment["vet_enrolled_total"], 17_250)

        XCTAssertEqual(s.plannedExceptions, [
            "PAID_NOT_REGISTERED": 60, "PAID_AFTER_END": 80, "AMOUNT_MISMATCH": 120, "DUPLICATE_PAYMENT": 80,
            "DUPLICATE_RECORD": 60, "IDENTITY_CONFLICT": 25, "NEEDS_REVIEW": 40, "REGISTERED_NOT_PAID": 300,
        ])
        XCTAssertLessThanOrEqual(s.largestNameBucket, PeopleIndex.fullCheckLimit,
                                 "at scale 1 every newcomer is checked against its whole (commune, birth year) bucket")
    }

    func testSmallScalesScaleTheCounts() throws {
        let s = try Synth.summary(config: SynthConfig(scale: 0.02, gazetteerCSV: GeneratedTree.gazetteer))
        XCTAssertEqual(s.paidRecords, Int((66_228 * 0.02).rounded()))
        XCTAssertEqual(s.poorHouseholds[2023], Int((10_473 * 0.02).rounded()))
        XCTAssertEqual(s.recruitment["jobs_abroad"], Int((6_042 * 0.02).rounded()))
        for (type, n) in s.plannedExceptions { XCTAssertGreaterThan(n, 0, "\(type) is planted at small scales too") }
    }
}
