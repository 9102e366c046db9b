import ArgumentParser
import Foundation
import Logging
import Pipeline

/// The flags every stage takes.
struct CommonOptions: ParsableArguments {
    @Option(help: "Folder with one sub-folder per district.")
    var input: String = "input"

    @Option(help: "Folder for warehouse.sqlite and report/.")
    var output: String = "output"

    @Option(help: "Payment month to reconcile, YYYY-MM (default: the configuration's).")
    var period: String?

    @Option(help: "Reporting year of the annual indicators (default: the configuration's).")
    var year: Int?

    @Option(help: "Pipeline configuration file.")
    var config: String = "pipelines/quang-binh.yaml"

    @Flag(help: "Only warnings and errors.")
    var quiet = false

    @Flag(help: "Debug logging.")
    var verbose = false

    /// Reads the configuration and fixes the run's paths, period and year.
    func context() throws -> RunContext {
        let configURL = URL(fileURLWithPath: config)
        guard FileManager.default.fileExists(atPath: configURL.path) else {
            throw ConfigurationError("configuration file \(config) does not exist")
        }
        let pipeline = try PipelineConfig.load(from: configURL)
        return try RunContext(input: URL(fileURLWithPath: input), output: URL(fileURLWithPath: output),
                              period: period, year: year, config: pipeline)
    }

    /// A logger on standard error at the chosen level.
    func logger(_ label: String) -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : (quiet ? .warning : .info)
        return logger
    }
}
