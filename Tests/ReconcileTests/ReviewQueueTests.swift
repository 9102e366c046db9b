import Foundation
import Normalize
import Pipeline
import Reconcile
import TestSupport
import Warehouse
import XCTest

/// Decisions imported from the review queue change the next run, in later months too.
final class ReviewQueueTests: XCTestCase {
    private let header = "Mã ĐT,Họ và tên,Ngày sinh,Xã,Chế độ,Mức trợ cấp,Trạng thái"

    private func setUpWarehouse(months: [String]) throws -> (Database, URL) {
        let input = try Fixture.tempDir()
        try Fixture.write([header,
                           "454-7,Võ Văn Kiệt,1951,Quảng Phú,NCC,2055000,Đang hưởng",
                           "454-8,Võ Văn Kiệt,1951,Quảng Phú,NCC,2055000,Đang hưởng",
                           "454-9,Lê Thị Hoa,1950,Quảng Phú,NCC,2055000,Đang hưởng"],
                          to: input.appendingPathComponent("454"), "beneficiaries.csv")
        var lines = ["Kỳ chi trả,Họ tên,Năm sinh,Xã,Số tiền"]
        for month in months {
            lines += ["\(month),Võ Văn Kiệt,1951,Quảng Phú,2055000", "\(month),Lê Thị Hoà,1950,Quảng Phú,2055000"]
        }
        try Fixture.write(lines, to: input.appendingPathComponent("454"), "payments.csv")
        let db = try Fixture.warehouse()
        try NormalizeStage.run(context: try Fixture.context(input: input), db: db, logger: Fixture.quietLogger)
        return (db, input)
    }

    private func reconcile(_ db: Database, _ input: URL, period: String) throws -> [String: [String]] {
        try ReconcileStage.run(context: try Fixture.context(input: input, period: period), db: db, logger: Fixture.quietLogger)
        var byType: [String: [String]] = [:]
        for row in try db.rows("SELECT exception_type, beneficiary_id FROM recon_exceptions WHERE period = ? ORDER BY 1, 2", [.text(period)]) {
            byType[row[0].string ?? "", default: []].append(row[1].string ?? "")
        }
        return byType
    }

    /// Fills the decision column of an exported file: `decide(candidate)` gives the word or "".
    private func fill(_ url: URL, _ decide: (String) -> String) throws -> URL {
        var data = try Data(contentsOf: url)
        data.removeFirst(3)
        var lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        // Columns found by name in the header, as an analyst's spreadsheet would.
        let header = lines[0].components(separatedBy: "\",\"").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        let candidateColumn = try XCTUnwrap(header.firstIndex(of: "candidate_id"))
        let decisionColumn = try XCTUnwrap(header.firstIndex(of: "decision"))
        let byColumn = try XCTUnwrap(header.firstIndex(of: "decided_by"))
        for i in 1..<lines.count {
            let cells = lines[i].components(separatedBy: "\",\"")
            let candidate = cells[candidateColumn]
            var mutable = cells
            mutable[decisionColumn] = decide(candidate)
            mutable[byColumn] = "Chị Lan"
            lines[i] = mutable.joined(separator: "\",\"")
        }
        let out = url.deletingLastPathComponent().appendingPathComponent("decided.csv")
        try Data(lines.joined(separator: "\r\n").utf8).write(to: out)
        return out
    }

    func testAMatchDecisionSettlesTheLineInThisAndLaterMonths() throws {
        let (db, input) = try setUpWarehouse(months: ["12/2023", "01/2024"])
        let before = try reconcile(db, input, period: "2023-12")
        XCTAssertEqual(before["NEEDS_REVIEW"], ["4547"])
        XCTAssertEqual(before["REGISTERED_NOT_PAID"], nil, "review candidates are not reported unpaid")

        let exported = input.appendingPathComponent("review.csv")
        XCTAssertEqual(try ReviewQueue.export(db: db, period: "2023-12", to: exported), 2, "one row per candidate")
        let decided = try fill(exported) { $0 == "4548" ? "khớp" : "" }
        let result = try ReviewQueue.importDecisions(from: decided, into: db, decidedBy: "test")
        XCTAssertEqual(result, ReviewQueue.ImportResult(decisions: 1, skipped: 1, problems: []))
        XCTAssertEqual(try db.scalar("SELECT decided_by FROM review_decisions")?.string, "Chị Lan")

        let after = try reconcile(db, input, period: "2023-12")
        XCTAssertNil(after["NEEDS_REVIEW"])
        XCTAssertEqual(after["REGISTERED_NOT_PAID"], ["4547"], "the other namesake was not paid")
        XCTAssertEqual(try db.scalar("SELECT rule FROM recon_matches WHERE period = '2023-12' AND beneficiary_id = '4548'")?.string, "analyst decision")
        // The next month the same payee is not asked again.
        let nextMonth = try reconcile(db, input, period: "2024-01")
        XCTAssertNil(nextMonth["NEEDS_REVIEW"])
    }

    func testNoMatchForEveryCandidateMakesTheLinePaidNotRegistered() throws {
        let (db, input) = try setUpWarehouse(months: ["12/2023"])
        _ = try reconcile(db, input, period: "2023-12")
        let exported = input.appendingPathComponent("review.csv")
        try ReviewQueue.export(db: db, period: "2023-12", to: exported)
        _ = try ReviewQueue.importDecisions(from: try fill(exported) { _ in "không khớp" }, into: db, decidedBy: "test")
        let after = try reconcile(db, input, period: "2023-12")
        XCTAssertNil(after["NEEDS_REVIEW"])
        XCTAssertEqual(after["PAID_NOT_REGISTERED"], [""])
        XCTAssertEqual(after["REGISTERED_NOT_PAID"], ["4547", "4548"])
    }

    func testAnUnreadableDecisionIsReportedNotGuessed() throws {
        let (db, input) = try setUpWarehouse(months: ["12/2023"])
        _ = try reconcile(db, input, period: "2023-12")
        let exported = input.appendingPathComponent("review.csv")
        try ReviewQueue.export(db: db, period: "2023-12", to: exported)
        let result = try ReviewQueue.importDecisions(from: try fill(exported) { _ in "có lẽ" }, into: db, decidedBy: "test")
        XCTAssertEqual(result.decisions, 0)
        XCTAssertEqual(result.problems.count, 2)
        XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM review_decisions")?.int, 0)
    }

    /// `ansinh review export` opens the published warehouse read-only: the export builds nothing in it.
    func testTheExportReadsAWarehouseOpenedReadOnly() throws {
        let (db, input) = try setUpWarehouse(months: ["12/2023"])
        _ = try reconcile(db, input, period: "2023-12")
        let file = input.appendingPathComponent("published.sqlite")
        try db.run("VACUUM INTO ?", [.text(file.path)])
        let published = try Database(path: file.path, readOnly: true)
        let fromPublished = input.appendingPathComponent("review-published.csv"), fromBuilt = input.appendingPathComponent("review-built.csv")
        XCTAssertEqual(try ReviewQueue.export(db: published, period: "2023-12", to: fromPublished), 2)
        try ReviewQueue.export(db: db, period: "2023-12", to: fromBuilt)
        XCTAssertEqual(try Data(contentsOf: fromPublished), try Data(contentsOf: fromBuilt))
    }
}
