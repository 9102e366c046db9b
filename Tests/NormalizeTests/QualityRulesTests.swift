import Foundation
@testable import Normalize
import Pipeline
import TestSupport
import Warehouse
import XCTest

/// Each finding rule of the normalize stage, on hand-written rows: a finding never rejects.
final class QualityRulesTests: XCTestCase {
    private func findings(_ files: [(String, [String])]) throws -> (db: Database, rules: [String: [Int64]]) {
        let input = try Fixture.tempDir()
        for (path, lines) in files {
            let url = input.appendingPathComponent(path)
            try Fixture.write(lines, to: url.deletingLastPathComponent(), url.lastPathComponent)
        }
        let db = try Fixture.warehouse()
        try NormalizeStage.run(context: try Fixture.context(input: input), db: db, logger: Fixture.quietLogger)
        var rules: [String: [Int64]] = [:]
        for row in try db.rows("SELECT rule, source_line FROM quality_findings WHERE source_line IS NOT NULL ORDER BY source_line") {
            rules[row[0].string ?? "", default: []].append(row[1].int ?? 0)
        }
        return (db, rules)
    }

    func testRegistryRules() throws {
        let (db, rules) = try findings([("454/beneficiaries.csv", [
            "Mã ĐT,Họ và tên,Ngày sinh,Giới tính,Số CCCD,Xã,Chế độ,Mức trợ cấp,Ngày hưởng,Trạng thái,Ngày chết",
            "454-1,Ổn Định,05/03/1950,Nam,044050000001,Quảng Phú,NCC,2055000,01/01/2020,Đang hưởng,",      // 2 nothing wrong
            "454-2,Sinh Sau,05/03/2090,Nam,,Quảng Phú,NCC,2055000,01/01/2020,Đang hưởng,",                 // 3 born in the future
            "454-3,Quá Già,1890,Nam,,Quảng Phú,NCC,2055000,01/01/2020,Đang hưởng,",                        // 4 born before 1900
            "454-4,Hưởng Sớm,05/03/1950,Nam,,Quảng Phú,NCC,2055000,01/01/1949,Đang hưởng,",               // 5 start before birth
            "454-5,Chết Sớm,05/03/1950,Nam,,Quảng Phú,NCC,2055000,01/01/2020,Đã chết,01/01/2019",         // 6 end before start
            "454-6,Mức Cao,05/03/1950,Nam,,Quảng Phú,BTXH,9000000,01/01/2020,Đang hưởng,",                // 7 amount > 10 × 360.000
            "454-7,Mức Thấp,05/03/1950,Nam,,Quảng Phú,NCC,500000,01/01/2020,Đang hưởng,",                 // 8 amount < 0.5 × 2.055.000
            "454-8,Sai Năm,05/03/1950,Nam,044060000002,Quảng Phú,NCC,2055000,01/01/2020,Đang hưởng,",     // 9 ID says 1960
            "454-9,Sai Giới,05/03/1950,Nữ,044050000003,Quảng Phú,NCC,2055000,01/01/2020,Đang hưởng,",     // 10 ID says a man
            "454-10,Trùng Số,05/03/1951,Nam,044051000009,Quảng Phú,NCC,2055000,01/01/2020,Đang hưởng,",   // 11 same ID as 12
            "454-11,Trùng Số Hai,05/03/1951,Nam,044051000009,Quảng Phú,NCC,2055000,01/01/2020,Đang hưởng,",
            "454-12,Tỉnh Lạ,05/03/1950,Nam,099050000004,Quảng Phú,NCC,2055000,01/01/2020,Đang hưởng,",   // 13 no province 99
        ]), ("454/payments.csv", ["Kỳ chi trả,Họ tên,Xã,Số tiền", "12/2023,A,Quảng Phú,1"])])
        XCTAssertNil(rules.values.first { $0.contains(2) }, "a clean row has no finding")
        XCTAssertEqual(rules["birth_date_implausible"], [3, 4])
        XCTAssertEqual(rules["start_before_birth"], [3, 5], "born in 2090, so also starting before birth")
        XCTAssertEqual(rules["end_before_start"], [6])
        XCTAssertEqual(rules["amount_implausible"], [7, 8])
        XCTAssertEqual(rules["cccd_birth_mismatch"], [9])
        XCTAssertEqual(rules["cccd_sex_mismatch"], [10])
        XCTAssertEqual(rules["duplicate_id"], [11, 12])
        XCTAssertEqual(rules["cccd_invalid"], [13])
        XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM beneficiaries")?.int, 12, "findings never reject")
        let detail = try db.scalar("SELECT detail FROM quality_findings WHERE rule = 'cccd_birth_mismatch'")?.string ?? ""
        XCTAssertTrue(detail.contains("044*******02") && detail.contains("1960") && detail.contains("1950"), detail)
    }

    func testADuplicateIDNamesEveryOtherRecordInTableOrder() throws {
        let header = "Mã ĐT,Họ và tên,Ngày sinh,Giới tính,Số CCCD,Xã,Chế độ,Mức trợ cấp,Ngày hưởng,Trạng thái"
        func row(_ code: String, _ id: String) -> String { "\(code),Trùng Số,05/03/1951,Nam,\(id),Quảng Phú,NCC,2055000,01/01/2020,Đang hưởng" }
        let (db, rules) = try findings([
            ("454/beneficiaries.csv", [header, row("A1", "044051000009"), row("A2", "044051000010"), row("A3", "044051000009")]),
            ("455/beneficiaries.csv", [header, row("B1", "044051000009"), row("B2", "044051000011")]),
        ])
        XCTAssertEqual(rules["duplicate_id"], [2, 2, 4], "the two records of 454 and the one of 455; 044051000010 and 11 are alone")
        let found = try db.rows("SELECT source_file, source_line, detail, value, district_code FROM quality_findings WHERE rule = 'duplicate_id' ORDER BY rowid")
        XCTAssertEqual(found.map { "\($0[0].string ?? ""):\($0[1].int ?? 0) \($0[4].string ?? "") \($0[2].string ?? "")" }, [
            "454/beneficiaries.csv:2 454 citizen ID 044*******09 is also on 454/beneficiaries.csv:4, 455/beneficiaries.csv:2",
            "454/beneficiaries.csv:4 454 citizen ID 044*******09 is also on 454/beneficiaries.csv:2, 455/beneficiaries.csv:2",
            "455/beneficiaries.csv:2 455 citizen ID 044*******09 is also on 454/beneficiaries.csv:2, 454/beneficiaries.csv:4",
        ], "by file and line, the others in table order")
        XCTAssertEqual(found.map { $0[3].string }, Array(repeating: "044051000009", count: 3))
    }

    func testHouseholdsAboveTheCommuneTotal() throws {
        let (db, rules) = try findings([
            ("454/households.csv", ["Mã hộ,Chủ hộ,Xã,Phân loại,Năm", "H1,A,Quảng Phú,HN,2023", "H2,B,Quảng Phú,HCN,2023", "H3,C,Quảng Phú,HN,2023",
                                    "H4,D,Quảng Tiến,HN,2023"]),
            ("454/household-totals.csv", ["Xã,Năm,Tổng số hộ", "Quảng Phú,2023,2", "Quảng Tiến,2023,100"]),
        ])
        XCTAssertEqual(rules["households_above_total"], [2])
        XCTAssertEqual(try db.scalar("SELECT severity FROM quality_findings WHERE rule = 'households_above_total'")?.string, "error")
    }

    /// The writer counts households and IDs as it stores them (`DatasetTally`); the same checks
    /// in SQL over the tables (what an incremental run does) must find exactly the same.
    func testTheWritersCountsFindWhatTheTablesShow() throws {
        let (db, rules) = try findings([
            ("454/households.csv", ["Mã hộ,Chủ hộ,Số CCCD,Xã,Phân loại,Năm",
                                    "H1,A,,Quảng Phú,HN,2023", "H2,B,,Quảng Phú,HCN,2023",
                                    ",Xuân,044051000001,Quảng Phú,HN,2023", ",Xuân,044051000001,Quảng Phú,HN,2023",  // one household
                                    ",Xuân,044051000002,Quảng Phú,HN,2023",                                          // another
                                    ",Yên,,Quảng Phú,HN,2023", ",yên,,Quảng Phú,HN,2023",                              // one key, no ID
                                    "H1,A,,Quảng Phú,HN,2022", "H4,D,,Quảng Tiến,HN,2023"]),
            ("454/households-2.csv", ["Mã hộ,Chủ hộ,Xã,Phân loại,Năm", "H1,A,Quảng Phú,HN,2023"]),
            ("454/household-totals.csv", ["Xã,Năm,Tổng số hộ", "Quảng Phú,2023,10", "Quảng Phú,2022,0", "Quảng Phú,2023,4", "Quảng Tiến,2023,100"]),
            ("454/beneficiaries.csv", ["Mã ĐT,Họ và tên,Ngày sinh,Số CCCD,Xã,Chế độ,Mức trợ cấp",
                                       "A1,Trùng Số,05/03/1951,044051000009,Quảng Phú,NCC,2055000",
                                       "A2,Khác Số,05/03/1951,044051000010,Quảng Phú,NCC,2055000",
                                       "A3,Trùng Số,05/03/1951,044051000009,Quảng Phú,NCC,2055000"]),
        ])
        XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM households")?.int, 10)
        XCTAssertEqual(rules["households_above_total"], [3, 4], "2022: 1 > 0; 2023: 5 > 4, the later total of the two")
        let details = try db.rows("SELECT detail FROM quality_findings WHERE rule = 'households_above_total' ORDER BY rowid").map { $0[0].string ?? "" }
        XCTAssertTrue(details.last?.contains(": 5 poor and near-poor households listed, but only 4") == true, "\(details)")
        XCTAssertEqual(rules["duplicate_id"], [2, 4])

        let stored = try db.rows("""
            SELECT source_file, source_line, rule, detail, severity, column_name, value, district_code FROM quality_findings
            WHERE rule IN ('duplicate_id', 'households_above_total') ORDER BY rowid
            """)
        let fromTables = try DatasetChecks.find(db: db, year: 2023).map { entry -> [SQLValue] in
            guard case .finding(let values) = entry else { return [] }
            return values
        }
        XCTAssertEqual(stored.count, 4)
        XCTAssertEqual(stored, fromTables)
    }
}
