import Foundation
import VietText
import Normalize
import Pipeline
import TestSupport
import Warehouse
import XCTest

final class NormalizeStageTests: XCTestCase {
    private func load(_ files: [(String, [String], Fixture.Encoding)]) throws -> Database {
        let input = try Fixture.tempDir()
        for (path, lines, encoding) in files {
            let url = input.appendingPathComponent(path)
            try Fixture.write(lines, to: url.deletingLastPathComponent(), url.lastPathComponent, encoding: encoding)
        }
        let db = try Fixture.warehouse()
        try NormalizeStage.run(context: try Fixture.context(input: input), db: db, logger: Fixture.quietLogger)
        return db
    }

    func testBeneficiaryValuesAreNormalizedToTheContract() throws {
        let decomposed = "Nguyễn Văn Hùng".decomposedStringWithCanonicalMapping
        let db = try load([("454-quang-trach/beneficiaries.csv", [
            "MA_DT;HO_TEN;NGAY_SINH;Giới tính;SO_CCCD;Xa_phuong;Nhóm đối tượng;Loại đối tượng;Mức hưởng;Hưởng từ ngày;Tình trạng;Ngày thôi hưởng;Hình thức nhận",
            " 454 - 000001 ;\(decomposed);1948;Nam;'044048000123;X. Quảng Phú;Người có công;Thương binh;2.055.000 đ;01/01/2020;ĐH;;TM",
            "454-000002;TRẦN  THỊ   LAN;5/3/1950;Nữ;44 150 000 456;QUẢNG TIẾN;BTXH;;720,000;2021-05-01;;;Qua tài khoản",
            "454-000003;Lê Văn Tám;15-09-1940;Nam;123456789;quang tien;NCC;;2055000VND;01/01/2019;Từ trần;15/09/2023;ATM",
        ], .utf8)])
        let rows = try db.rows("""
            SELECT beneficiary_id, full_name, name_key, birth_date, birth_year, gender, id_number, commune_code, program,
                   monthly_amount, start_date, status, end_date, pay_method, source_line, district_code
            FROM beneficiaries ORDER BY source_line
            """)
        XCTAssertEqual(rows.count, 3)
        XCTAssertEqual(rows[0], [.text("454000001"), .text("Nguyễn Văn Hùng"), .text("nguyen van hung"), .null, .integer(1948),
                                 .text("male"), .text("044048000123"), .text("19021"), .text("NCC"), .integer(2_055_000),
                                 .text("2020-01-01"), .text("active"), .null, .text("cash"), .integer(2), .text("454")])
        XCTAssertEqual(rows[1][1], .text("TRẦN THỊ LAN"))
        XCTAssertEqual(rows[1][2], .text("tran thi lan"))
        XCTAssertEqual(rows[1][3], .text("1950-03-05"))
        XCTAssertEqual(rows[1][6], .text("044150000456"), "the dropped leading zero is restored")
        XCTAssertEqual(rows[1][7], .text("19039"), "Quảng Tiến of Quảng Trạch, not Quảng Tiên of Ba Đồn")
        XCTAssertEqual(rows[1][11], .text("active"), "an empty status is the configured default")
        XCTAssertEqual(rows[1][13], .text("noncash"))
        XCTAssertEqual(rows[2][6], .text("123456789"), "9-digit CMND accepted")
        XCTAssertEqual(rows[2][11], .text("dead"))
        XCTAssertEqual(rows[2][12], .text("2023-09-15"))
    }

    func testRequiredProblemsRejectAndOptionalProblemsWarn() throws {
        let db = try load([("456/beneficiaries.csv", [
            "Mã ĐT,Họ và tên,Ngày sinh,Số CCCD,Xã,Chế độ,Mức trợ cấp,Trạng thái",
            "456-1,Nguyễn Văn A,31/02/1950,0441,Hải Ninh,NCC,2055000,Đang hưởng",
            "456-2,,1950,,Hải Ninh,NCC,2055000,Đang hưởng",
            "456-3,Nguyễn Văn C,1950,,Hải Ninh,NCC,hai triệu,Đang hưởng",
            "456-4,Nguyễn Văn D,1950,,Hải Ninh,NCC,2055000,Đang ngủ",
            "456-5,Nguyễn Văn E,1950,,Xã Không Có,NCC,2055000,Đang hưởng",
        ], .utf8)])
        XCTAssertEqual(try db.rows("SELECT beneficiary_id, birth_date, id_number, commune_code FROM beneficiaries ORDER BY source_line"),
                       [[.text("4561"), .null, .null, .text("19216")], [.text("4565"), .null, .null, .null]])
        let rejects = try db.rows("SELECT source_line, column_name, reason FROM rejects ORDER BY source_line")
        XCTAssertEqual(rejects.map { $0[0].int }, [3, 4, 5])
        XCTAssertEqual(rejects.map { $0[1].string }, ["Họ và tên", "Mức trợ cấp", "Trạng thái"])
        XCTAssertTrue(rejects[2][2].string?.contains("'Đang ngủ' is not a known status") ?? false, rejects[2][2].string ?? "")
        let warnings = try db.rows("SELECT source_line, column_name FROM quality_findings WHERE rule = 'invalid_optional_value' ORDER BY source_line, column_name")
        XCTAssertEqual(warnings, [[.integer(2), .text("birth_date")], [.integer(2), .text("id_number")], [.integer(6), .text("commune")]])
        XCTAssertEqual(try db.rows("SELECT rows_data, rows_loaded, rows_rejected FROM file_ledger"), [[.integer(5), .integer(2), .integer(3)]])
    }

    func testPaymentsPeriodsMethodsAndTitlePeriod() throws {
        let db = try load([
            ("Lệ Thủy/payments-a.csv", [
                "Tháng chi trả\tHọ tên người hưởng\tNăm sinh\tĐơn vị\tThành tiền\tHình thức chi trả",
                "T12/2023\tNGUYEN THI HOA\t1950\tTT. Kiến Giang\t360.000\tChuyển khoản",
                "Tháng 11/2023\tNguyễn Thị Hoa\t1950\tKiến Giang\t360000\tTiền mặt",
                "2023-12\tHồ Văn Tư\t\tP. Bắc Lý\t540000\t",
            ], .utf16LE),
            ("Lệ Thủy/payments-b.csv", [
                "DANH SÁCH CHI TRẢ TRỢ CẤP THÁNG 12/2023",
                "Họ tên,Năm sinh,Xã,Số tiền",
                "Lê Thị Mai,1960,Sen Thủy,360000",
            ], .cp1258),
        ])
        let rows = try db.rows("SELECT period, name_key, commune_code, amount, method FROM payments ORDER BY source_file, source_line")
        XCTAssertEqual(rows, [
            [.text("2023-12"), .text("nguyen thi hoa"), .text("19249"), .integer(360_000), .text("noncash")],
            [.text("2023-11"), .text("nguyen thi hoa"), .text("19249"), .integer(360_000), .text("cash")],
            [.text("2023-12"), .text("ho van tu"), .text("18859"), .integer(540_000), .null],
            [.text("2023-12"), .text("le thi mai"), .text("19312"), .integer(360_000), .null],
        ])
        // A commune of another district is kept, and said.
        XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM quality_findings WHERE detail LIKE '%belongs to district 450%'")?.int, 1)
    }

    func testCommuneResolverHandlesEveryWrittenForm() throws {
        let resolver = AdminUnitResolver(gazetteer: try Fixture.config().gazetteer)
        let forms = ["Xã Quảng Hòa", "Quảng Hòa", "X. Quảng Hòa", "xa quang hoa", "QUẢNG HÒA", "Quảng Hoà", "x.quang hoa", "19105"]
        for form in forms {
            XCTAssertEqual(try resolver.resolve(form, districtCode: "458").get().code, "19105", form)
        }
        XCTAssertEqual(try resolver.resolve("P. Bắc Lý", districtCode: "450").get().code, "18859")
        XCTAssertEqual(try resolver.resolve("TT. Hoàn Lão", districtCode: "455").get().code, "19111")
        // A name that begins like a prefix: "Quán Hàu" is not "Quận Hàu".
        for form in ["Quán Hàu", "QUÁN HÀU", "quan hau", "TT. Quán Hàu", "Thị trấn Quán Hàu"] {
            XCTAssertEqual(try resolver.resolve(form, districtCode: "456").get().code, "19207", form)
        }
        // "Quang Phú" (Đồng Hới) and "Quảng Phú" (Quảng Trạch) fold alike: the folder decides, then the tone marks.
        XCTAssertEqual(try resolver.resolve("quang phu", districtCode: "454").get().code, "19021")
        XCTAssertEqual(try resolver.resolve("quang phu", districtCode: "450").get().code, "18883")
        XCTAssertEqual(try resolver.resolve("Quảng Phú", districtCode: "457").get().code, "19021")
        XCTAssertThrowsError(try resolver.resolve("quang phu", districtCode: "457").get())
        XCTAssertThrowsError(try resolver.resolve("Xã Không Có", districtCode: "457").get())
    }

    /// The whole country: a folder's own district comes first, whatever key finds it.
    func testCommuneResolverPrefersTheFoldersDistrictNationally() throws {
        let gazetteer = try Gazetteer.load(from: Fixture.root.appendingPathComponent("pipelines/vietnam-gazetteer.csv"))
        let resolver = AdminUnitResolver(gazetteer: gazetteer)
        // "P. Hồng Hải" folds whole to "phonghai" (Phường Phong Hải of Quảng Yên and of Phong Điền).
        XCTAssertEqual(try resolver.resolve("P. Hồng Hải", districtCode: "193").get().code, "06688")
        XCTAssertEqual(try resolver.resolve("Phường Phong Hải", districtCode: "206").get().code, "07174")
        // A bare number is the folder's ward of that number, else a GSO code.
        XCTAssertEqual(try resolver.resolve("7", districtCode: "765").get().code, "26926")
        XCTAssertEqual(try resolver.resolve("7", districtCode: "747").get().code, "26524")
        XCTAssertEqual(try resolver.resolve("26926", districtCode: "765").get().code, "26926")
    }

    func testImplausibleAmountsAreRejectedWithoutOverflow() throws {
        let db = try load([("454/payments.csv", [
            "Kỳ chi trả,Họ tên,Số tiền",
            "12/2023,A,9.000.000.000.000.000.000",
            "12/2023,B,9.000.000.000.000.000.000",
            "12/2023,C,2.055.000",
            "Tổng cộng,,9.000.000.000.000.000.000",
        ], .utf8)])
        XCTAssertEqual(try db.rows("SELECT rows_loaded, rows_rejected FROM file_ledger"), [[.integer(1), .integer(2)]])
        XCTAssertTrue(try db.scalar("SELECT reason FROM rejects LIMIT 1")?.string?.contains("implausibly large") ?? false)
    }

    func testAnEndDateWithoutStatusMeansTerminated() throws {
        let db = try load([("454/beneficiaries.csv", [
            "Mã ĐT,Họ và tên,Xã,Chế độ,Mức trợ cấp,Trạng thái,Ngày thôi hưởng",
            "454-1,A,Quảng Phú,NCC,2055000,,10/05/2023",
            "454-2,B,Quảng Phú,NCC,2055000,Đang hưởng,10/05/2023",
        ], .utf8)])
        XCTAssertEqual(try db.rows("SELECT status FROM beneficiaries ORDER BY source_line"), [[.text("terminated")], [.text("active")]])
        XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM quality_findings WHERE column_name = 'status'")?.int, 2)
    }

    func testLegacyEncodingsAndMojibakeAreReadAndRepaired() throws {
        let lines = ["DANH SÁCH HỘ NGHÈO NĂM 2023", "Mã hộ,Họ và tên chủ hộ,Xã,Thôn,Phân loại,Năm",
                     "H1,Nguyễn Văn Hùng,Phường Đồng Phú,Tổ dân phố Quảng Bình,Hộ nghèo,2023",
                     "H2,Trần Thị Lan,Phường Bắc Lý,Tổ 3,Hộ cận nghèo,2023"]
        let text = lines.joined(separator: "\r\n") + "\r\n"
        let input = try Fixture.tempDir()
        let folder = input.appendingPathComponent("450-dong-hoi")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(TCVN3.encode(text)).write(to: folder.appendingPathComponent("households-tcvn3.csv"))
        try Data(VNI.encode(text)).write(to: folder.appendingPathComponent("households-vni.csv"))
        try Data(LegacyText.misreadAsWindows1252(TCVN3.encode(text)).utf8).write(to: folder.appendingPathComponent("households-tcvn3-mojibake.csv"))
        try Data(LegacyText.misreadAsWindows1252(VNI.encode(text)).utf8).write(to: folder.appendingPathComponent("households-vni-mojibake.csv"))
        let db = try Fixture.warehouse()
        try NormalizeStage.run(context: try Fixture.context(input: input), db: db, logger: Fixture.quietLogger)
        let ledger = try db.rows("SELECT source_file, encoding, rows_loaded, rows_rejected, fields_repaired FROM file_ledger ORDER BY source_file")
        XCTAssertEqual(ledger, [
            [.text("450-dong-hoi/households-tcvn3-mojibake.csv"), .text("utf-8, tcvn3 mojibake repaired"), .integer(2), .integer(0), .integer(15)],
            [.text("450-dong-hoi/households-tcvn3.csv"), .text("tcvn3"), .integer(2), .integer(0), .integer(0)],
            [.text("450-dong-hoi/households-vni-mojibake.csv"), .text("utf-8, vni mojibake repaired"), .integer(2), .integer(0), .integer(15)],
            [.text("450-dong-hoi/households-vni.csv"), .text("vni-windows"), .integer(2), .integer(0), .integer(0)],
        ])
        // 15 repaired cells: the title, the 6 header cells and 4 text cells in each of 2 rows.
        // Every form gives the same households; TCVN3 has no capitals with tone marks of its own.
        let rows = try db.rows("SELECT source_file, name_key, commune_code, village, classification, year FROM households ORDER BY source_file, source_line")
        XCTAssertEqual(Set(rows.map { Array($0.dropFirst()) }), [
            [.text("nguyen van hung"), .text("18856"), .text("Tổ dân phố Quảng Bình"), .text("poor"), .integer(2023)],
            [.text("tran thi lan"), .text("18859"), .text("Tổ 3"), .text("near_poor"), .integer(2023)],
        ])
        XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM households WHERE head_name = 'Nguyễn Văn Hùng'")?.int, 4, "NFC names from every form")
    }

    /// A clean UTF-8 file whose unread column holds a mojibake name or two is not a mojibake
    /// file: its names stay as written ("Lê Quang Hòa", not the TCVN3 reading "Lờ Quang Hũa").
    func testAStrayMojibakeCellDoesNotTurnCleanNamesIntoMojibake() throws {
        let stray = LegacyText.misreadAsWindows1252(TCVN3.encode("Công ty Quảng Bình"))
        var lines = ["Mã hộ,Họ và tên chủ hộ,Xã,Phân loại,Năm,Ghi chú"]
        for i in 1...40 {
            let name = ["Lê Quang Hòa", "Võ Thu Thanh", "Lê Thu Linh", "Hoàng Kim Ngân"][i % 4]
            lines.append("H\(i),\(name),Phường Đồng Phú,Hộ nghèo,2023,\(i <= 2 ? stray : "")")
        }
        let db = try load([("450-dong-hoi/households-clean.csv", lines, .utf8)])
        XCTAssertEqual(try db.scalar("SELECT fields_repaired FROM file_ledger")?.int, 0)
        XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM households WHERE head_name = 'Lê Quang Hòa'")?.int, 10)
        XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM households WHERE head_name LIKE 'Lờ%' OR head_name LIKE 'Vừ%'")?.int, 0)
    }
}
