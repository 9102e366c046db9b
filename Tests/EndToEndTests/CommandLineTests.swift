import Foundation
import TestSupport
import Warehouse
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `ansinh` binary as a user would, and checks exit codes and published files.
final class CommandLineTests: XCTestCase {
    static var binary: URL {
        // The products sit beside the test bundle in .build/<config>/ (Linux: the bundle's folder).
        let bundle = Bundle(for: CommandLineTests.self).bundleURL
        let candidates = [bundle.appendingPathComponent("ansinh"), bundle.deletingLastPathComponent().appendingPathComponent("ansinh")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    @discardableResult
    static func ansinh(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = Fixture.root
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    private func smallInput() throws -> URL {
        let input = try Fixture.tempDir("ansinh-cli")
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

    func testASuccessfulRunPublishesTheWarehouseAndTheReport() throws {
        let input = try smallInput()
        let output = input.appendingPathComponent("out")
        let result = try Self.ansinh(["run", "--input", input.path, "--output", output.path, "--quiet"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let db = try Database(path: output.appendingPathComponent("warehouse.sqlite").path, readOnly: true)
        XCTAssertEqual(try db.scalar("SELECT value FROM period_indicators WHERE district_code IS NULL AND indicator = 'paid_beneficiaries'")?.double, 1)
        XCTAssertEqual(try db.scalar("SELECT outcome FROM runs")?.string, "published")
        XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent("report/index.html").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.appendingPathComponent("warehouse.building.sqlite").path))
        // The building warehouse changes journal modes (a kept rollback journal, WAL while the
        // indexes build): the published file is in WAL mode and no journal is left beside it.
        func assertPublishedInWALModeAlone(_ db: Database, _ run: String) throws {
            XCTAssertEqual(try db.scalar("PRAGMA journal_mode")?.string, "wal", run)
            for name in ["warehouse.building.sqlite-journal", "warehouse.building.sqlite-wal", "warehouse.building.sqlite-shm", "warehouse.sqlite-journal"] {
                XCTAssertFalse(FileManager.default.fileExists(atPath: output.appendingPathComponent(name).path), "\(run): \(name) left behind")
            }
        }
        try assertPublishedInWALModeAlone(db, "first run")
        // A second run keeps the history of the first (an incremental run: the published
        // warehouse is attached while the journal modes change).
        XCTAssertEqual(try Self.ansinh(["run", "--input", input.path, "--output", output.path, "--quiet"]).status, 0)
        let again = try Database(path: output.appendingPathComponent("warehouse.sqlite").path, readOnly: true)
        XCTAssertEqual(try again.scalar("SELECT COUNT(*) FROM runs")?.int, 2)
        try assertPublishedInWALModeAlone(again, "second run")
    }

    func testABlockingCheckKeepsThePublishedWarehouseAndExitsOne() throws {
        let input = try smallInput()
        let output = input.appendingPathComponent("out")
        XCTAssertEqual(try Self.ansinh(["run", "--input", input.path, "--output", output.path, "--quiet"]).status, 0)
        let published = try Data(contentsOf: output.appendingPathComponent("warehouse.sqlite"))
        // No payment lines for this month: a blocking check fails.
        let result = try Self.ansinh(["run", "--input", input.path, "--output", output.path, "--period", "2020-01", "--quiet"])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("period_has_payments"), result.stderr)
        XCTAssertEqual(try Data(contentsOf: output.appendingPathComponent("warehouse.sqlite")), published)
        XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent("warehouse.failed.sqlite").path))
    }

    func testUsageAndConfigurationErrorsExitTwo() throws {
        XCTAssertEqual(try Self.ansinh(["run", "--no-such-flag"]).status, 2)
        XCTAssertEqual(try Self.ansinh(["run", "--period", "2023-13", "--output", NSTemporaryDirectory()]).status, 2)
        let missing = try Self.ansinh(["run", "--config", "/nonexistent.yaml"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("/nonexistent.yaml"), missing.stderr)
        let input = try smallInput()
        XCTAssertEqual(try Self.ansinh(["run", "--input", input.appendingPathComponent("nope").path, "--output", input.appendingPathComponent("o").path]).status, 2)
    }

    func testValidateChecksWithoutWritingAnything() throws {
        let input = try smallInput()
        let output = input.appendingPathComponent("out")
        XCTAssertEqual(try Self.ansinh(["validate", "--input", input.path, "--output", output.path]).status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.path), "validate writes nothing")
        try Fixture.write(["Kỳ chi trả,Họ tên,Số tiền", "12/2023,A,hai triệu"], to: input.appendingPathComponent("454"), "payments-bad.csv")
        XCTAssertEqual(try Self.ansinh(["validate", "--input", input.path, "--output", output.path]).status, 1)
    }

    func testAMissingGazetteerIsAConfigurationError() throws {
        let input = try smallInput()
        let config = input.appendingPathComponent("bad.yaml")
        let text = try String(contentsOf: Fixture.root.appendingPathComponent("pipelines/quang-binh.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "gazetteer: quang-binh-gazetteer.csv", with: "gazetteer: nope.csv")
        try text.write(to: config, atomically: true, encoding: .utf8)
        let result = try Self.ansinh(["run", "--input", input.path, "--output", input.appendingPathComponent("o").path, "--config", config.path])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("gazetteer"), result.stderr)
    }

    func testASecondRunWhileTheLockIsHeldExitsThree() throws {
        let input = try smallInput()
        let output = input.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let fd = open(output.appendingPathComponent(".ansinh.lock").path, O_RDWR | O_CREAT, 0o600)
        XCTAssertGreaterThanOrEqual(fd, 0)
        XCTAssertEqual(flock(fd, LOCK_EX | LOCK_NB), 0)
        defer { flock(fd, LOCK_UN); close(fd) }
        let result = try Self.ansinh(["run", "--input", input.path, "--output", output.path])
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertTrue(result.stderr.contains("another ansinh run"), result.stderr)
    }

    func testAnOutputThatCannotBeCreatedIsFatal() throws {
        let input = try smallInput()
        let blocker = input.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: blocker)
        let result = try Self.ansinh(["run", "--input", input.path, "--output", blocker.appendingPathComponent("out").path])
        XCTAssertEqual(result.status, 4, result.stderr)
    }
}
