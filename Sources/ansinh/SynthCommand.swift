import ArgumentParser
import Foundation
import Synth

/// `ansinh synth`: the seeded generator of demo, test and benchmark data.
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "synth", abstract: "Generate district CSV files (and their ground truth) from a seed.")

    @Option(help: "Folder to write the district folders into.")
    var out: String

    @Option(help: "Folder for the ground truth (default: OUT/.truth).")
    var truth: String?

    @Option(help: "1 = the province's real size.")
    var scale: Double = 1

    @Option(help: "Random seed: the same seed gives the same bytes.")
    var seed: UInt64 = 2023

    @Flag(help: "Also plant the hard cases of record linkage (listed in TRUTH/hard_cases.csv).")
    var hardCases = false

    @Option(help: "Gazetteer CSV.")
    var gazetteer: String = "pipelines/quang-binh-gazetteer.csv"

    func run() throws {
        let outURL = URL(fileURLWithPath: out)
        let truthURL = URL(fileURLWithPath: truth ?? outURL.appendingPathComponent(".truth").path)
        let config = SynthConfig(scale: scale, seed: seed, gazetteerCSV: URL(fileURLWithPath: gazetteer), hardCases: hardCases)
        let result = try Synth.generate(into: outURL, truthDir: truthURL, config: config)
        print("wrote \(result.files.count) files under \(outURL.path), truth in \(truthURL.path)")
    }
}
