import Foundation
import Normalize
import Pipeline
import Reconcile
import TestSupport
import Warehouse
import XCTest

/// The same person written differently on a payment line without code or citizen ID.
final class NameVariantTests: XCTestCase {
    func testVariantsOfOnePersonAreMatchedAndAmbiguityGoesToReview() throws {
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
            "12/2023,Vu Thi Lan,09/09/1949,Quảng Phú,2055000",       // 6 exact for one, variant of the other: the exact wins
        ], to: input.appendingPathComponent("454"), "payments.csv")
        let db = try Fixture.warehouse()
        let context = try Fixture.context(input: input)
        try NormalizeStage.run(context: context, db: db, logger: Fixture.quietLogger)
        try ReconcileStage.run(context: context, db: db, logger: Fixture.quietLogger)
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
