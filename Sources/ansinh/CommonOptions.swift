import ArgumentParser
import Foundation
import Logging
import Pipeline

/// How log lines are written on standard error.
enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    /// swift-log's readable lines, for people at a terminal.
    case text
    /// One JSON object per line, for log collectors (see `JSONLogHandler`).
    case json
}

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

    /// Seconds to wait for the output lock (`OutputLock(folder:wait:)`).
    @Option(help: ArgumentHelp("Seconds to wait for another run to finish before giving up with exit 3.", valueName: "seconds"))
    var wait: Double = 0

    /// Text for people, JSON lines for log collectors.
    @Option(help: "Log lines on standard error: text (readable) or json (one object per line).")
    var logFormat: LogFormat = .text

    /// A negative or infinite wait is a usage error (exit 2), not a silent zero.
    func validate() throws {
        guard wait.isFinite, wait >= 0 else {
            throw ValidationError("--wait must be a number of seconds, 0 or more (got \(wait))")
        }
    }

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

    /// A logger on standard error at the chosen level (`--verbose` debug, `--quiet` warnings
    /// and errors only, else info), in the chosen `--log-format`.
    func logger(_ label: String) -> Logger {
        let format = logFormat
        var logger = Logger(label: label) { label -> any LogHandler in
            switch format {
            case .text: return StreamLogHandler.standardError(label: label)
            case .json: return JSONLogHandler.standardError(label: label)
            }
        }
        logger.logLevel = verbose ? .debug : (quiet ? .warning : .info)
        return logger
    }
}
