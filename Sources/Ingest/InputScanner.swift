import Foundation
import Pipeline

/// One file found under INPUT, with what the folder and name say about it.
public struct InputFile: Sendable {
    /// Path relative to INPUT, with "/" separators.
    public let relativePath: String
    public let url: URL
    /// The district of its folder, nil when the folder names no district.
    public let district: Gazetteer.District?
    /// The dataset its name says, nil when no pattern matches (the header may still tell).
    public let dataset: Dataset?
    /// A CSV/TSV/TXT export; anything else (.xlsx, .pdf) is listed in the ledger, not read.
    public let isText: Bool
}

/// Lists the district folders and their CSV files, in a stable order.
public enum InputScanner {
    /// File endings of data exports (a README or a spreadsheet beside them is not an input).
    static let dataExtensions: Set<String> = ["csv", "tsv", "txt"]

    /// Every data file beside the district folders and every file inside them, under `input` (hidden files and folders skipped), sorted by path.
    public static func scan(_ input: URL, config: PipelineConfig) throws -> [InputFile] {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: input.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ConfigurationError("input folder \(input.path) does not exist")
        }
        guard let enumerator = fm.enumerator(at: input, includingPropertiesForKeys: [.isRegularFileKey],
                                             options: [.skipsHiddenFiles]) else {
            throw ConfigurationError("input folder \(input.path) cannot be listed")
        }
        let base = input.standardizedFileURL.resolvingSymlinksInPath().path
        var files: [InputFile] = []
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let isData = dataExtensions.contains(url.pathExtension.lowercased())
            let full = url.standardizedFileURL.resolvingSymlinksInPath().path
            guard full.hasPrefix(base + "/") else { continue }
            let relative = String(full.dropFirst(base.count + 1))
            let components = relative.split(separator: "/").map(String.init)
            // Beside the district folders, only data files matter (a README is not an input);
            // inside them every file is accounted for, a spreadsheet sent as .xlsx too.
            if components.count == 1 && !isData { continue }
            let district = components.count > 1 ? config.gazetteer.district(forFolder: components[0]) : nil
            let name = components.last ?? relative
            let dataset = config.datasets.first { spec in
                spec.filePatterns.contains { Glob.matches(pattern: $0, name: name) }
            }?.dataset
            files.append(InputFile(relativePath: relative, url: url, district: district, dataset: dataset, isText: isData))
        }
        return files.sorted { $0.relativePath < $1.relativePath }
    }
}

/// Case-insensitive shell patterns for file names ("payments*.csv").
enum Glob {
    static func matches(pattern: String, name: String) -> Bool {
        fnmatch(pattern.lowercased(), name.lowercased(), 0) == 0
    }
}
