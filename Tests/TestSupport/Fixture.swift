import Foundation
import Logging
import Pipeline
import VietText
import Warehouse

/// Helpers for tests that work on real files: temp folders, files in every encoding the
/// districts use, the project's own configuration.
public enum Fixture {
    /// The repository root (tests run from anywhere).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The project's configuration, as `make reconcile` uses it.
    public static func config() throws -> PipelineConfig {
        try PipelineConfig.load(from: root.appendingPathComponent("pipelines/quang-binh.yaml"))
    }

    /// A new empty folder under the system temp folder.
    public static func tempDir(_ name: String = "ansinh-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// How a test file's text is turned into bytes.
    public enum Encoding {
        case utf8, utf8BOM, utf16LE, utf16BE, cp1258
    }

    /// The bytes of `lines` joined with `newline` in an encoding.
    public static func bytes(_ lines: [String], encoding: Encoding, newline: String = "\n") -> [UInt8] {
        let text = lines.joined(separator: newline) + newline
        switch encoding {
        case .utf8: return Array(text.utf8)
        case .utf8BOM: return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        case .utf16LE: return [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        case .utf16BE: return [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        case .cp1258: return CP1258.encode(text)
        }
    }

    /// Writes a file (creating its folder).
    @discardableResult
    public static func write(_ lines: [String], to folder: URL, _ name: String, encoding: Encoding = .utf8, newline: String = "\n") throws -> URL {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes(lines, encoding: encoding, newline: newline)).write(to: url)
        return url
    }

    /// A run context over `input`, writing to `output`.
    public static func context(input: URL, output: URL? = nil, period: String = "2023-12", year: Int = 2023) throws -> RunContext {
        try RunContext(input: input, output: output ?? input.appendingPathComponent("out"), period: period, year: year, config: try config())
    }

    /// A fresh in-memory warehouse with the schema.
    public static func warehouse() throws -> Database {
        let db = try Database(path: ":memory:")
        try Schema.create(in: db)
        return db
    }

    /// A logger that prints nothing.
    public static let quietLogger: Logger = {
        var logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        logger.logLevel = .critical
        return logger
    }()
}
