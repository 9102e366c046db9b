import Foundation
import XCTest
@testable import Synth
import VietText

/// Generated trees shared by the tests (generation at small scale is cheap but not free).
enum GeneratedTree {
    static let gazetteer = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("pipelines/quang-binh-gazetteer.csv")

    struct Tree {
        let root: URL
        let result: SynthResult
        var input: URL { root.appendingPathComponent("input") }
        var truth: URL { root.appendingPathComponent("truth") }
    }

    private static var cache: [String: Tree] = [:]
    private static var roots: [URL] = []

    /// Removes every generated tree when the test bundle finishes.
    private final class Cleaner: NSObject, XCTestObservation {
        func testBundleDidFinish(_ testBundle: Bundle) {
            for root in GeneratedTree.roots { try? FileManager.default.removeItem(at: root) }
        }
    }

    private static let cleaner: Void = { XCTestObservationCenter.shared.addTestObserver(Cleaner()) }()

    /// Generates (once per process) a tree for this scale and seed in a fresh temporary folder;
    /// `hardCases` nil leaves the configuration's default, as the demo and the pipeline call it.
    static func tree(scale: Double = 0.02, seed: UInt64 = 11, fresh: Bool = false, hardCases: Bool? = nil) throws -> Tree {
        let key = "\(scale)-\(seed)" + (hardCases.map { "-hard-\($0)" } ?? "")
        if !fresh, let t = cache[key] { return t }
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("synth-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        var config = SynthConfig(scale: scale, seed: seed, gazetteerCSV: gazetteer)
        if let hard = hardCases { config = SynthConfig(scale: scale, seed: seed, gazetteerCSV: gazetteer, hardCases: hard) }
        let result = try Synth.generate(into: root.appendingPathComponent("input"), truthDir: root.appendingPathComponent("truth"),
                                        config: config)
        let t = Tree(root: root, result: result)
        _ = cleaner
        roots.append(root)
        if !fresh { cache[key] = t }
        return t
    }

    /// Every regular file under a folder, relative paths sorted, with contents.
    static func files(under dir: URL) throws -> [(String, Data)] {
        guard let walker = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var out: [(String, Data)] = []
        for case let url as URL in walker {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            let rel = String(url.standardizedFileURL.path.dropFirst(dir.standardizedFileURL.path.count + 1))
            out.append((rel, try Data(contentsOf: url)))
        }
        return out.sorted { $0.0 < $1.0 }
    }
}

/// A test-side reader of the generated files: decodes by BOM (UTF-8, UTF-16LE), else UTF-8 if
/// valid (undoing TCVN3/VNI mojibake, which the generator writes whole files of), else the
/// legacy encoding that reads best; splits records per RFC 4180 and remembers each record's
/// first line.
enum TestCSV {
    struct Row {
        let line: Int
        let cells: [String]
    }

    static func decode(_ data: Data) -> String {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return String(decoding: bytes.dropFirst(3), as: UTF8.self) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let bigEndian = bytes[0] == 0xFE
            var units: [UInt16] = []
            var i = 2
            while i + 1 < bytes.count {
                let (a, b) = (UInt16(bytes[i]), UInt16(bytes[i + 1]))
                units.append(bigEndian ? a << 8 | b : a | b << 8)
                i += 2
            }
            return String(decoding: units, as: UTF16.self)
        }
        if let s = String(bytes: bytes, encoding: .utf8) { return unmojibaked(s) }
        switch LegacyText.detect(bytes) {
        case .cp1258: return CP1258.decode(bytes)
        case .tcvn3: return TCVN3.decode(bytes)
        case .vni: return VNI.decode(bytes)
        }
    }

    /// A whole file of mojibake is legacy bytes read as Windows-1252: read them back as such.
    static func unmojibaked(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value >= 0x80 }),
              let bytes = LegacyText.bytesOfWindows1252(text) else { return text }
        switch LegacyText.detect(bytes) {
        case .cp1258: return text
        case .tcvn3: return TCVN3.decode(bytes)
        case .vni: return VNI.decode(bytes)
        }
    }

    static func text(_ url: URL) throws -> String { decode(try Data(contentsOf: url)) }

    /// Physical lines (LF, CRLF or CR each end one), 1-based index = position + 1.
    static func lines(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var previousCR = false
        for u in text.unicodeScalars {
            if u == "\n" {
                if !previousCR { out.append(current); current = "" }
                previousCR = false
            } else if u == "\r" {
                out.append(current); current = ""; previousCR = true
            } else {
                current.unicodeScalars.append(u); previousCR = false
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// Records with the line each starts on.
    static func rows(_ text: String, delimiter: Character) -> [Row] {
        var rows: [Row] = []
        var cells: [String] = []
        var cell = ""
        var quoted = false, inQuotes = false
        var line = 1, start = 1
        var chars = Array(text.unicodeScalars)
        if chars.last != "\n" { chars.append("\n") }
        var i = 0
        let d = delimiter.unicodeScalars.first ?? ","
        func endRow() {
            cells.append(cell)
            rows.append(Row(line: start, cells: cells))
            cells = []; cell = ""; quoted = false
        }
        while i < chars.count {
            let c = chars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" { cell.unicodeScalars.append("\""); i += 1 } else { inQuotes = false }
                } else {
                    if c == "\n" || (c == "\r" && !(i + 1 < chars.count && chars[i + 1] == "\n")) { line += 1 }
                    cell.unicodeScalars.append(c)
                }
            } else if c == "\"" && cell.isEmpty && !quoted {
                inQuotes = true; quoted = true
            } else if c == d {
                cells.append(cell); cell = ""; quoted = false
            } else if c == "\r" {
                if !(i + 1 < chars.count && chars[i + 1] == "\n") { endRow(); line += 1; start = line }
            } else if c == "\n" {
                endRow(); line += 1; start = line
            } else {
                cell.unicodeScalars.append(c)
            }
            i += 1
        }
        return rows
    }

    /// The delimiter of a decoded file: tab, semicolon or comma, whichever its header row uses most.
    static func delimiter(_ text: String) -> Character {
        let sample = lines(text).prefix(8).joined(separator: "\n")
        let counts: [(Character, Int)] = [("\t", 0), (";", 0), (",", 0)].map { d in (d.0, sample.filter { $0 == d.0 }.count) }
        return counts.max { $0.1 < $1.1 }?.0 ?? ","
    }

    /// Digits only ("2.055.000 đ" → "2055000").
    static func digits(_ s: String) -> String { String(s.filter(\.isNumber)) }

    static func readCSV(_ url: URL) throws -> [[String: String]] {
        let rows = self.rows(try text(url), delimiter: ",")
        guard let header = rows.first?.cells else { return [] }
        return rows.dropFirst().filter { $0.cells.count == header.count }.map { Dictionary(uniqueKeysWithValues: zip(header, $0.cells)) }
    }
}
