import Foundation
import VietText
import Yams

/// The declarative pipeline configuration (`pipelines/*.yaml`): datasets and header aliases,
/// code words, gazetteer, plan targets, published figures and thresholds.
public struct PipelineConfig: Sendable {
    public let name: String
    /// The province's GSO code ("44"); "00" for a national configuration (also when omitted).
    public let provinceCode: String
    /// The file the configuration was read from.
    public let path: URL
    /// sha256-free fingerprint of the configuration text, recorded with every run.
    public let text: String
    public let defaultPeriod: String
    public let defaultYear: Int
    public let thresholds: Thresholds
    public let datasets: [DatasetSpec]
    public let codes: CodeBook
    public let gazetteer: Gazetteer
    /// The gazetteer CSV the configuration names (the data generator reads it too).
    public let gazetteerURL: URL
    /// Plan targets by year and indicator.
    public let plans: [Int: [String: Double]]
    /// Published figures by year and indicator (value and % of plan as published).
    public let published: [Int: [String: PublishedFigure]]
    /// Standard allowance levels by programme, for plausibility checks of amounts.
    public let standardLevels: StandardLevels

    /// Monthly standard levels (mức chuẩn) of each programme from a date on, and the factors
    /// that bound a plausible amount.
    public struct StandardLevels: Sendable {
        public var levels: [String: [(from: String, level: Int64)]] = [:]
        public var factorRange: ClosedRange<Double> = 0.5...10

        /// The level in force on an ISO date, nil when none is configured.
        public func level(program: String, on date: String) -> Int64? {
            levels[program]?.filter { $0.from <= date }.max { $0.from < $1.from }?.level
        }
    }

    /// Numeric knobs of the run.
    public struct Thresholds: Sendable {
        public var headerMinMatches = 2
        public var headerSearchRows = 30
        public var maxRecordLines = 100
        public var nameEditDistance = 2
        /// A line pays its best candidate when the model gives it at least this probability
        /// (against every other candidate and against "nobody registered").
        public var matchProbability = 0.99
        /// Below this probability a candidate is not worth an analyst's time.
        public var reviewProbability = 0.01
        public var controlTotalTolerance: Int64 = 0
        public var maxFileRejectRate = 0.5
        public var keepPublished = 3
    }

    /// A figure as the department published it.
    public struct PublishedFigure: Sendable, Decodable {
        public let value: Double
        public let pct_of_plan: Double?
    }

    /// The spec of one dataset.
    public func spec(_ dataset: Dataset) -> DatasetSpec? {
        datasets.first { $0.dataset == dataset }
    }

    /// Reads and checks a configuration file; the gazetteer path is relative to it.
    public static func load(from url: URL) throws -> PipelineConfig {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ConfigurationError("cannot read configuration \(url.path): \(error.localizedDescription)")
        }
        let raw: RawConfig
        do {
            raw = try YAMLDecoder().decode(RawConfig.self, from: text)
        } catch {
            throw ConfigurationError("configuration \(url.path) is not valid: \(error)")
        }
        let gazetteerURL = URL(fileURLWithPath: raw.gazetteer, relativeTo: url.deletingLastPathComponent()).standardizedFileURL
        let gazetteer = try Gazetteer.load(from: gazetteerURL)

        var datasets: [DatasetSpec] = []
        for dataset in Dataset.allCases {
            guard let rawDataset = raw.datasets[dataset.rawValue] else { continue }
            var fields: [FieldSpec] = []
            for fieldName in dataset.fieldNames {
                let column = rawDataset.columns[fieldName] ?? RawColumn(aliases: [], required: nil, default: nil, title: nil)
                let aliases = [fieldName] + column.aliases
                fields.append(FieldSpec(name: fieldName, aliases: aliases,
                                        aliasKeys: Set(aliases.map(VietText.compactKey)),
                                        required: column.required ?? false, defaultValue: column.default,
                                        fromTitle: column.title ?? false))
            }
            let unknown = Set(rawDataset.columns.keys).subtracting(dataset.fieldNames)
            if !unknown.isEmpty {
                throw ConfigurationError("configuration \(url.path): dataset \(dataset.rawValue) has unknown columns \(unknown.sorted())")
            }
            datasets.append(DatasetSpec(dataset: dataset, filePatterns: rawDataset.files, fields: fields))
        }
        let unknownDatasets = Set(raw.datasets.keys).subtracting(Dataset.allCases.map(\.rawValue))
        if !unknownDatasets.isEmpty {
            throw ConfigurationError("configuration \(url.path): unknown datasets \(unknownDatasets.sorted())")
        }

        var thresholds = Thresholds()
        if let t = raw.thresholds {
            thresholds.headerMinMatches = t.header_min_matches ?? thresholds.headerMinMatches
            thresholds.headerSearchRows = t.header_search_rows ?? thresholds.headerSearchRows
            thresholds.maxRecordLines = t.max_record_lines ?? thresholds.maxRecordLines
            thresholds.nameEditDistance = t.name_edit_distance ?? thresholds.nameEditDistance
            thresholds.matchProbability = t.match_probability ?? thresholds.matchProbability
            thresholds.reviewProbability = t.review_probability ?? thresholds.reviewProbability
            thresholds.controlTotalTolerance = t.control_total_tolerance ?? thresholds.controlTotalTolerance
            thresholds.maxFileRejectRate = t.max_file_reject_rate ?? thresholds.maxFileRejectRate
            thresholds.keepPublished = t.keep_published ?? thresholds.keepPublished
        }

        func byYear<T>(_ map: [String: T]?) throws -> [Int: T] {
            var out: [Int: T] = [:]
            for (key, value) in map ?? [:] {
                guard let year = Int(key) else { throw ConfigurationError("configuration \(url.path): '\(key)' is not a year") }
                out[year] = value
            }
            return out
        }

        guard Self.isPeriod(raw.defaults.period) else {
            throw ConfigurationError("configuration \(url.path): defaults.period '\(raw.defaults.period)' is not YYYY-MM")
        }
        return PipelineConfig(
            name: raw.name, provinceCode: raw.province_code ?? "00", path: url, text: text,
            defaultPeriod: raw.defaults.period, defaultYear: raw.defaults.year,
            thresholds: thresholds, datasets: datasets, codes: try CodeBook(raw.codes),
            gazetteer: gazetteer, gazetteerURL: gazetteerURL, plans: try byYear(raw.plans), published: try byYear(raw.published),
            standardLevels: try standardLevels(raw, url: url))
    }

    private static func standardLevels(_ raw: RawConfig, url: URL) throws -> StandardLevels {
        var result = StandardLevels()
        for (program, steps) in raw.standard_levels ?? [:] {
            for step in steps where !(step.from.count == 10 && step.from.dropFirst(4).first == "-") {
                throw ConfigurationError("configuration \(url.path): standard_levels.\(program): '\(step.from)' is not YYYY-MM-DD")
            }
            result.levels[program] = steps.map { ($0.from, $0.level) }
        }
        if let factors = raw.plausible_amount_factors {
            guard factors.count == 2, factors[0] > 0, factors[0] < factors[1] else {
                throw ConfigurationError("configuration \(url.path): plausible_amount_factors must be [low, high]")
            }
            result.factorRange = factors[0]...factors[1]
        }
        return result
    }

    /// True for "YYYY-MM" with a month 01–12.
    public static func isPeriod(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              Int(parts[0]) != nil, let month = Int(parts[1]) else { return false }
        return (1...12).contains(month)
    }
}

// The YAML file's shape, decoded as is and then checked.
private struct RawConfig: Decodable {
    struct Defaults: Decodable { let period: String; let year: Int }
    struct RawThresholds: Decodable {
        let header_min_matches: Int?
        let header_search_rows: Int?
        let max_record_lines: Int?
        let name_edit_distance: Int?
        let match_probability: Double?
        let review_probability: Double?
        let control_total_tolerance: Int64?
        let max_file_reject_rate: Double?
        let keep_published: Int?
    }
    struct RawDataset: Decodable {
        let files: [String]
        let columns: [String: RawColumn]
    }
    let name: String
    let province_code: String?
    let gazetteer: String
    let defaults: Defaults
    let thresholds: RawThresholds?
    let datasets: [String: RawDataset]
    let codes: [String: [String: [String]]]
    let plans: [String: [String: Double]]?
    let published: [String: [String: PipelineConfig.PublishedFigure]]?
    struct Step: Decodable { let from: String; let level: Int64 }
    let standard_levels: [String: [Step]]?
    let plausible_amount_factors: [Double]?
}

private struct RawColumn: Decodable {
    let aliases: [String]
    let required: Bool?
    let `default`: String?
    let title: Bool?
}
