import Foundation
import TestSupport
import Warehouse
#if canImport(Glibc)
import Glibc
#endif

/// One `ansinh` child process of the fault tests: started at once, its standard error kept in a
/// file (a pipe nobody reads could fill and stall the child), waited for, or killed.
final class FaultProcess {
    let process = Process()
    let arguments: [String]
    private let stderrURL: URL
    private(set) var startedAt = Date()

    init(_ arguments: [String], executable: URL? = nil) throws {
        self.arguments = arguments
        stderrURL = FileManager.default.temporaryDirectory.appendingPathComponent("ansinh-fault-stderr-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.executableURL = executable ?? CommandLineTests.binary
        process.arguments = arguments
        process.currentDirectoryURL = Fixture.root
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        process.standardInput = FileHandle.nullDevice
        startedAt = Date()
        try process.run()
    }

    deinit { try? FileManager.default.removeItem(at: stderrURL) }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// How the process ended.
    struct Ending: CustomStringConvertible {
        let status: Int32
        let signaled: Bool
        let seconds: TimeInterval
        let stderr: String
        /// An exit the contract allows (0...4), not a signal.
        var isContractExit: Bool { !signaled && (0...4).contains(status) }
        var description: String { signaled ? "signal \(status)" : "exit \(status)" }
    }

    /// Waits for the end (at most `timeout` seconds; then the process is killed and the ending
    /// says signal 9).
    @discardableResult
    func wait(timeout: TimeInterval = 600) -> Ending {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(startedAt)
        let text = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
        return Ending(status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
                      seconds: seconds, stderr: text)
    }

    func send(_ signal: Int32) { kill(pid, signal) }

    /// Runs to the end.
    static func run(_ arguments: [String], timeout: TimeInterval = 600) throws -> Ending {
        try FaultProcess(arguments).wait(timeout: timeout)
    }
}

/// Helpers of the fault tests: files, warehouses, their fingerprints, a seeded generator.
enum FaultKit {
    /// The tables whose content tells one complete run from another: the published figures,
    /// the reconciliation findings and where every file's rows went.
    static let fingerprintTables = ["provincial_indicators", "recon_exceptions", "file_ledger", "payments", "beneficiaries"]

    /// `PRAGMA integrity_check` of the database at `path`, opened where it is, read-only (as an
    /// analyst opens the published warehouse), or the error that stopped it.
    static func integrity(of path: String) -> String {
        do {
            let db = try Database(path: path, readOnly: true)
            return try db.rows("PRAGMA integrity_check").compactMap { $0.first?.string }.joined(separator: "; ")
        } catch {
            return "cannot check: \(error)"
        }
    }

    /// A digest of the content of `fingerprintTables` (every row, in a fixed order), with the
    /// row counts in clear: equal for two complete runs over the same input.
    static func fingerprint(of path: String) throws -> String {
        let db = try Database(path: path, readOnly: true)
        var parts: [String] = []
        for table in fingerprintTables {
            let columns = try db.rows("SELECT name FROM pragma_table_info('\(table)')").compactMap { $0.first?.string }
            let order = columns.map { "\"\($0)\"" }.joined(separator: ", ")
            var hash = FNV1a()
            var count = 0
            for row in try db.rows("SELECT * FROM \(table) ORDER BY \(order)") {
                count += 1
                for value in row { hash.add("\(value)\u{1F}") }
                hash.add("\u{1E}")
            }
            parts.append("\(table)=\(count):\(String(hash.value, radix: 16))")
        }
        return parts.joined(separator: " ")
    }

    /// Rows of `file_ledger` where rows_data ≠ rows_loaded + rows_rejected (nil: unreadable).
    static func ledgerMismatches(in path: String) -> Int64? {
        guard let db = try? Database(path: path, readOnly: true),
              let value = try? db.scalar("SELECT COUNT(*) FROM file_ledger WHERE rows_data <> rows_loaded + rows_rejected") else { return nil }
        return value.int
    }

    /// The bytes of a file, or nil.
    static func bytes(_ url: URL) -> Data? { try? Data(contentsOf: url) }

    static func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }

    /// Copies a folder's content (replacing `target`).
    static func copyFolder(_ source: URL, to target: URL) throws {
        try? FileManager.default.removeItem(at: target)
        try FileManager.default.copyItem(at: source, to: target)
    }

    /// Runs a system tool; its exit status and combined output.
    @discardableResult
    static func tool(_ path: String, _ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (-1, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Every file under the district folders of `input`, as the ledger names it ("district/file").
    static func districtFiles(in input: URL) throws -> [String] {
        let fm = FileManager.default
        var names: [String] = []
        for district in try fm.contentsOfDirectory(atPath: input.path) where !district.hasPrefix(".") {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: input.appendingPathComponent(district).path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            for file in try fm.contentsOfDirectory(atPath: input.appendingPathComponent(district).path) where !file.hasPrefix(".") {
                names.append("\(district)/\(file)")
            }
        }
        return names.sorted()
    }

    /// The payment files of the input (district/file), sorted.
    static func paymentFiles(in input: URL) throws -> [String] {
        try districtFiles(in: input).filter { ($0.split(separator: "/").last ?? "").hasPrefix("payments") }
    }
}

/// 64-bit FNV-1a, stable from process to process (Swift's Hasher is seeded per process).
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    mutating func add(_ text: String) {
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01B3
        }
    }
}


/// A value shared between threads.
final class FaultLocked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func get() -> Value { lock.lock(); defer { lock.unlock() }; return value }
    func set(_ newValue: Value) { lock.lock(); value = newValue; lock.unlock() }
    func update<T>(_ body: (inout Value) -> T) -> T { lock.lock(); defer { lock.unlock() }; return body(&value) }
}
