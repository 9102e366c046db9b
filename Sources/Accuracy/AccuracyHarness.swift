import Foundation
import Logging
import Normalize
import Pipeline
import Reconcile
import Synth
import Warehouse

/// Measures the reconciliation against the generator's ground truth: generate a labelled data
/// set, normalize it into an in-memory warehouse, reconcile it with a matcher, and compare
/// `recon_exceptions` with the planted findings of `exceptions.csv`.
public enum AccuracyHarness {
    /// A logger that says nothing (the harness's stages would otherwise log every run).
    public static let silent = Logger(label: "ansinh.accuracy") { _ in SwiftLogNoOpLogHandler() }

    /// The accuracy of one matcher on the data set of `seed` and `scale`.
    ///
    /// - Parameters:
    ///   - config: the pipeline configuration; its default period and year are reconciled and
    ///     generated, its gazetteer is the generator's unless `gazetteerCSV` is given.
    ///   - workDir: the data set goes to `workDir/input` and `workDir/truth` (replaced if present);
    ///     the caller removes the folder.
    public static func evaluate(scale: Double, seed: UInt64, matcher: MatcherKind, config: PipelineConfig, workDir: URL,
                                gazetteerCSV: URL? = nil, hardCases: Bool = true, logger: Logger = silent) throws -> AccuracyReport {
        let reports = try evaluate(scale: scale, seed: seed, matchers: [matcher], config: config, workDir: workDir,
                                   gazetteerCSV: gazetteerCSV, hardCases: hardCases, logger: logger)
        guard let report = reports.first else { throw ConfigurationError("no matcher to evaluate") }
        return report
    }

    /// `hardCases` plants the generator's hard cases (the same person written differently) and
    /// reports how many lines of each kind paid the right record.
    ///
    /// The accuracy of several matchers on one data set, generated and normalized once; one report
    /// per matcher, in the order given.
    public static func evaluate(scale: Double, seed: UInt64, matchers: [MatcherKind], config: PipelineConfig, workDir: URL,
                                gazetteerCSV: URL? = nil, hardCases: Bool = true, logger: Logger = silent) throws -> [AccuracyReport] {
        let fm = FileManager.default
        let input = workDir.appendingPathComponent("input")
        let truth = workDir.appendingPathComponent("truth")
        for folder in [input, truth] where fm.fileExists(atPath: folder.path) { try fm.removeItem(at: folder) }
        let synth = SynthConfig(scale: scale, seed: seed, period: config.defaultPeriod, year: config.defaultYear,
                                gazetteerCSV: gazetteerCSV ?? config.gazetteerURL, hardCases: hardCases)
        _ = try Synth.generate(into: input, truthDir: truth, config: synth)
        let planted = try TruthFile.exceptions(truth.appendingPathComponent("exceptions.csv"))

        let context = try RunContext(input: input, output: workDir.appendingPathComponent("output"),
                                     period: synth.period, year: synth.year, config: config)
        let db = try Database(path: ":memory:")
        try Schema.create(in: db)
        _ = try NormalizeStage.run(context: context, db: db, logger: logger)
        return try matchers.map { kind in
            let started = Date()
            try ReconcileStage.run(context: context, db: db, logger: logger, matcher: kind)
            let seconds = Date().timeIntervalSince(started)
            let run = Measurement(matcher: kind.rawValue, seed: seed, scale: scale, period: context.period, seconds: seconds)
            var report = try run.report(db: db, planted: planted)
            report.hardCases = try HardCaseResult.measure(truth: truth, db: db, period: context.period)
            return report
        }
    }
}
