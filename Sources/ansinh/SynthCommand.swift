import ArgumentParser
import Foundation
import Pipeline
import Synth

/// `ansinh synth`: the seeded generator of demo, test and benchmark data.
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "synth", abstract: "Generate district CSV files (and their ground truth) from a seed.")

    @Option(help: "Folder to write the district folders into.")
    var out: String

    @Option(help: "Folder for the ground truth (default: OUT/.truth).")
    var truth: String?

    @Option(help: "1 = Quảng Bình's real size (about 68,000 beneficiaries); with a national gazetteer, S × that volume spread over the whole country.")
    var scale: Double = 1

    @Option(help: "Random seed: the same seed gives the same bytes.")
    var seed: UInt64 = 2023

    @Flag(help: "Also plant the hard cases of record linkage (listed in TRUTH/hard_cases.csv).")
    var hardCases = false

    @Option(help: "Gazetteer CSV (default: the configuration's, else Quảng Bình's).")
    var gazetteer: String?

    @Option(help: "Pipeline configuration whose gazetteer to generate for (pipelines/vietnam.yaml: the whole country).")
    var config: String?

    func validate() throws {
        if gazetteer != nil && config != nil {
            throw ValidationError("give either --gazetteer or --config, not both")
        }
    }

    func run() throws {
        let outURL = URL(fileURLWithPath: out)
        let truthURL = URL(fileURLWithPath: truth ?? outURL.appendingPathComponent(".truth").path)
        let gazetteerURL: URL
        if let config {
            // A configuration that cannot be read is a ConfigurationError: exit 2, as for `run`.
            gazetteerURL = try PipelineConfig.load(from: URL(fileURLWithPath: config)).gazetteerURL
        } else {
            gazetteerURL = URL(fileURLWithPath: gazetteer ?? "pipelines/quang-binh-gazetteer.csv")
        }
        let settings = SynthConfig(scale: scale, seed: seed, gazetteerCSV: gazetteerURL, hardCases: hardCases)
        let result = try Synth.generate(into: outURL, truthDir: truthURL, config: settings)
        print("wrote \(result.files.count) files under \(outURL.path), truth in \(truthURL.path)")
    }
}
