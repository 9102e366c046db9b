import Foundation
import Normalize
import Pipeline
import Reconcile
import TestSupport
import Warehouse
import XCTest

/// The same person written differently on a payment line without code or citizen ID.
final class NameVariantTests: XCTestCase {
    /// Normalizes and reconciles the six records and five lines below with `matcher`.
    private func reconcile(_ matcher: MatcherKind) throws -> Database {
        let input = try Fixture.tempDir()
        try Fixture.write([
            "Mã ĐT,Họ và tên,Ngày sinh,Xã,Chế độ,Mức trợ cấp,Trạng thái",
            "454-1,Hoàng Văn Nam,01/02/1945,Quảng Phú,NCC,2055000,Đang hưởng",
            "454-2,Nguyễn Văn Hùng,03/04/1946,Quảng Phú,NCC,2055000,Đang hưởng",
            "454-3,Trần Thị Mai,05/06/1947,Quảng Phú,NCC,2055000,Đang hưởng",
            "454-4,Lê Văn Tám,07/10/1948,Quảng Phú,NCC,2055000,Đang hưởng",
            "454-5,Vũ Thị Lan,09/09/1949,Quảng Phú,NCC,2055000,Đang hưởng",
            "454-6,Võ Thị Lan,09/09/1949,Quảng Phú,NCC,2055000,Đang hưởng",
        ], to: input.appendingPathComponent("454"), "beneficiaries.csv")
        try Fixture.write([
            "Kỳ chi trả,Họ tên,Ngày sinh,Xã,Số tiền",
            "12/2023,Huỳnh Văn Nam,01/02/1945,Quảng Phú,2055000",    // 2 family-name variant
            "12/2023,Nguyễn Hùng,03/04/1946,Quảng Phú,2055000",      // 3 middle name dropped
            "12/2023,Mai Trần Thị,05/06/1947,Quảng Phú,2055000",     // 4 words reordered
            "12/2023,Lê Văn Tám,10/07/1948,Quảng Phú,2055000",       // 5 day and month swapped
            "12/2023,Vu Thi Lan,09/09/1949,Quảng Phú,2055000",       // 6 exact for one, variant of the other
        ], to: input.appendingPathComponent("454"), "payments.csv")
        let db = try Fixture.warehouse()
        let context = try Fixture.context(input: input)
        try NormalizeStage.run(context: context, db: db, logger: Fixture.quietLogger)
        try ReconcileStage.run(context: context, db: db, logger: Fixture.quietLogger, matcher: matcher)
        return db
    }

    /// The engine matches each variant, and explains it: the level of the name or birth, the
    /// weight of that level in the model, the pair's probability.
    func testTheEngineMatchesEachVariantAndSendsTwoPlausibleRecordsToReview() throws {
        let db = try reconcile(.probabilistic)
        let matches = try db.rows("SELECT source_line, decision, beneficiary_id FROM recon_matches ORDER BY source_line")
        XCTAssertEqual(matches, [
            [.integer(2), .text("match"), .text("4541")],
            [.integer(3), .text("match"), .text("4542")],
            [.integer(4), .text("match"), .text("4543")],
            [.integer(5), .text("match"), .text("4544")],
            // Vũ Thị Lan exactly, or Võ Thị Lan born the same day: two records that may be one
            // person — for an analyst, not for a guess.
            [.integer(6), .text("review"), .text("4545")],
        ])
        let levels = try db.rows("""
            SELECT source_line, field, level FROM recon_explanations
            WHERE decision = 'match' AND field IN ('name', 'birth') ORDER BY source_line, field
            """).map { "\($0[0].int ?? 0) \($0[1].string ?? "") \($0[2].string ?? "")" }
        XCTAssertEqual(levels, [
            "2 birth same date", "2 name family-name variant",
            "3 birth same date", "3 name middle name dropped",
            "4 birth same date", "4 name same words reordered",
            "5 birth day and month swapped", "5 name exact",
        ])
        // Every level of a match has its weight from the model; the pair its probability.
        XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM recon_explanations WHERE decision = 'match' AND field != 'amount' AND level != 'missing' AND weight IS NULL")?.int, 0)
        XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM recon_pairs WHERE decision = 'match' AND (probability < 0.99 OR match_weight IS NULL)")?.int, 0)
        XCTAssertEqual(try db.rows("SELECT beneficiary_id FROM recon_pairs WHERE source_line = 6 ORDER BY probability DESC"),
                       [[.text("4545")], [.text("4546")]])
        XCTAssertEqual(try db.rows("SELECT exception_type, beneficiary_id FROM recon_exceptions"), [[.text("NEEDS_REVIEW"), .text("4545")]])
    }

    /// The rules of the first release, kept for comparison: the exact name wins.
    func testTheDeterministicRulesMatchEachVariantAndTheExactName() throws {
        let db = try reconcile(.deterministic)
        let matches = try db.rows("SELECT source_line, decision, beneficiary_id, rule FROM recon_matches ORDER BY source_line")
        XCTAssertEqual(matches.map { [$0[0], $0[1], $0[2]] }, [
            [.integer(2), .text("match"), .text("4541")],
            [.integer(3), .text("match"), .text("4542")],
            [.integer(4), .text("match"), .text("4543")],
            [.integer(5), .text("match"), .text("4544")],
            [.integer(6), .text("match"), .text("4545")],
        ])
        XCTAssertEqual(matches[0][3], .text("family-name variant, same birth date"))
        XCTAssertEqual(matches[3][3], .text("same name, birth day and month swapped"))
        XCTAssertEqual(try db.rows("SELECT exception_type, beneficiary_id FROM recon_exceptions"),
                       [[.text("REGISTERED_NOT_PAID"), .text("4546")]])
    }
}
