import Foundation
import Normalize
import Pipeline
import Reconcile
import TestSupport
import Warehouse
import XCTest

/// Each exception type of the contract, planted in small hand-written district files.
final class ReconcileStageTests: XCTestCase {
    private var db: Database!

    override func setUpWithError() throws {
        let input = try Fixture.tempDir()
        try Fixture.write([
            "Mã ĐT,Họ và tên,Ngày sinh,Số CCCD,Xã,Chế độ,Mức trợ cấp,Ngày hưởng,Trạng thái,Ngày chết/cắt hưởng",
            "454-000001,Nguyễn Văn Hùng,1948,044048000123,Quảng Phú,NCC,2055000,01/01/2020,Đang hưởng,",   // 2 paid by code
            "454-000002,Trần Thị Lan,12/03/1950,,Quảng Tiến,BTXH,720000,01/01/2021,Đang hưởng,",           // 3 paid by name
            "454-000003,Lê Văn Tám,1940,,Quảng Phú,NCC,2055000,01/01/2019,Đã chết,15/09/2023",              // 4 paid after death
            "454-000004,Phạm Thị Hoa,1955,,Quảng Phú,BTXH,540000,01/01/2022,Đang hưởng,",                 // 5 not paid
            "454-000005,Hoàng Văn Nam,01/02/1945,,Quảng Tiến,NCC,2055000,01/01/2018,Đang hưởng,",          // 6 paid twice
            "454-000006,Đặng Thị Bích,1952,044152000777,Quảng Tiến,NCC,2055000,01/01/2018,Đang hưởng,",    // 7 wrong amount (by ID)
            "454-000007,Võ Văn Kiệt,1951,,Quảng Phú,NCC,2055000,01/01/2018,Đang hưởng,",                  // 8 namesake A
            "454-000008,Võ Văn Kiệt,1951,,Quảng Phú,NCC,2055000,01/01/2018,Đang hưởng,",                  // 9 namesake B
            "454-000009,Bùi Văn Sơn,1947,,Quảng Phú,NCC,2055000,01/01/2018,Đang hưởng,",                  // 10 code stolen
            "454-000010,Ngô Thị Lụa,20/10/1944,044144000555,Quảng Phú,BTXH,360000,01/01/2018,Đang hưởng,",   // 11 duplicate record
            "454-000011,Lý Văn Mới,1960,,Quảng Phú,BTXH,360000,01/01/2024,Đang hưởng,",                   // 12 starts later: not due
            "454-000012,Đỗ Văn Cũ,1935,,Quảng Phú,NCC,2055000,01/01/2010,Từ trần,10/12/2023",              // 13 died in the month: payable
        ], to: input.appendingPathComponent("454"), "beneficiaries.csv")
        try Fixture.write([
            "Mã ĐT,Họ và tên,Ngày sinh,Số CCCD,Xã,Chế độ,Mức trợ cấp,Trạng thái",
            "455-000001,NGO THI LUA,20/10/1944,44144000555,Hoàn Lão,BTXH,360000,Đang hưởng",               // 2 duplicate record
        ], to: input.appendingPathComponent("455"), "beneficiaries.csv")
        try Fixture.write([
            "Kỳ chi trả;Mã ĐT;Họ tên người hưởng;Năm sinh;Số CCCD;Xã;Số tiền;Hình thức",
            "12/2023;454000001;NGUYEN VAN HUNG;1948;;Quảng Phú;2.055.000;TM",       // 2 match by code
            "12/2023;;Trần Thị Lan;12/03/1950;;Quảng Tiến;720.000;TK",              // 3 match by name
            "12/2023;;Lê Văn Tám;1940;;Quảng Phú;2.055.000;TM",                     // 4 PAID_AFTER_END
            "12/2023;;Hoàng Văn Nam;01/02/1945;;Quảng Tiến;2.055.000;TM",           // 5 DUPLICATE_PAYMENT
            "12/2023;454-000005;Hoàng Văn Nam;1945;;Quảng Tiến;2.055.000;TM",       // 6 DUPLICATE_PAYMENT
            "12/2023;;Đặng Thị Bích;1952;44152000777;Quảng Tiến;2.000.000;TM",      // 7 AMOUNT_MISMATCH
            "12/2023;;Võ Văn Kiệt;1951;;Quảng Phú;2.055.000;TM",                    // 8 NEEDS_REVIEW (namesakes)
            "12/2023;454000009;Trương Thị Xuân;1980;;Quảng Phú;2.055.000;TM",       // 9 IDENTITY_CONFLICT
            "12/2023;;Mai Văn Lạ;1960;;Quảng Phú;500.000;TM",                       // 10 PAID_NOT_REGISTERED
            "11/2023;;Phạm Thị Hoa;1955;;Quảng Phú;540.000;TM",                     // 11 other month: ignored
            "12/2023;;Nguyễn Văn Hưng;1948;;Quảng Phú;2.055.000;TM",                // 12 same key as Hùng: same person? no code → name match
            "12/2023;;Đỗ Văn Cũ;1935;;Quảng Phú;2.055.000;TM",                      // 13 died in the month: fine
            "12/2023;;Ngô Thị Lụa;20/10/1944;;Quảng Phú;360.000;TM",                // 14 pays record 454-000010
        ], to: input.appendingPathComponent("454"), "payments.csv")
        try Fixture.write([
            "Kỳ chi trả,Họ tên,Năm sinh,Xã,Số tiền",
            "12/2023,Nguyễn Thị Xa,1950,Hoàn Lão,360000",                            // 2 PAID_NOT_REGISTERED in 455
        ], to: input.appendingPathComponent("455"), "payments.csv")
        db = try Fixture.warehouse()
        let context = try Fixture.context(input: input)
        try NormalizeStage.run(context: context, db: db, logger: Fixture.quietLogger)
        try ReconcileStage.run(context: context, db: db, logger: Fixture.quietLogger)
    }

    private func exceptions(_ type: String) throws -> [[SQLValue]] {
        try db.rows("SELECT beneficiary_id, source_file, source_line, amount_at_risk FROM recon_exceptions WHERE exception_type = ? ORDER BY source_file, source_line", [.text(type)])
    }

    func testEveryExceptionTypeIsFoundWithItsLineAndAmount() throws {
        XCTAssertEqual(try exceptions("PAID_NOT_REGISTERED"), [
            [.text(""), .text("454/payments.csv"), .integer(10), .integer(500_000)],
            [.text(""), .text("455/payments.csv"), .integer(2), .integer(360_000)],
        ])
        XCTAssertEqual(try exceptions("PAID_AFTER_END"), [[.text("454000003"), .text("454/payments.csv"), .integer(4), .integer(2_055_000)]])
        XCTAssertEqual(try exceptions("AMOUNT_MISMATCH"), [[.text("454000006"), .text("454/payments.csv"), .integer(7), .integer(-55_000)]])
        XCTAssertEqual(try exceptions("IDENTITY_CONFLICT"), [[.text("454000009"), .text("454/payments.csv"), .integer(9), .integer(2_055_000)]])
        XCTAssertEqual(try exceptions("NEEDS_REVIEW").map { $0[2] }, [.integer(8)])
        // Hùng is paid by code (line 2) and by name+birth (line 12, "Hưng" folds alike): twice.
        let duplicates = Set(try exceptions("DUPLICATE_PAYMENT").map { "\($0[0].string ?? "")@\($0[2].int ?? 0)" })
        XCTAssertEqual(duplicates, ["454000005@5", "454000005@6", "454000001@2", "454000001@12"])
        // Not paid: Phạm Thị Hoa (only an 11/2023 line), Bùi Văn Sơn (his code was used by someone else),
        // and the 455 copy of Ngô Thị Lụa. Not: the namesakes under review, Lý Văn Mới (starts 2024).
        XCTAssertEqual(Set(try exceptions("REGISTERED_NOT_PAID").map { $0[0].string ?? "" }), ["454000004", "454000009", "455000001"])
        XCTAssertEqual(Set(try exceptions("DUPLICATE_RECORD").map { $0[0].string ?? "" }), ["454000010", "455000001"])
    }

    func testEveryPaymentLineOfThePeriodHasOneMatchRowAndEveryExceptionAReason() throws {
        XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM recon_matches")?.int, 13)
        XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM payments WHERE period = '2023-12'")?.int, 13)
        XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM recon_exceptions WHERE detail = '' OR COALESCE(reason_vi, '') = ''")?.int, 0,
                       "every exception has a reason in English and in Vietnamese")
        // Every match, conflict and review candidate has its field-by-field explanation.
        XCTAssertEqual(try db.scalar("""
            SELECT COUNT(*) FROM recon_matches m WHERE m.decision IN ('match', 'conflict', 'review') AND NOT EXISTS (
              SELECT 1 FROM recon_explanations x WHERE x.source_file = m.source_file AND x.source_line = m.source_line)
            """)?.int, 0)
        XCTAssertEqual(Set(try db.rows("SELECT DISTINCT field FROM recon_explanations").compactMap { $0[0].string }),
                       ["code", "id_number", "name", "birth", "commune", "amount"])
        // …with the weights behind it: each weighed level's weight from the period's model, the
        // pair's weight and probability, and a matched line's score at least the threshold.
        XCTAssertEqual(try db.scalar("""
            SELECT COUNT(*) FROM recon_explanations WHERE field != 'amount' AND level != 'missing' AND weight IS NULL
            """)?.int, 0)
        XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM recon_pairs WHERE match_weight IS NULL OR probability IS NULL")?.int, 0)
        XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM recon_matches WHERE decision = 'match' AND NOT score >= 0.99")?.int, 0)
        XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM recon_model WHERE field = 'name'")?.int, Int64(MatchField.name.levels.count))
        let nameWeights = Dictionary(uniqueKeysWithValues: try db.rows("SELECT level, weight FROM recon_model WHERE field = 'name'")
            .map { ($0[0].string ?? "", $0[1].double ?? 0) })
        XCTAssertGreaterThan(nameWeights["exact"] ?? 0, nameWeights["1 edit"] ?? 0)
        XCTAssertLessThan(nameWeights["different"] ?? 0, 0)
        let hung = try db.rows("SELECT field, level FROM recon_explanations WHERE source_line = 12 AND source_file = '454/payments.csv' ORDER BY field")
        XCTAssertEqual(hung.first { $0[0] == .text("name") }?[1], .text("folded exact"), "Hưng and Hùng fold alike")
        let vi = try db.scalar("SELECT reason_vi FROM recon_exceptions WHERE exception_type = 'IDENTITY_CONFLICT'")?.string ?? ""
        XCTAssertTrue(vi.contains("tên khác: 'Trương Thị Xuân' và 'Bùi Văn Sơn'") && vi.contains("năm sinh 1980 và 1947"), vi)
        let conflict = try db.scalar("SELECT detail FROM recon_exceptions WHERE exception_type = 'IDENTITY_CONFLICT'")?.string ?? ""
        XCTAssertTrue(conflict.contains("'Trương Thị Xuân' vs 'Bùi Văn Sơn'"), conflict)
        XCTAssertTrue(conflict.contains("birth year 1980 vs 1947"), conflict)
    }

    func testRerunReplacesThePeriodInsteadOfAddingToIt() throws {
        let before = try db.scalar("SELECT COUNT(*) FROM recon_exceptions")?.int
        let context = try Fixture.context(input: Fixture.tempDir())
        try ReconcileStage.run(context: context, db: db, logger: Fixture.quietLogger)
        XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM recon_exceptions")?.int, before)
    }
}
