import Foundation
import XCTest
@testable import Synth

final class TruthTests: XCTestCase {
    /// The physical line `n` (1-based) of a generated file, decoded.
    private func line(_ t: GeneratedTree.Tree, _ file: String, _ n: Int) throws -> String {
        let lines = TestCSV.lines(try TestCSV.text(t.input.appendingPathComponent(file)))
        XCTAssertTrue((1...lines.count).contains(n), "\(file) has no line \(n)")
        return (1...lines.count).contains(n) ? lines[n - 1] : ""
    }

    private func expected(_ t: GeneratedTree.Tree) throws -> [String: Any] {
        let data = try Data(contentsOf: t.truth.appendingPathComponent("expected.json"))
        return (try JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    func testExceptionLinesPointAtTheirRows() throws {
        let t = try GeneratedTree.tree()
        let rows = try TestCSV.readCSV(t.truth.appendingPathComponent("exceptions.csv"))
        let types = Set(rows.compactMap { $0["exception_type"] })
        XCTAssertEqual(types, Set(ExceptionType.all.map(\.rawValue)), "every finding type is planted at least once")
        // The ledger knows each payment line's amount: the row at that line must show it.
        let amounts = Dictionary(t.result.findings.map { ("\($0.file):\($0.line):\($0.type)", $0.amount) }, uniquingKeysWith: { a, _ in a })
        for r in rows {
            guard let type = r["exception_type"], let file = r["source_file"], let n = r["source_line"].flatMap(Int.init),
                  let id = r["beneficiary_id"], let district = r["district_code"] else { return XCTFail("bad truth row \(r)") }
            XCTAssertTrue(file.contains("/"), file)
            let text = try line(t, file, n)
            switch type {
            case "REGISTERED_NOT_PAID", "DUPLICATE_RECORD":
                XCTAssertTrue(file.hasSuffix("/beneficiaries.csv"), file)
                XCTAssertEqual(id.count, 9)
                XCTAssertTrue(text.contains(String(id.prefix(3)) + "-" + String(id.dropFirst(3))), "\(file):\(n) is not record \(id): \(text)")
                XCTAssertEqual(String(id.prefix(3)), district)
            default:
                XCTAssertTrue(file.contains("/payments-"), file)
                guard let amount = amounts["\(file):\(n):\(type)"] else { XCTFail("no ledger amount for \(file):\(n)"); continue }
                let compact = text.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: "")
                XCTAssertTrue(compact.contains(String(amount)), "\(file):\(n) does not show \(amount): \(text)")
                XCTAssertEqual(id.isEmpty, type == "PAID_NOT_REGISTERED")
                XCTAssertTrue(text.contains("12/2023") || text.contains("2023-12"), "\(file):\(n) is not a line of the period: \(text)")
            }
        }
    }

    func testRejectsAndControlTotalsPointAtTheirRows() throws {
        let t = try GeneratedTree.tree()
        let rejects = try TestCSV.readCSV(t.truth.appendingPathComponent("rejects.csv"))
        XCTAssertEqual(Set(rejects.compactMap { $0["column"] }), ["amount", "date", "full_name"])
        for r in rejects {
            guard let file = r["source_file"], let n = r["source_line"].flatMap(Int.init), let column = r["column"] else {
                return XCTFail("bad reject row \(r)")
            }
            let text = try line(t, file, n)
            switch column {
            case "amount": XCTAssertTrue(text.lowercased().contains("hai triệu"), text)
            case "date": XCTAssertTrue(file.contains("/recruitment-"), file)
            default: XCTAssertTrue(file.hasSuffix("/beneficiaries.csv"), file)
            }
        }
        let controls = try TestCSV.readCSV(t.truth.appendingPathComponent("control_totals.csv"))
        XCTAssertEqual(controls.filter { $0["ok"] == "false" }.count, 1)
        XCTAssertGreaterThan(controls.count, 5)
        for c in controls {
            guard let file = c["source_file"], let n = c["source_line"].flatMap(Int.init) else { return XCTFail("bad row \(c)") }
            let text = try line(t, file, n)
            XCTAssertTrue(text.hasPrefix("Tổng cộng") || text.hasPrefix("Cộng"), "\(file):\(n): \(text)")
            // The stated total against the data rows above it (rows whose amount column parses).
            let delimiter = TestCSV.delimiter(try TestCSV.text(t.input.appendingPathComponent(file)))
            let rows = TestCSV.rows(try TestCSV.text(t.input.appendingPathComponent(file)), delimiter: delimiter)
            guard let totals = rows.first(where: { $0.line == n }), let amountColumn = totals.cells.lastIndex(where: {
                !$0.isEmpty && !$0.hasSuffix("người") && $0 != totals.cells[0]
            }) else { return XCTFail("no totals amount in \(file)") }
            guard let headerIndex = rows.firstIndex(where: { $0.cells.filter { !$0.isEmpty }.count >= 5 }) else { return XCTFail() }
            var sum = 0
            for r in rows[(headerIndex + 1)...] where r.line < n && r.cells.count > amountColumn {
                sum += Int(TestCSV.digits(r.cells[amountColumn])) ?? 0
            }
            let stated = Int(TestCSV.digits(totals.cells[amountColumn])) ?? -1
            XCTAssertEqual(stated == sum, c["ok"] == "true", "\(file):\(n) states \(stated), rows sum to \(sum)")
        }
    }

    func testExpectedFiguresAgreeWithTheGeneratorsSets() throws {
        let t = try GeneratedTree.tree()
        let json = try expected(t)
        let s = t.result.summary
        XCTAssertEqual(json["period"] as? String, "2023-12")
        let periods = json["period_indicators"] as? [String: Any]
        let p = (periods?["2023-12"] as? [String: Any])
        let province = p?["province"] as? [String: Int]
        XCTAssertEqual(province?["paid_beneficiaries"], s.paidRecords)
        XCTAssertEqual(province?["noncash_beneficiaries"], s.noncashPaidRecords)
        let districts = p?["districts"] as? [String: [String: Int]] ?? [:]
        XCTAssertEqual(districts.keys.sorted(), ["450", "452", "453", "454", "455", "456", "457", "458"])
        for key in ["paid_beneficiaries", "noncash_beneficiaries", "amount_paid"] {
            XCTAssertEqual(districts.values.reduce(0) { $0 + ($1[key] ?? 0) }, province?[key], key)
        }
        let counts = json["exception_counts"] as? [String: Int]
        XCTAssertEqual(counts, s.plannedExceptions)
        let years = json["yearly_indicators"] as? [String: Any]
        let y2023 = (years?["2023"] as? [String: Any])?["province"] as? [String: Int]
        XCTAssertEqual(y2023?["poor_households"], s.poorHouseholds[2023])
        XCTAssertEqual(y2023?["near_poor_households"], s.nearPoorHouseholds[2023])
        XCTAssertEqual(y2023?["total_households"], s.totalHouseholds[2023])
        for key in ["jobs_total", "jobs_abroad", "vet_enrolled_college", "vet_enrolled_intermediate", "vet_enrolled_elementary",
                    "vet_enrolled_total"] {
            XCTAssertEqual(y2023?[key], s.recruitment[key], key)
        }
        let y2022 = (years?["2022"] as? [String: Any])?["province"] as? [String: Int]
        XCTAssertEqual(y2022?["poor_households"], s.poorHouseholds[2022])
        XCTAssertGreaterThan(y2022?["jobs_total"] ?? 0, 0, "late rows of the previous year are planted")
        // The JSON text is written with sorted keys.
        let text = try String(contentsOf: t.truth.appendingPathComponent("expected.json"), encoding: .utf8)
        XCTAssertLessThan(text.range(of: "\"control_totals\"")?.lowerBound ?? text.endIndex,
                          text.range(of: "\"exception_counts\"")?.lowerBound ?? text.startIndex)
    }

    /// Recounts poor and near-poor households from the files (distinct codes per class) and the
    /// period's amount paid (lines of 12/2023 with a readable amount) against expected.json.
    func testFilesRecountToTheExpectedFigures() throws {
        let t = try GeneratedTree.tree()
        let json = try expected(t)
        let years = json["yearly_indicators"] as? [String: Any]
        let districts2023 = (years?["2023"] as? [String: Any])?["districts"] as? [String: [String: Int]] ?? [:]
        let periodDistricts = ((json["period_indicators"] as? [String: Any])?["2023-12"] as? [String: Any])?["districts"]
            as? [String: [String: Int]] ?? [:]
        let folders = ["450": "450-dong-hoi", "452": "Minh Hóa", "453": "453", "454": "huyen-quang-trach-454",
                       "455": "Bố Trạch", "456": "456_quang_ninh", "457": "Lệ Thủy", "458": "458-ba-don"]
        for (code, folder) in folders.sorted(by: { $0.key < $1.key }) {
            let text = try TestCSV.text(t.input.appendingPathComponent(folder + "/households-2023.csv"))
            var poor = Set<String>(), near = Set<String>()
            for row in TestCSV.rows(text, delimiter: TestCSV.delimiter(text)) {
                guard let id = row.cells.first(where: { $0.hasPrefix("QB-") }) else { continue }
                let words = row.cells.map { TextVariants.stripDiacritics($0).lowercased() }
                if words.contains(where: { ["ho can ngheo", "hcn", "can ngheo", "cn"].contains($0) }) { near.insert(id) }
                else if words.contains(where: { ["ho ngheo", "hn", "ngheo"].contains($0) }) { poor.insert(id) }
            }
            XCTAssertEqual(poor.count, districts2023[code]?["poor_households"], "poor households of \(folder)")
            XCTAssertEqual(near.count, districts2023[code]?["near_poor_households"], "near-poor households of \(folder)")

            var paid = 0
            for file in t.result.files where file.hasPrefix(folder + "/payments-") {
                let text = try TestCSV.text(t.input.appendingPathComponent(file))
                let rows = TestCSV.rows(text, delimiter: TestCSV.delimiter(text))
                func label(_ s: String) -> String { TextVariants.stripDiacritics(s).lowercased().replacingOccurrences(of: "_", with: " ") }
                guard let header = rows.first(where: { r in r.cells.contains { label($0).hasPrefix("so tien") || label($0) == "thanh tien" } }) else {
                    XCTFail("no header in \(file)"); continue
                }
                let labels = header.cells.map(label)
                guard let amountAt = labels.firstIndex(where: { $0.hasPrefix("so tien") || $0 == "thanh tien" }),
                      let periodAt = labels.firstIndex(where: { $0.hasPrefix("ky") || $0.hasPrefix("thang chi tra") }) else {
                    XCTFail("no amount or period column in \(file)"); continue
                }
                for r in rows where r.line > header.line && r.cells.count > amountAt {
                    let period = TestCSV.digits(r.cells[periodAt])
                    guard period == "122023" || period == "202312" else { continue }
                    paid += Int(TestCSV.digits(r.cells[amountAt])) ?? 0
                }
            }
            XCTAssertEqual(paid, periodDistricts[code]?["amount_paid"], "amount paid in \(folder)")
        }
    }
}
