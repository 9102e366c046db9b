import Foundation
import XCTest
@testable import Synth
import VietText

/// The hard cases of record linkage (`SynthConfig.hardCases`): off, nothing changes; on, every
/// kind is planted on lines without code or ID that show the variant and pay their record.
final class HardCaseTests: XCTestCase {
    private static let scale = 0.1, seed: UInt64 = 11
    private static let kinds = ["family_name_variant", "dropped_middle_name", "reordered_words", "day_month_swapped",
                                "given_name_typo", "citizen_id_digit"]
    private static var onTree: GeneratedTree.Tree?

    /// The tree with hard cases (once per process, removed with the others).
    private func hardTree() throws -> GeneratedTree.Tree {
        if let t = HardCaseTests.onTree { return t }
        let t = try GeneratedTree.tree(scale: HardCaseTests.scale, seed: HardCaseTests.seed, hardCases: true)
        HardCaseTests.onTree = t
        return t
    }

    private func hardRows(_ t: GeneratedTree.Tree) throws -> [[String: String]] {
        try TestCSV.readCSV(t.truth.appendingPathComponent("hard_cases.csv"))
    }

    func testFlagOffIsByteIdenticalToTheDefault() throws {
        let plain = try GeneratedTree.tree(scale: 0.02, seed: 11)
        let off = try GeneratedTree.tree(scale: 0.02, seed: 11, fresh: true, hardCases: false)
        defer { try? FileManager.default.removeItem(at: off.root) }
        let a = try GeneratedTree.files(under: plain.root), b = try GeneratedTree.files(under: off.root)
        XCTAssertEqual(a.map(\.0), b.map(\.0))
        for (x, y) in zip(a, b) { XCTAssertEqual(x.1, y.1, "\(x.0) differs with hardCases: false") }
        XCTAssertFalse(b.contains { $0.0.hasSuffix("hard_cases.csv") })
        XCTAssertEqual(off.result.truthFiles, ["exceptions.csv", "rejects.csv", "control_totals.csv", "expected.json"])
        XCTAssertTrue(off.result.hardCases.isEmpty)
        XCTAssertEqual(off.result.findings, plain.result.findings)
    }

    func testEveryKindIsListedAndExpectsNoException() throws {
        let t = try hardTree()
        let rows = try hardRows(t)
        let header = TestCSV.lines(try TestCSV.text(t.truth.appendingPathComponent("hard_cases.csv"))).first
        XCTAssertEqual(header, "case,district_code,beneficiary_id,source_file,source_line")
        let wanted = max(2, Int((40 * HardCaseTests.scale).rounded()))
        for kind in HardCaseTests.kinds {
            XCTAssertEqual(rows.filter { $0["case"] == kind }.count, wanted, kind)
        }
        XCTAssertEqual(Set(rows.compactMap { $0["case"] }), Set(HardCaseTests.kinds))
        XCTAssertEqual(t.result.truthFiles.last, "hard_cases.csv")
        XCTAssertEqual(t.result.hardCases.map { [$0.kind, $0.districtCode, $0.beneficiaryID, $0.file, String($0.line)] },
                       rows.map { [$0["case"] ?? "", $0["district_code"] ?? "", $0["beneficiary_id"] ?? "",
                                   $0["source_file"] ?? "", $0["source_line"] ?? ""] })
        XCTAssertEqual(Set(rows.compactMap { $0["beneficiary_id"] }).count, rows.count, "one hard case per record")
        XCTAssertEqual(Set(rows.map { "\($0["source_file"] ?? ""):\($0["source_line"] ?? "")" }).count, rows.count)
        // A plain match: no exception on the line, none on the record (it is paid).
        let exceptions = try TestCSV.readCSV(t.truth.appendingPathComponent("exceptions.csv"))
        let lines = Set(exceptions.map { "\($0["source_file"] ?? ""):\($0["source_line"] ?? "")" })
        let ids = Set(exceptions.compactMap { $0["beneficiary_id"] })
        for r in rows {
            XCTAssertFalse(lines.contains("\(r["source_file"] ?? ""):\(r["source_line"] ?? "")"), "\(r)")
            XCTAssertFalse(ids.contains(r["beneficiary_id"] ?? ""), "\(r)")
            XCTAssertTrue(r["source_file"]?.contains("/payments-") ?? false, "\(r)")
            XCTAssertEqual(r["beneficiary_id"]?.prefix(3), r["district_code"]?.prefix(3))
        }
    }

    /// With the flag, only payment lines change: the hard-case lines, and the misspelt lines for
    /// review, which then give only the birth year. Every truth file but hard_cases.csv (paid and
    /// noncash counts, amounts, exceptions) is byte-identical.
    func testOnlyTheHardLinesAndTheReviewTyposChange() throws {
        let on = try hardTree()
        let off = try GeneratedTree.tree(scale: HardCaseTests.scale, seed: HardCaseTests.seed)
        let a = try GeneratedTree.files(under: off.root)
        let b = try GeneratedTree.files(under: on.root).filter { $0.0 != "truth/hard_cases.csv" }
        XCTAssertEqual(a.map(\.0), b.map(\.0))
        XCTAssertTrue(FileManager.default.fileExists(atPath: on.truth.appendingPathComponent("hard_cases.csv").path))
        let hard = Set(try hardRows(on).map { "\($0["source_file"] ?? ""):\($0["source_line"] ?? "")" })
        let review = Set(try TestCSV.readCSV(off.truth.appendingPathComponent("exceptions.csv"))
            .filter { $0["exception_type"] == "NEEDS_REVIEW" }.map { "\($0["source_file"] ?? ""):\($0["source_line"] ?? "")" })
        var changed = Set<String>()
        for ((path, x), (_, y)) in zip(a, b) where x != y {
            XCTAssertTrue(path.hasPrefix("input/") && path.contains("/payments-"), "\(path) changed with hard cases")
            let file = String(path.dropFirst("input/".count))
            let lx = TestCSV.lines(TestCSV.decode(x)), ly = TestCSV.lines(TestCSV.decode(y))
            XCTAssertEqual(lx.count, ly.count, file)
            for k in 0..<min(lx.count, ly.count) where lx[k] != ly[k] {
                let key = "\(file):\(k + 1)"
                changed.insert(key)
                XCTAssertTrue(hard.contains(key) || review.contains(key), "\(key) changed: \(lx[k]) → \(ly[k])")
                if review.contains(key) && !hard.contains(key) {
                    XCTAssertEqual(fullDates(ly[k]), fullDates(lx[k]) - 1, "\(key): the review typo keeps its birth date: \(ly[k])")
                }
            }
        }
        XCTAssertTrue(hard.isSubset(of: changed), "every hard-case line differs from the ordinary line")
    }

    /// Each hard line, decoded, against its record's row in beneficiaries.csv.
    func testHardLinesShowTheirVariant() throws {
        let t = try hardTree()
        var texts: [String: [TestCSV.Row]] = [:]
        func rows(_ file: String) throws -> [TestCSV.Row] {
            if let hit = texts[file] { return hit }
            let text = try TestCSV.text(t.input.appendingPathComponent(file))
            let r = TestCSV.rows(text, delimiter: TestCSV.delimiter(text))
            texts[file] = r
            return r
        }
        let all = try hardRows(t)
        var checked = 0
        for h in all {
            guard let kind = h["case"], let district = h["district_code"], let id = h["beneficiary_id"],
                  let file = h["source_file"], let n = h["source_line"].flatMap(Int.init) else { return XCTFail("bad row \(h)") }
            let spec = DistrictSpec.spec(for: district, index: 0)
            XCTAssertFalse(spec.paymentYearOnly, "\(district) writes only birth years")
            guard let line = try rows(file).first(where: { $0.line == n }) else { XCTFail("no row at \(file):\(n)"); continue }
            let dashed = String(id.prefix(3)) + "-" + String(id.dropFirst(3))
            let reg = spec.beneficiaries.stt ? 1 : 0
            guard let record = try rows(spec.folder + "/beneficiaries.csv").first(where: { $0.cells.count > reg + 4 && $0.cells[reg] == dashed })
            else { XCTFail("no record \(dashed)"); continue }

            let pay = (spec.payments.stt ? 1 : 0) + 1 + (spec.pointers.hasCode ? 1 : 0)
            XCTAssertGreaterThan(line.cells.count, pay + 2, "\(file):\(n)")
            guard line.cells.count > pay + 2 else { continue }
            let month = line.cells[(spec.payments.stt ? 1 : 0)]
            XCTAssertTrue(TestCSV.digits(month) == "122023" || TestCSV.digits(month) == "202312", "\(file):\(n) is not of the period")
            if spec.pointers.hasCode { XCTAssertEqual(line.cells[pay - 1], "", "\(file):\(n) carries a code") }
            let idCell = spec.pointers.hasID ? digits12(line.cells[pay + 2]) : ""
            XCTAssertEqual(idCell.isEmpty, kind != "citizen_id_digit", "\(file):\(n) \(kind) ID cell")

            let lineName = words(line.cells[pay]), recordName = words(record.cells[reg + 1])
            guard let lineBirth = date(line.cells[pay + 1]), let recordBirth = date(record.cells[reg + 2]) else {
                XCTFail("\(file):\(n): birth \(line.cells[pay + 1]) is not a full date (record \(record.cells[reg + 2]))"); continue
            }
            let context = "\(kind) \(file):\(n): \(line.cells[pay]) \(line.cells[pay + 1]) vs \(record.cells[reg + 1]) \(record.cells[reg + 2])"
            XCTAssertGreaterThanOrEqual(recordName.count, 3, context)
            switch kind {
            case "family_name_variant":
                XCTAssertNotEqual(lineName, recordName, context)
                XCTAssertEqual(Array(lineName.dropFirst()), Array(recordName.dropFirst()), context)
                XCTAssertTrue([["hoang", "huynh"], ["huynh", "hoang"], ["vu", "vo"], ["vo", "vu"]]
                    .contains([lineName.first ?? "", recordName.first ?? ""]), context)
                XCTAssertTrue(lineBirth == recordBirth, context)
            case "dropped_middle_name":
                XCTAssertEqual(lineName, [recordName.first ?? "", recordName.last ?? ""], context)
                XCTAssertTrue(lineBirth == recordBirth, context)
            case "reordered_words":
                XCTAssertEqual(lineName, [recordName.last ?? ""] + recordName.dropLast(), context)
                XCTAssertTrue(lineBirth == recordBirth, context)
            case "day_month_swapped":
                XCTAssertEqual(lineName, recordName, context)
                XCTAssertTrue(lineBirth == (recordBirth.0, recordBirth.2, recordBirth.1), context)
                XCTAssertNotEqual(recordBirth.1, recordBirth.2, context)
                XCTAssertLessThanOrEqual(recordBirth.2, 12, context)
            case "given_name_typo":
                XCTAssertNotEqual(lineName, recordName, context)
                XCTAssertEqual(Array(lineName.dropLast()), Array(recordName.dropLast()), context)
                let a = lineName.joined(separator: " "), b = recordName.joined(separator: " ")
                XCTAssertLessThanOrEqual(VietText.editDistance(a, b, limit: 2), 2, context)
                XCTAssertTrue(lineBirth == recordBirth, context)
            case "citizen_id_digit":
                XCTAssertEqual(lineName, recordName, context)
                XCTAssertTrue(lineBirth == recordBirth, context)
                let own = digits12(record.cells[reg + 4])
                XCTAssertEqual(idCell.count, own.count, context)
                XCTAssertEqual(zip(idCell, own).filter { $0 != $1 }.count, 1, "\(context): ID \(idCell) vs \(own)")
            default:
                XCTFail("unknown case \(kind)")
            }
            checked += 1
        }
        XCTAssertEqual(checked, all.count)
        XCTAssertGreaterThanOrEqual(all.count, 12)
    }

    /// How many full dates (d/m/yyyy, dd-mm-yyyy, yyyy-mm-dd) a line holds.
    private func fullDates(_ line: String) -> Int {
        let pattern = #"(^|[^0-9])([0-9]{1,2}[/-][0-9]{1,2}[/-][0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2})([^0-9]|$)"#
        guard let re = try? NSRegularExpression(pattern: pattern) else { return -1 }
        return re.numberOfMatches(in: line, range: NSRange(line.startIndex..., in: line))
    }

    /// Folded words of a name cell.
    private func words(_ cell: String) -> [String] {
        VietText.fold(cell).split(separator: " ").map(String.init)
    }

    /// (year, month, day) of a full date in any of the generator's styles; nil for a bare year.
    private func date(_ cell: String) -> (Int, Int, Int)? {
        let parts = cell.trimmingCharacters(in: .whitespaces).split(whereSeparator: { $0 == "/" || $0 == "-" }).compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return parts[0] > 31 ? (parts[0], parts[1], parts[2]) : (parts[2], parts[1], parts[0])
    }

    /// The digits of an ID cell, a dropped leading zero restored.
    private func digits12(_ cell: String) -> String {
        let d = TestCSV.digits(cell)
        return d.count == 11 ? "0" + d : d
    }
}
