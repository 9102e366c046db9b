import Foundation

/// Where a run reads and writes, and for which payment month and reporting year.
public struct RunContext: Sendable {
    public let input: URL
    public let output: URL
    public let period: String
    public let year: Int
    public let config: PipelineConfig

    public init(input: URL, output: URL, period: String?, year: Int?, config: PipelineConfig) throws {
        let period = period ?? config.defaultPeriod
        guard PipelineConfig.isPeriod(period) else {
            throw ConfigurationError("--period '\(period)' is not a month written YYYY-MM")
        }
        let year = year ?? config.defaultYear
        guard (1900...2200).contains(year) else { throw ConfigurationError("--year \(year) is not a plausible year") }
        self.input = input
        self.output = output
        self.period = period
        self.year = year
        self.config = config
    }

    /// The published warehouse.
    public var warehouseURL: URL { output.appendingPathComponent("warehouse.sqlite") }
    /// The report folder.
    public var reportURL: URL { output.appendingPathComponent("report") }

    /// The last day of the period ("2023-12" → "2023-12-31").
    public var periodLastDay: String {
        let parts = period.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2 else { return period + "-31" }
        let (y, m) = (parts[0], parts[1])
        let days = [31, (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return String(format: "%04d-%02d-%02d", y, m, days)
    }
}
