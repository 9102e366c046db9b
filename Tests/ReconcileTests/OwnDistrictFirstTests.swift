import Foundation
import Normalize
import Pipeline
import Reconcile
import TestSupport
import Warehouse
import XCTest

final class OwnDistrictFirstTests: XCTestCase {
    private func reconcile(_ files: [(String, [String])]) throws -> Database {
        let input = try Fixture.tempDir()
        for (path, lines) in files {
            let url = input.appendingPathComponent(path)
            try Fixture.write(lines, to: url.deletingLastPathComponent(), url.lastPathComponent)
        }
        let db = try Fixture.warehouse()
        let context = try Fixture.context(input: input)
        try NormalizeStage.run(context: context, db: db, logger: Fixture.quietLogger)
        try ReconcileStage.run(context: context, db: db, logger: Fixture.quietLogger)
        return db
    }

    private let header = "Mã ĐT,Họ và tên,Ngày sinh,Số CCCD,Xã,Chế độ,Mức trợ cấp,Trạng thái,Ngày thôi hưởng"

    func testTheOwnDistrictsRecordWinsOverACodeFromAnotherDistrict() throws {
        let db = try reconcile([
            ("454/beneficiaries.csv", [header, "454-9,Nguyễn Văn Hùng,1950,044050000001,Quảng Phú,NCC,2055000,Đang hưởng,"]),
            ("455/beneficiaries.csv", [header, "455-1,Nguyễn Văn Hùng,1950,044050000001,Hoàn Lão,NCC,2055000,Thôi hưởng,15/03/2023"]),
            ("454/payments.csv", ["Kỳ chi trả,Mã ĐT,Họ tên,Năm sinh,Số CCCD,Xã,Số tiền",
                                  "12/2023,455-1,Nguyễn Văn Hùng,1950,044050000001,Quảng Phú,2055000"]),
            ("455/payments.csv", ["Kỳ chi trả,Họ tên,Năm sinh,Xã,Số tiền", "12/2023,Trần Thị Mai,1960,Hoàn Lão,360000"]),
        ])
        XCTAssertEqual(try db.rows("SELECT beneficiary_id, decision, rule FROM recon_matches WHERE source_file = '454/payments.csv'"),
                       [[.text("4549"), .text("match"), .text("citizen ID")]])
        XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM recon_exceptions WHERE exception_type IN ('PAID_AFTER_END', 'REGISTERED_NOT_PAID') AND district_code = '454'")?.int, 0)
    }

    /// The line is clearly B by citizen ID and name, but carries A's code: someone else's code
    /// on a payment is a conflict for an auditor, not a quiet match.
    func testAnotherPersonsCodeOnAMatchedLineIsAConflict() throws {
        let db = try reconcile([
            ("454/beneficiaries.csv", [header, "454-1,Hà Thị Khuê,1925,044125966640,Quảng Phú,NCC,2055000,Đang hưởng,",
                                       "454-2,Huỳnh Văn Linh,1933,044033520151,Quảng Phú,NCC,2055000,Đang hưởng,"]),
            ("454/payments.csv", ["Kỳ chi trả,Mã ĐT,Họ tên,Năm sinh,Số CCCD,Xã,Số tiền",
                                  "12/2023,454-1,Huỳnh Văn Linh,1933,044033520151,Quảng Phú,2055000",
                                  "12/2023,454-1,Hà Thị Khuê,1925,044125966640,Quảng Phú,2055000"]),
        ])
        XCTAssertEqual(try db.rows("SELECT source_line, decision, beneficiary_id FROM recon_matches ORDER BY source_line"),
                       [[.integer(2), .text("conflict"), .text("4541")], [.integer(3), .text("match"), .text("4541")]])
        let detail = try db.scalar("SELECT detail FROM recon_exceptions WHERE exception_type = 'IDENTITY_CONFLICT'")?.string ?? ""
        XCTAssertTrue(detail.contains("'Huỳnh Văn Linh' vs 'Hà Thị Khuê'"), detail)
        XCTAssertEqual(try db.scalar("SELECT score FROM recon_matches WHERE source_line = 3")?.double ?? 0, 1, accuracy: 0.01)
    }

    /// Found at national scale: a code on a line whose name agrees only loosely (a middle name
    /// more) and whose birth year is another's is not the record's owner, however much the code
    /// weighs: an identity conflict, not a second payment of the record.
    func testACodeWithALooseNameAndAnotherBirthYearIsAConflict() throws {
        let db = try reconcile([
            ("454/beneficiaries.csv", [header, "454-1,Trần Thị Quỳnh,15/06/1954,044154157789,Quảng Phú,NCC,2055000,Đang hưởng,",
                                       "454-2,Lê Văn Nam,1950,044050111222,Quảng Phú,NCC,2055000,Đang hưởng,"]),
            ("454/payments.csv", ["Kỳ chi trả,Mã ĐT,Họ tên,Năm sinh,Số CCCD,Xã,Số tiền",
                                  "12/2023,454-1,TRAN THI KIM QUYNH,1967,,Quảng Phú,2055000",
                                  "12/2023,454-1,Trần Thị Quỳnh,1954,044154157789,Quảng Phú,2055000",
                                  "12/2023,454-2,Lê Văn Nam,1950,044050111222,Quảng Phú,2055000"]),
        ])
        XCTAssertEqual(try db.rows("SELECT source_line, decision, beneficiary_id FROM recon_matches ORDER BY source_line"),
                       [[.integer(2), .text("conflict"), .text("4541")], [.integer(3), .text("match"), .text("4541")],
                        [.integer(4), .text("match"), .text("4542")]])
        XCTAssertEqual(try db.rows("SELECT exception_type, source_line FROM recon_exceptions WHERE exception_type <> 'REGISTERED_NOT_PAID' ORDER BY source_line"),
                       [[.text("IDENTITY_CONFLICT"), .integer(2)]])
    }

    func testAPaymentAfterAnEndDateWithoutStatusIsFlagged() throws {
        let db = try reconcile([
            ("454/beneficiaries.csv", [header, "454-1,Lê Văn Tám,1940,,Quảng Phú,NCC,2055000,,10/05/2023"]),
            ("454/payments.csv", ["Kỳ chi trả,Mã ĐT,Họ tên,Năm sinh,Xã,Số tiền", "12/2023,454-1,Lê Văn Tám,1940,Quảng Phú,2055000"]),
        ])
        XCTAssertEqual(try db.rows("SELECT exception_type, beneficiary_id FROM recon_exceptions"), [[.text("PAID_AFTER_END"), .text("4541")]])
    }

    func testADistrictWithoutPaymentLinesIsAFindingNotClean() throws {
        let db = try reconcile([
            ("454/beneficiaries.csv", [header, "454-1,Lê Văn Tám,1940,,Quảng Phú,NCC,2055000,Đang hưởng,"]),
            ("456/beneficiaries.csv", [header, "456-1,Lê Văn Hai,1941,,Hải Ninh,NCC,2055000,Đang hưởng,"]),
            ("454/payments.csv", ["Kỳ chi trả,Mã ĐT,Họ tên,Năm sinh,Xã,Số tiền", "12/2023,454-1,Lê Văn Tám,1940,Quảng Phú,2055000"]),
        ])
        let findings = try db.rows("SELECT district_code, severity FROM quality_findings WHERE rule = 'district_not_reconciled' ORDER BY district_code")
        XCTAssertEqual(findings.map { $0[0].string ?? "" }, ["450", "452", "453", "455", "456", "457", "458"])
        XCTAssertEqual(findings.first?[1], .text("error"))
    }
}
