import ArgumentParser
import Foundation
import Logging
import Pipeline

/// `ansinh`: the social-security data pipeline of the provincial department.
@main
struct Ansinh: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ansinh",
        abstract: "Ingest, normalize, reconcile and aggregate the district social-security exports.",
        discussion: "Exit status: 0 success; 1 blocking data-quality checks failed (output kept beside the published one); 2 bad usage or configuration; 3 another run holds the lock; 4 fatal error.",
        subcommands: [RunCommand.self, ValidateCommand.self, ReviewCommand.self, IngestCommand.self, NormalizeCommand.self, ReconcileCommand.self,
                      AggregateCommand.self, ReportCommand.self, StatusCommand.self, SynthCommand.self, AccuracyCommand.self])

    /// Maps every failure onto the contract's exit codes (argument errors are 2, not 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch let error as ConfigurationError {
            fail(error.description, exit: .usage)
        } catch let error as LockBusy {
            fail(error.description, exit: .locked)
        } catch let error as FatalError {
            fail("fatal: \(error.description)", exit: .fatal, level: .critical)
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) } // --help, --version
            if code == .validationFailure || error is CommandError {
                if wantsJSONLog {
                    fail(fullMessage(for: error), exit: .usage)
                }
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(Outcome.usage.rawValue)
            }
            fail("fatal: \(error)", exit: .fatal, level: .critical)
        }
    }

    /// Writes the last word of a failed command on standard error ("ansinh: …", or a JSON line
    /// under `--log-format json`, so that a log collector never meets a line it cannot parse)
    /// and exits with the contract's code.
    static func fail(_ message: String, exit outcome: Outcome, level: Logger.Level = .error) -> Never {
        if wantsJSONLog {
            FileHandle.standardError.write(Data(JSONLogHandler.line(timestamp: Date(), level: level, label: "ansinh", message: message,
                                                                    source: "ansinh", metadata: ["exit_code": "\(outcome.rawValue)"]).utf8))
        } else {
            FileHandle.standardError.write(Data("ansinh: \(message)\n".utf8))
        }
        Foundation.exit(outcome.rawValue)
    }

    /// Whether the command line asked for `--log-format json`. Read from the raw arguments: the
    /// errors above may come before (or instead of) a parsed command.
    static var wantsJSONLog: Bool {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.contains("--log-format=json") { return true }
        return zip(arguments, arguments.dropFirst()).contains { $0 == "--log-format" && $1 == "json" }
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
