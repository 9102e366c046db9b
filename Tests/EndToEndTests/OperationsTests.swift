@testable import ansinh
import Foundation
import TestSupport
import Warehouse
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The nightly job's operations: waiting for the lock, JSON log lines, `ansinh status`, the
/// run history carried from warehouse to warehouse, and the rotation of published copies.
final class OperationsTests: XCTestCase {
    private func ansinh(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        try CommandLineTests.ansinh(arguments)
    }

    /// Runs the binary and returns its standard output too (through a file, so that neither
    /// stream can fill its pipe while the other is read).
    private func ansinhOutput(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let file = try Fixture.tempDir("ansinh-stdout").appendingPathComponent("stdout.txt")
        XCTAssertTrue(FileManager.default.createFile(atPath: file.path, contents: nil))
        let output = try FileHandle(forWritingTo: file)
        let process = Process()
        process.executableURL = CommandLineTests.binary
        process.arguments = arguments
        process.currentDirectoryURL = Fixture.root
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try output.close()
        return (process.terminationStatus, try String(contentsOf: file, encoding: .utf8), String(decoding: errorData, as: UTF8.self))
    }

    private func smallInput() throws -> URL {
        let input = try Fixture.tempDir("ansinh-ops")
        try Fixture.write([
            "Mã ĐT,Họ và tên,Ngày sinh,Xã,Chế độ,Mức trợ cấp,Trạng thái",
            "454-1,Nguyễn Văn Hùng,1948,Quảng Phú,NCC,2055000,Đang hưởng",
        ], to: input.appendingPathComponent("454"), "beneficiaries.csv")
        try Fixture.write([
            "Kỳ chi trả,Họ tên,Năm sinh,Xã,Số tiền",
            "12/2023,Nguyễn Văn Hùng,1948,Quảng Phú,2055000",
        ], to: input.appendingPathComponent("454"), "payments.csv")
        return input
    }

    /// Takes `OUT/.ansinh.lock` as another run would; returns the descriptor.
    private func holdLock(of output: URL) throws -> Int32 {
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let fd = open(output.appendingPathComponent(".ansinh.lock").path, O_RDWR | O_CREAT, 0o600)
        XCTAssertGreaterThanOrEqual(fd, 0)
        XCTAssertEqual(flock(fd, LOCK_EX | LOCK_NB), 0)
        return fd
    }

    // MARK: - --wait

    func testWaitGivesUpWithExitThreeOrRunsOnceTheLockIsFree() throws {
        let input = try smallInput()
        let output = input.appendingPathComponent("out")
        let fd = try holdLock(of: output)

        let started = Date()
        let impatient = try ansinh(["run", "--input", input.path, "--output", output.path, "--quiet", "--wait", "0.2"])
        XCTAssertEqual(impatient.status, 3, impatient.stderr)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.2, "it waited before giving up")
        XCTAssertTrue(impatient.stderr.contains("another ansinh run"), impatient.stderr)
        XCTAssertTrue(impatient.stderr.contains("gave up after waiting"), impatient.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.appendingPathComponent("warehouse.sqlite").path))

        // The other run finishes after about a second; a patient run then goes ahead.
        let released = DispatchSemaphore(value: 0)
        DispatchQueue.global().asyncAfter(deadline: .now() + 1) {
            flock(fd, LOCK_UN)
            close(fd)
            released.signal()
        }
        let waitStarted = Date()
        let patient = try ansinh(["run", "--input", input.path, "--output", output.path, "--quiet", "--wait", "5"])
        released.wait()
        XCTAssertEqual(patient.status, 0, patient.stderr)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(waitStarted), 0.8, "it waited for the lock")
        XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent("warehouse.sqlite").path))
    }

    func testOutputLockWaitsForTheOtherRunOrGivesUpSayingHowLong() throws {
        let output = try Fixture.tempDir("ansinh-lock")
        let fd = try holdLock(of: output)
        let started = Date()
        XCTAssertThrowsError(try OutputLock(folder: output, wait: 0.3)) { error in
            let busy = error as? LockBusy
            XCTAssertNotNil(busy, "\(error)")
            XCTAssertTrue(busy?.description.contains("gave up after waiting 0.3 s (--wait 0.3)") == true, "\(error)")
        }
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.3)
        XCTAssertThrowsError(try OutputLock(folder: output)) { error in
            XCTAssertFalse((error as? LockBusy)?.description.contains("waiting") ?? true, "no wait, no word of waiting: \(error)")
        }

        let released = DispatchSemaphore(value: 0)
        DispatchQueue.global().asyncAfter(deadline: .now() + 1) {
            flock(fd, LOCK_UN)
            close(fd)
            released.signal()
        }
        let lock = try OutputLock(folder: output, wait: 5)
        released.wait()
        XCTAssertGreaterThanOrEqual(lock.waited, 0.8)
        XCTAssertLessThan(lock.waited, 2, "taken within a retry or two of the release")
        // Held: nobody else gets it.
        XCTAssertThrowsError(try OutputLock(folder: output, wait: 0.2))
        withExtendedLifetime(lock) {}
    }

    func testANegativeWaitIsAUsageError() throws {
        let input = try smallInput()
        let result = try ansinh(["run", "--input", input.path, "--output", input.appendingPathComponent("out").path, "--wait", "-1"])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("--wait"), result.stderr)
    }

    // MARK: - --log-format json

    /// Every non-empty line as a JSON object (failing the test on a line that is not one).
    private func jsonLines(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { raw in
            let object = try? JSONSerialization.jsonObject(with: Data(raw.utf8)) as? [String: Any]
            return try XCTUnwrap(object, "not a JSON object: \(raw)", file: file, line: line)
        }
    }

    func testJSONLogLinesParseWithTheirFields() throws {
        let input = try smallInput()
        let output = input.appendingPathComponent("out")
        let result = try ansinh(["run", "--input", input.path, "--output", output.path, "--log-format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = try jsonLines(result.stderr)
        XCTAssertFalse(lines.isEmpty, "a run at info level logs")
        for object in lines {
            for key in ["timestamp", "level", "label", "message", "source"] {
                XCTAssertNotNil(object[key] as? String, "\(key) in \(object)")
            }
            XCTAssertNotNil(object["metadata"] as? [String: Any], "metadata in \(object)")
            let stamp = try XCTUnwrap(object["timestamp"] as? String)
            XCTAssertTrue(stamp.hasSuffix("Z") && stamp.count == 24, stamp) // 2024-03-02T01:30:02.137Z
        }
        XCTAssertTrue(lines.contains { ($0["message"] as? String)?.contains("published") == true }, result.stderr)

        // --quiet keeps warnings and errors only, in JSON too.
        let quiet = try ansinh(["run", "--input", input.path, "--output", output.path, "--log-format", "json", "--quiet"])
        XCTAssertEqual(quiet.status, 0, quiet.stderr)
        for object in try jsonLines(quiet.stderr) {
            XCTAssertTrue(["warning", "error", "critical"].contains(object["level"] as? String ?? ""), "\(object)")
        }
    }

    func testTheLastWordOfAFailedRunIsJSONToo() throws {
        let input = try smallInput()
        let output = input.appendingPathComponent("out")
        let fd = try holdLock(of: output)
        defer { flock(fd, LOCK_UN); close(fd) }
        let result = try ansinh(["run", "--input", input.path, "--output", output.path, "--log-format", "json"])
        XCTAssertEqual(result.status, 3, result.stderr)
        let lines = try jsonLines(result.stderr)
        XCTAssertEqual(lines.count, 1, result.stderr)
        XCTAssertEqual(lines.first?["level"] as? String, "error")
        XCTAssertTrue((lines.first?["message"] as? String)?.contains("another ansinh run") == true, result.stderr)
        XCTAssertEqual((lines.first?["metadata"] as? [String: Any])?["exit_code"] as? String, "3")
    }

    func testJSONStringsAreEscapedAndOnOneLine() throws {
        let line = JSONLogHandler.line(timestamp: Date(timeIntervalSince1970: 1_709_343_002.137), level: .warning, label: "ansinh.test",
                                       message: "Quảng Bình: \"a\"\nb\\c\t\u{1}", source: "Tests",
                                       metadata: ["file": "453/payments.csv", "nested": ["n": "1", "list": ["x", "y"]]])
        XCTAssertTrue(line.hasSuffix("}\n"))
        XCTAssertEqual(line.dropLast().firstIndex(of: "\n"), nil, "one line")
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        XCTAssertEqual(object["timestamp"] as? String, "2024-03-02T01:30:02.137Z")
        XCTAssertEqual(object["level"] as? String, "warning")
        XCTAssertEqual(object["message"] as? String, "Quảng Bình: \"a\"\nb\\c\t\u{1}")
        let metadata = try XCTUnwrap(object["metadata"] as? [String: Any])
        XCTAssertEqual(metadata["file"] as? String, "453/payments.csv")
        XCTAssertEqual((metadata["nested"] as? [String: Any])?["list"] as? [String], ["x", "y"])
    }

    // MARK: - ansinh status

    func testStatusShowsTheLastRunsAndWhatChanged() throws {
        let base = try Fixture.tempDir("ansinh-status")
        let input = base.appendingPathComponent("input"), output = base.appendingPathComponent("output")
        let synth = try ansinh(["synth", "--out", input.path, "--truth", base.appendingPathComponent("truth").path, "--scale", "0.05", "--seed", "1"])
        XCTAssertEqual(synth.status, 0, synth.stderr)

        let none = try ansinhOutput(["status", "--output", output.path])
        XCTAssertEqual(none.status, 2, none.stderr)
        XCTAssertTrue(none.stderr.contains("no warehouse"), none.stderr)

        XCTAssertEqual(try ansinh(["run", "--input", input.path, "--output", output.path, "--quiet"]).status, 0)
        let first = try ansinhOutput(["status", "--output", output.path])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("1 run recorded"), first.stdout)
        XCTAssertTrue(first.stdout.contains("run #1  run  started "), first.stdout)
        XCTAssertTrue(first.stdout.contains("published, exit 0, took "), first.stdout)
        let db = try Database(path: output.appendingPathComponent("warehouse.sqlite").path, readOnly: true)
        let files = try XCTUnwrap(try db.scalar("SELECT files FROM runs WHERE run_id = 1")?.int)
        let exceptions = try XCTUnwrap(try db.scalar("SELECT exceptions FROM runs WHERE run_id = 1")?.int)
        XCTAssertTrue(first.stdout.contains("files \(files)  rows "), first.stdout)
        XCTAssertTrue(first.stdout.contains("exceptions \(exceptions)"), first.stdout)
        XCTAssertTrue(first.stdout.contains("the first run recorded"), first.stdout)
        // The stages, once the run records them.
        let stages = try db.rows("SELECT DISTINCT stage FROM run_stages WHERE run_id = 1").compactMap { $0[0].string }
        if let stage = stages.first {
            XCTAssertTrue(first.stdout.contains("stages  "), first.stdout)
            XCTAssertTrue(first.stdout.contains(stage), first.stdout)
        }

        // One file changed, one added: the second run says so.
        let district = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: input.path).filter { !$0.hasPrefix(".") }.sorted().first)
        let folder = input.appendingPathComponent(district)
        let changed = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".csv") }.sorted().first)
        let handle = try FileHandle(forWritingTo: folder.appendingPathComponent(changed))
        handle.seekToEndOfFile()
        handle.write(Data("\n".utf8))
        try handle.close()
        try FileManager.default.copyItem(at: folder.appendingPathComponent(changed), to: folder.appendingPathComponent("zz-extra.txt"))
        XCTAssertEqual(try ansinh(["run", "--input", input.path, "--output", output.path, "--quiet"]).status, 0)

        let second = try ansinhOutput(["status", "--output", output.path, "--last", "1"])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stdout.contains("2 runs recorded, the last 1 shown"), second.stdout)
        XCTAssertTrue(second.stdout.contains("run #2"), second.stdout)
        XCTAssertFalse(second.stdout.contains("run #1  "), "only the last run: \(second.stdout)")
        XCTAssertTrue(second.stdout.contains("inputs since run #1: 1 added, 0 removed, 1 changed"), second.stdout)
        XCTAssertTrue(second.stdout.contains("+ \(district)/zz-extra.txt"), second.stdout)
        XCTAssertTrue(second.stdout.contains("~ \(district)/\(changed)"), second.stdout)

        // The checks are kept per run, passes too.
        let again = try Database(path: output.appendingPathComponent("warehouse.sqlite").path, readOnly: true)
        let perRun = try again.rows("SELECT run_id, COUNT(*) FROM quality_checks GROUP BY run_id ORDER BY run_id").map { $0[0].int ?? 0 }
        XCTAssertEqual(perRun, [1, 2])
    }

    func testStatusShowsARunWhoseChecksFailed() throws {
        let input = try smallInput()
        let output = input.appendingPathComponent("out")
        XCTAssertEqual(try ansinh(["run", "--input", input.path, "--output", output.path, "--quiet"]).status, 0)
        XCTAssertEqual(try ansinh(["run", "--input", input.path, "--output", output.path, "--period", "2020-01", "--quiet"]).status, 1)
        let status = try ansinhOutput(["status", "--output", output.path])
        XCTAssertEqual(status.status, 0, status.stderr)
        XCTAssertTrue(status.stdout.contains("run #2  run  started "), status.stdout)
        XCTAssertTrue(status.stdout.contains("checks_failed, exit 1"), status.stdout)
        XCTAssertTrue(status.stdout.contains("(in warehouse.failed.sqlite)"), status.stdout)
        XCTAssertTrue(status.stdout.contains("1 blocking"), status.stdout)
    }

    // MARK: - Run history (unit)

    /// A warehouse file with the schema.
    private func warehouse(_ url: URL) throws -> Database {
        let db = try Database(path: url.path)
        try Schema.create(in: db)
        return db
    }

    /// What `QualityChecks.run` does to the table: empties it, writes this run's checks.
    private func writeChecks(_ db: Database, _ names: [String]) throws {
        try db.execute("DELETE FROM quality_checks")
        for name in names {
            try db.run("INSERT INTO quality_checks(check_name, subject, passed, blocking, detail) VALUES (?, 's', 1, 1, 'ok')", [.text(name)])
        }
    }

    func testStagesAndChecksAreKeptPerRunFromWarehouseToWarehouse() throws {
        let folder = try Fixture.tempDir("ansinh-history")
        let context = try Fixture.context(input: folder)
        let firstURL = folder.appendingPathComponent("first.sqlite")
        do {
            let db = try warehouse(firstURL)
            XCTAssertEqual(try RunHistory.carryOver(from: folder.appendingPathComponent("none.sqlite"), into: db), [])
            let run = try RunHistory.start(db, context: context, command: "run")
            try RunHistory.stageStarted(db, runID: run, stage: "normalize")
            try RunHistory.stageFinished(db, runID: run, stage: "normalize", rowsIn: 10, rowsOut: 9, warnings: 1, outcome: "ok", message: nil)
            // Without a start: the row is written whole.
            try RunHistory.stageFinished(db, runID: run, stage: "report", rowsIn: nil, rowsOut: nil, warnings: nil, outcome: "ok", message: "3 files")
            try writeChecks(db, ["a", "b"])
            try RunHistory.finish(db, runID: run, outcome: .success, ledger: [], exceptions: 0, message: "")
        }
        let second = try warehouse(folder.appendingPathComponent("second.sqlite"))
        XCTAssertEqual(try RunHistory.carryOver(from: firstURL, into: second), [])
        let run = try RunHistory.start(second, context: context, command: "run")
        XCTAssertEqual(run, 2)
        try RunHistory.stageStarted(second, runID: run, stage: "normalize")
        try writeChecks(second, ["a", "b", "c"])
        try RunHistory.finish(second, runID: run, outcome: .checksFailed, ledger: [], exceptions: 0, message: "c failed")

        let stages = try second.rows("SELECT run_id, stage, rows_in, rows_out, warnings, outcome, finished_at IS NOT NULL, message FROM run_stages ORDER BY rowid")
        XCTAssertEqual(stages.count, 3)
        XCTAssertEqual(stages[0], [.integer(1), .text("normalize"), .integer(10), .integer(9), .integer(1), .text("ok"), .integer(1), .null])
        XCTAssertEqual(stages[1][1], .text("report"))
        XCTAssertEqual(stages[1][7], .text("3 files"))
        XCTAssertEqual(stages[2][0...1], [.integer(2), .text("normalize")])
        XCTAssertEqual(stages[2][6], .integer(0), "not finished")
        let checks = try second.rows("SELECT run_id, COUNT(*) FROM quality_checks GROUP BY run_id ORDER BY run_id").map { [$0[0].int, $0[1].int] }
        XCTAssertEqual(checks, [[1, 2], [2, 3]])
        XCTAssertEqual(try second.scalar("SELECT COUNT(*) FROM runs")?.int, 2)
        XCTAssertEqual(try second.scalar("SELECT COUNT(*) FROM temp.sqlite_master")?.int, 0, "the held checks are dropped")
    }

    func testARecordedStageKeepsItsCountsOrItsError() throws {
        let db = try Fixture.warehouse()
        try db.execute("""
            INSERT INTO file_ledger(source_file, status, rows_data, rows_loaded, rows_rejected) VALUES ('a.csv', 'ok', 5, 4, 1), ('b.csv', 'ok', 3, 3, 0);
            INSERT INTO quality_findings(rule, detail, severity) VALUES ('r', 'd', 'warning');
            INSERT INTO quality_checks(check_name, passed, blocking) VALUES ('x', 1, 1), ('y', 0, 1);
            """)
        let value = try RunHistory.recordStage("normalize", db, runID: 7, period: "2023-12") { 42 }
        XCTAssertEqual(value, 42)
        XCTAssertEqual(try db.rows("SELECT rows_in, rows_out, warnings, outcome FROM run_stages WHERE stage = 'normalize'"),
                       [[.integer(8), .integer(7), .integer(1), .text("ok")]])
        XCTAssertEqual(try RunHistory.counts(of: "checks", in: db, period: "2023-12"), .init(rowsIn: 2, rowsOut: 1, warnings: 1))
        XCTAssertEqual(try RunHistory.counts(of: "report", in: db, period: "2023-12"), .init())

        struct Broken: Error, CustomStringConvertible { var description: String { "disk full" } }
        XCTAssertThrowsError(try RunHistory.recordStage("reconcile", db, runID: 7, period: "2023-12") { throw Broken() })
        XCTAssertEqual(try db.rows("SELECT outcome, message, finished_at IS NOT NULL FROM run_stages WHERE stage = 'reconcile'"),
                       [[.text("failed"), .text("disk full"), .integer(1)]])
    }

    func testAWarehouseOfAnEarlierBuildGivesItsRunsAndChecks() throws {
        let folder = try Fixture.tempDir("ansinh-history-old")
        let oldURL = folder.appendingPathComponent("old.sqlite")
        do {
            // The layout before run_stages and quality_checks.run_id.
            let old = try Database(path: oldURL.path)
            try old.execute("""
                CREATE TABLE runs(run_id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, command TEXT NOT NULL,
                    input_dir TEXT, output_dir TEXT, period TEXT, year INTEGER, config_path TEXT, config_sha256 TEXT,
                    inputs TEXT, stages TEXT, outcome TEXT, exit_code INTEGER, files INTEGER, rows_data INTEGER, rows_loaded INTEGER,
                    rows_rejected INTEGER, findings INTEGER, exceptions INTEGER, message TEXT);
                CREATE TABLE quality_checks(check_name TEXT NOT NULL, subject TEXT, passed INTEGER NOT NULL, blocking INTEGER NOT NULL, detail TEXT);
                INSERT INTO runs(run_id, started_at, command, outcome) VALUES (1, '2024-01-01T01:30:00Z', 'run', 'published'),
                                                                          (2, '2024-01-02T01:30:00Z', 'run', 'published');
                INSERT INTO quality_checks VALUES ('a', 's', 1, 1, 'ok'), ('b', 's', 0, 0, 'not ok');
                """)
        }
        let db = try warehouse(folder.appendingPathComponent("new.sqlite"))
        XCTAssertEqual(try RunHistory.carryOver(from: oldURL, into: db), [])
        let run = try RunHistory.start(db, context: try Fixture.context(input: folder), command: "run")
        XCTAssertEqual(run, 3)
        try writeChecks(db, ["a"])
        try RunHistory.finish(db, runID: run, outcome: .success, ledger: [], exceptions: 0, message: "")
        let checks = try db.rows("SELECT run_id, COUNT(*) FROM quality_checks GROUP BY run_id ORDER BY run_id").map { [$0[0].int, $0[1].int] }
        XCTAssertEqual(checks, [[2, 2], [3, 1]], "the old checks were those of its last run")
    }

    // MARK: - Published copies (unit)

    private func touch(_ url: URL, written: Date? = nil) throws {
        try Data("x".utf8).write(to: url)
        if let written { try FileManager.default.setAttributes([.modificationDate: written], ofItemAtPath: url.path) }
    }

    func testEachPublishKeepsThePreviousWarehouseInHistory() throws {
        let input = try smallInput()
        let output = input.appendingPathComponent("out")
        let config = input.appendingPathComponent("keep-2.yaml")
        let text = try String(contentsOf: Fixture.root.appendingPathComponent("pipelines/quang-binh.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "gazetteer: quang-binh-gazetteer.csv", with: "gazetteer: \(Fixture.root.appendingPathComponent("pipelines/quang-binh-gazetteer.csv").path)")
            .replacingOccurrences(of: "keep_published: 3", with: "keep_published: 2")
        XCTAssertTrue(text.contains("keep_published: 2"))
        try text.write(to: config, atomically: true, encoding: .utf8)
        for _ in 0..<4 {
            let result = try ansinh(["run", "--input", input.path, "--output", output.path, "--config", config.path, "--quiet"])
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        let history = PublishedCopies.historyFolder(of: output)
        let copies = try PublishedCopies.copies(in: history)
        XCTAssertEqual(copies.count, 2, "\(copies)")
        // The newest copy is the warehouse run 3 published, the one before it run 2's.
        let newest = try copies.map { try Database(path: $0.path, readOnly: true).scalar("SELECT MAX(run_id) FROM runs")?.int }
        XCTAssertEqual(newest, [3, 2])
        XCTAssertEqual(try Database(path: output.appendingPathComponent("warehouse.sqlite").path, readOnly: true)
            .scalar("SELECT MAX(run_id) FROM runs")?.int, 4)
        let status = try ansinhOutput(["status", "--output", output.path])
        XCTAssertTrue(status.stdout.contains("2 earlier published warehouses kept"), status.stdout)
    }

    func testRotateKeepsTheNewestCopiesAndLeavesOtherFilesAlone() throws {
        let output = try Fixture.tempDir("ansinh-rotate")
        let history = PublishedCopies.historyFolder(of: output)
        try FileManager.default.createDirectory(at: history, withIntermediateDirectories: true)
        let day: TimeInterval = 86_400
        let start = Date(timeIntervalSince1970: 1_704_072_600) // 2024-01-01T01:30:00Z
        for n in 0..<3 { try touch(history.appendingPathComponent(PublishedCopies.name(for: start.addingTimeInterval(Double(n) * day)))) }
        try touch(history.appendingPathComponent("warehouse-20240101T013000Z.sqlite-wal"))
        try touch(history.appendingPathComponent("notes.txt"))
        try touch(history.appendingPathComponent("warehouse-by-hand.sqlite"))
        let published = output.appendingPathComponent("warehouse.sqlite")
        try touch(published, written: start.addingTimeInterval(3 * day))

        let rotation = try PublishedCopies.rotate(output: output, keep: 2)
        XCTAssertEqual(rotation.archived?.lastPathComponent, "warehouse-20240104T013000Z.sqlite")
        XCTAssertTrue(FileManager.default.fileExists(atPath: published.path), "published stays until the rename replaces it")
        let names = try FileManager.default.contentsOfDirectory(atPath: history.path).sorted()
        XCTAssertEqual(names, ["notes.txt", "warehouse-20240103T013000Z.sqlite", "warehouse-20240104T013000Z.sqlite", "warehouse-by-hand.sqlite"])
        XCTAssertEqual(rotation.removed.map(\.lastPathComponent).sorted(), ["warehouse-20240101T013000Z.sqlite", "warehouse-20240102T013000Z.sqlite"])
        XCTAssertEqual(rotation.failed, [])
        let mode = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: history.appendingPathComponent("warehouse-20240104T013000Z.sqlite").path)[.posixPermissions] as? Int)
        XCTAssertEqual(mode & 0o777, 0o600)

        // The same second again: a second name, kept as the newest.
        try PublishedCopies.rotate(output: output, keep: 2)
        XCTAssertEqual(try PublishedCopies.copies(in: history).map(\.lastPathComponent),
                       ["warehouse-20240104T013000Z-2.sqlite", "warehouse-20240104T013000Z.sqlite"])
    }

    func testRotateWithoutHistoryOrWarehouse() throws {
        let output = try Fixture.tempDir("ansinh-rotate-empty")
        let history = PublishedCopies.historyFolder(of: output)
        // The first run: nothing published yet, nothing to keep, no folder made.
        XCTAssertNil(try PublishedCopies.rotate(output: output, keep: 3).archived)
        XCTAssertFalse(FileManager.default.fileExists(atPath: history.path))
        // A published warehouse and no history/: the folder is made, owner-only.
        try touch(output.appendingPathComponent("warehouse.sqlite"))
        XCTAssertNotNil(try PublishedCopies.rotate(output: output, keep: 3).archived)
        let mode = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: history.path)[.posixPermissions] as? Int)
        XCTAssertEqual(mode & 0o777, 0o700)
        // keep 0: no copy, and the copies there go.
        let rotation = try PublishedCopies.rotate(output: output, keep: 0)
        XCTAssertNil(rotation.archived)
        XCTAssertEqual(try PublishedCopies.copies(in: history), [])
    }

    func testCopyNamesAreRecognisedStrictly() {
        XCTAssertEqual(PublishedCopies.stamp(of: "warehouse-20240302T013002Z.sqlite")?.time, "20240302T013002Z")
        XCTAssertEqual(PublishedCopies.stamp(of: "warehouse-20240302T013002Z-3.sqlite")?.sequence, 3)
        for other in ["warehouse.sqlite", "warehouse-2024.sqlite", "warehouse-20240302T013002Z.sqlite-wal", "warehouse-20240302X013002Z.sqlite",
                      "warehouse-20240302T013002Z-0.sqlite", "warehouse-20240302T013002Z-a.sqlite", "notes.txt"] {
            XCTAssertNil(PublishedCopies.stamp(of: other), other)
        }
    }
}
