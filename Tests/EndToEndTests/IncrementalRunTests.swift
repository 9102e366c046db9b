import Foundation
import Synth
import TestSupport
import Warehouse
import XCTest

/// Incremental runs: an unchanged file is not parsed again, a changed one replaces exactly its
/// own rows, a removed one takes its rows away, and the result is always the full refresh's.
final class IncrementalRunTests: XCTestCase {
    /// Every table a run writes, compared as sorted rows.
    static let tables = ["beneficiaries", "payments", "households", "household_totals", "recruitment", "rejects",
                         "quality_findings", "file_ledger", "recon_matches", "recon_exceptions", "recon_pairs", "recon_model",
                         "provincial_indicators", "district_indicators", "period_indicators"]

    private func generate() throws -> URL {
        let base = try Fixture.tempDir("ansinh-incremental")
        addTeardownBlock { try? FileManager.default.removeItem(at: base) }
        let config = SynthConfig(scale: 0.05, seed: 7, gazetteerCSV: Fixture.root.appendingPathComponent("pipelines/quang-binh-gazetteer.csv"))
        _ = try Synth.generate(into: base.appendingPathComponent("input"), truthDir: base.appendingPathComponent("truth"), config: config)
        return base
    }

    private func run(_ input: URL, _ output: URL, _ extra: [String] = []) throws -> String {
        let result = try CommandLineTests.ansinh(["run", "--input", input.path, "--output", output.path] + extra)
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stderr
    }

    /// "N unchanged files carried over …, M parsed" from the run's log.
    private func counts(_ log: String) -> (carried: Int, parsed: Int)? {
        guard let line = log.split(separator: "\n").first(where: { $0.contains("incremental:") }) else { return nil }
        let numbers = line.split(separator: ":").last.map { $0.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) } } ?? []
        return numbers.count >= 2 ? (numbers[0], numbers[1]) : nil
    }

    private func snapshot(_ output: URL) throws -> [String: [String]] {
        let db = try Database(path: output.appendingPathComponent("warehouse.sqlite").path, readOnly: true)
        var tables: [String: [String]] = [:]
        for table in Self.tables {
            tables[table] = try db.rows("SELECT * FROM \(table)").map { $0.map { $0.string ?? "∅" }.joined(separator: "|") }.sorted()
        }
        return tables
    }

    private func assertSame(_ a: [String: [String]], _ b: [String: [String]], _ message: String, line: UInt = #line) {
        for table in Self.tables {
            XCTAssertEqual(a[table]?.count, b[table]?.count, "\(message): \(table) rows", line: line)
            XCTAssertTrue(a[table] == b[table], "\(message): \(table) differs", line: line)
        }
    }

    func testASecondRunParsesNothingAndAChangedFileOnlyItself() throws {
        let base = try generate()
        let input = base.appendingPathComponent("input"), output = base.appendingPathComponent("output")
        let first = try run(input, output)
        XCTAssertNil(counts(first), "the first run has nothing to carry over")
        let before = try snapshot(output)

        // Unchanged input: nothing parsed, every table identical.
        let second = try run(input, output)
        let files = try XCTUnwrap(counts(second), second)
        XCTAssertEqual(files.parsed, 0)
        XCTAssertGreaterThan(files.carried, 10)
        assertSame(before, try snapshot(output), "unchanged input")

        // One payment file changed: only it is parsed, and the result is the full refresh's.
        let payments = try XCTUnwrap(FileManager.default.enumerator(at: input, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.lastPathComponent.hasPrefix("payments-2023-12") }.sorted { $0.path < $1.path }.first)
        var text = try String(contentsOf: payments, encoding: .utf8)
        text = text.replacingOccurrences(of: "\n", with: "\n\n", options: [], range: text.range(of: "\n"))   // a blank line: same rows, new bytes
        try text.write(to: payments, atomically: true, encoding: .utf8)
        let third = try run(input, output)
        XCTAssertEqual(counts(third)?.parsed, 1, third)
        XCTAssertEqual(counts(third)?.carried, files.carried - 1)
        let refreshed = base.appendingPathComponent("refreshed")
        _ = try run(input, refreshed, ["--full-refresh"])
        assertSame(try snapshot(output), try snapshot(refreshed), "one file changed")

        // A file removed takes its rows away; the same content under a new name is reported.
        let registry = try XCTUnwrap(FileManager.default.enumerator(at: input, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.lastPathComponent.hasPrefix("beneficiaries") }.sorted { $0.path < $1.path }.first)
        let renamed = registry.deletingLastPathComponent().appendingPathComponent("doi-tuong-" + registry.lastPathComponent)
        try FileManager.default.moveItem(at: registry, to: renamed)
        let fourth = try run(input, output)
        XCTAssertEqual(counts(fourth)?.parsed, 1, fourth)
        let db = try Database(path: output.appendingPathComponent("warehouse.sqlite").path, readOnly: true)
        let oldName = String(registry.path.dropFirst(input.path.count + 1))
        XCTAssertEqual(try db.scalar("SELECT COUNT(*) FROM beneficiaries WHERE source_file = ?", [.text(oldName)])?.int, 0)
        let finding = try db.scalar("SELECT detail FROM quality_findings WHERE rule = 'same_content'")?.string ?? ""
        XCTAssertTrue(finding.contains("renamed") && finding.contains(oldName), finding)
        _ = try run(input, refreshed, ["--full-refresh"])
        var incremental = try snapshot(output), full = try snapshot(refreshed)
        // The rename is news only to the incremental run, which remembers the old name.
        incremental["quality_findings"] = incremental["quality_findings"]?.filter { !$0.contains("same_content") }
        full["quality_findings"] = full["quality_findings"]?.filter { !$0.contains("same_content") }
        assertSame(incremental, full, "a file renamed")
    }

    func testTheSameFileSentTwiceIsReported() throws {
        let base = try generate()
        let input = base.appendingPathComponent("input"), output = base.appendingPathComponent("output")
        let payments = try XCTUnwrap(FileManager.default.enumerator(at: input, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.lastPathComponent.hasPrefix("payments-2023-12") }.sorted { $0.path < $1.path }.first)
        let copy = payments.deletingLastPathComponent().appendingPathComponent("ban-sao-" + payments.lastPathComponent)
        try FileManager.default.copyItem(at: payments, to: copy)
        let result = try CommandLineTests.ansinh(["run", "--input", input.path, "--output", output.path, "--quiet"])
        XCTAssertLessThanOrEqual(result.status, 1, result.stderr)
        let db = try Database(path: output.appendingPathComponent(result.status == 0 ? "warehouse.sqlite" : "warehouse.failed.sqlite").path,
                              readOnly: true)
        let detail = try db.scalar("SELECT detail FROM quality_findings WHERE rule = 'same_content'")?.string ?? ""
        XCTAssertTrue(detail.contains("same content as") && detail.contains(payments.lastPathComponent), detail)
    }
}
