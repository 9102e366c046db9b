import Accuracy
import ArgumentParser
import Foundation
import Logging
import Pipeline
import Reconcile

/// `ansinh accuracy`: precision and recall of the reconciliation per exception type, on data
/// sets the generator labels, for the probabilistic engine, the deterministic rules and the
/// baseline. It measures; it
/// does not judge: the exit status is 0 whatever the figures.
struct AccuracyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accuracy",
        abstract: "Measure the reconciliation against generated data with known truth (precision, recall, review rate).",
        discussion: "For each seed: generate a data set, normalize it in memory, reconcile it with each matcher, compare recon_exceptions with the planted findings. Prints one table per seed and one pooled over the seeds; exits 0 whatever the figures.")

    /// Which matchers to measure.
    enum MatcherChoice: String, ExpressibleByArgument, CaseIterable {
        case probabilistic, deterministic, baseline, all

        var kinds: [MatcherKind] {
            switch self {
            case .probabilistic: return [.probabilistic]
            case .deterministic: return [.deterministic]
            case .baseline: return [.baseline]
            case .all: return [.probabilistic, .deterministic, .baseline]
            }
        }
    }

    @Option(help: "Size of each data set (1 = the province's real size).")
    var scale: Double = 0.3

    @Option(parsing: .upToNextOption, help: "Generator seeds, one data set each.")
    var seed: [UInt64] = [1, 2, 3]

    @Option(help: "probabilistic, deterministic, baseline or all (side by side).")
    var matcher: MatcherChoice = .all

    @Option(help: "Pipeline configuration file (its period, year and gazetteer are used).")
    var config: String = "pipelines/quang-binh.yaml"

    @Option(help: "Also write every figure and example as JSON to this file.")
    var json: String?

    @Option(help: "Keep the generated data sets in this folder (default: a temporary folder, removed).")
    var work: String?

    @Flag(inversion: .prefixedNo, help: "Plant the hard cases (the same person written differently) and report them.")
    var hardCases = true

    @Flag(help: "Log the stages (info level) on standard error.")
    var verbose = false

    func validate() throws {
        guard scale > 0 else { throw ValidationError("--scale must be positive") }
        guard !seed.isEmpty else { throw ValidationError("--seed needs at least one seed") }
    }

    func run() throws {
        guard FileManager.default.fileExists(atPath: config) else {
            throw ConfigurationError("configuration file \(config) does not exist")
        }
        let pipeline = try PipelineConfig.load(from: URL(fileURLWithPath: config))
        let fm = FileManager.default
        let base = work.map { URL(fileURLWithPath: $0) }
            ?? fm.temporaryDirectory.appendingPathComponent("ansinh-accuracy-\(UUID().uuidString)")
        defer { if work == nil { try? fm.removeItem(at: base) } }
        var logger = Logger(label: "ansinh.accuracy") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .info : .critical

        let started = Date()
        var runs: [AccuracyReport] = []
        for s in seed {
            let dir = base.appendingPathComponent("seed-\(s)")
            let reports = try AccuracyHarness.evaluate(scale: scale, seed: s, matchers: matcher.kinds, config: pipeline,
                                                       workDir: dir, hardCases: hardCases, logger: logger)
            runs += reports
            print(AccuracyTable.render(reports, title: "seed \(s) · scale \(scale) · period \(reports.first?.period ?? "?")"))
            let examples = AccuracyTable.examples(reports)
            if !examples.isEmpty { print("errors (up to \(AccuracyReport.exampleLimit) per type and kind):\n" + examples) }
        }
        let pooled = matcher.kinds.compactMap { kind in AccuracyReport.pooled(runs.filter { $0.matcher == kind.rawValue }) }
        if seed.count > 1 {
            print(AccuracyTable.render(pooled, title: "all seeds (\(seed.map(String.init).joined(separator: ", "))) · scale \(scale)"))
        }
        print(String(format: "%d data sets, %d matcher runs in %.1f s", seed.count, runs.count, Date().timeIntervalSince(started)))

        if let json {
            let url = URL(fileURLWithPath: json)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let summary = AccuracyJSON(scale: scale, seeds: seed, matchers: matcher.kinds.map(\.rawValue), runs: runs, pooled: pooled)
            try summary.data().write(to: url)
            print("wrote \(url.path)")
        }
    }
}
