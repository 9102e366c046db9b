import ArgumentParser
import Foundation
import Pipeline

/// `ansinh`: the social-security data pipeline of the provincial department.
@main
struct Ansinh: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ansinh",
        abstract: "Ingest, normalize, reconcile and aggregate the district social-security exports.",
        discussion: "Exit status: 0 success; 1 blocking data-quality checks failed (output kept beside the published one); 2 bad usage or configuration; 3 another run holds the lock; 4 fatal error.",
        subcommands: [RunCommand.self, ValidateCommand.self, ReviewCommand.self, IngestCommand.self, NormalizeCommand.self, ReconcileCommand.self,
                      AggregateCommand.self, ReportCommand.self, SynthCommand.self, AccuracyCommand.self])

    /// Maps every failure onto the contract's exit codes (argument errors are 2, not 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("ansinh: \(error.description)\n".utf8))
            Foundation.exit(Outcome.usage.rawValue)
        } catch let error as LockBusy {
            FileHandle.standardError.write(Data("ansinh: \(error.description)\n".utf8))
            Foundation.exit(Outcome.locked.rawValue)
        } catch let error as FatalError {
            FileHandle.standardError.write(Data("ansinh: fatal: \(error.description)\n".utf8))
            Foundation.exit(Outcome.fatal.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) } // --help, --version
            if code == .validationFailure || error is CommandError {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(Outcome.usage.rawValue)
            }
            FileHandle.standardError.write(Data("ansinh: fatal: \(error)\n".utf8))
            Foundation.exit(Outcome.fatal.rawValue)
        }
    }
}

/// The contract's exit codes.
enum Outcome: Int32 {
    case success = 0
    case checksFailed = 1
    case usage = 2
    case locked = 3
    case fatal = 4
}

/// A command-level usage problem.
struct CommandError: Error, CustomStringConvertible {
    let description: String
}
