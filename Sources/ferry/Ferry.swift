import ArgumentParser
import FerryKit
import Foundation

/// The `ferry` command: migration time, service capacity and cost, calibrated by a real
/// copy engine. Each subcommand lives in its own file and calls one library function.
@main
struct Ferry: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ferry",
        abstract: "Plan cloud data migrations: how long, what the services need, what it costs.",
        version: FerryVersion.string,
        subcommands: [
            Plan.self,
            Time.self,
            Capacity.self,
            Fit.self,
            CopyCommand.self,
            Dataset.self,
            Bench.self,
            Calibrate.self,
            Runs.self,
            Scan.self,
            Cost.self,
            Catalog.self,
            Compare.self,
            Optimize.self,
        ]
    )

    /// `ferry` alone: a short overview of the three commands most people need.
    func run() throws {
        emit(Ferry.overview)
    }

    /// What `ferry` with no arguments prints.
    static let overview = """
        Ferry plans cloud data migrations: how long, what the services need, what it costs.

        Most people need three commands:
          ferry plan models/file-estate-10tb.yaml
              the whole plan of a scenario file: summary here, report in reports/<name>/
          ferry time --size 10TB --bandwidth 1Gbps --efficiency 74%
              a quick migration-time estimate from flags
          ferry capacity --arrival-rate 1200/s --service-time 40ms --objective p95=250ms
              how many nodes a service needs for a response-time objective

        The example scenario is models/file-estate-10tb.yaml; docs/scenario.md lists every key.
        'ferry --help' lists all commands; 'ferry help <command>' explains one.
        """

    /// Runs the chosen subcommand with Ferry's exit-code convention: 0 ok, 1 error
    /// (`Error: …` on stderr), 64 usage error, 2 "ran, but something failed".
    static func main() {
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            try command.run()
        } catch {
            if let message = message(for: error, command: type(of: command)._commandName) {
                FileHandle.standardError.write(Data(message.utf8))
            } else if isArgumentParserError(error) {
                exit(withError: error)
            }
            Foundation.exit(status(for: error))
        }
    }

    /// The exit status for an error thrown while running: an `ExitCode` keeps its value
    /// (2 for "ran, but something failed"), a flag value rejected while running is a usage
    /// error (64), the argument parser's own errors keep its codes, anything else is 1.
    static func status(for error: Error) -> Int32 {
        if let code = error as? ExitCode { return code.rawValue }
        if error is ValidationError { return ExitCode.validationFailure.rawValue }
        if isArgumentParserError(error) { return exitCode(for: error).rawValue }
        return 1
    }

    /// What is written to standard error for `error`; `nil` when nothing (an `ExitCode`) or
    /// when the argument parser prints its own message.
    static func message(for error: Error, command: String) -> String? {
        if error is ExitCode { return nil }
        if let validation = error as? ValidationError {
            return "Error: \(validation.message)\nSee 'ferry \(command) --help'.\n"
        }
        if isArgumentParserError(error) { return nil }
        return "Error: \(describe(error))\n"
    }

    /// Whether `error` is the argument parser's own (usage, help, version): those keep its
    /// formatting and exit codes (64 for usage errors, 0 for `--help`).
    static func isArgumentParserError(_ error: Error) -> Bool {
        if error is ValidationError || error is CleanExit { return true }
        let type = String(reflecting: Swift.type(of: error))
        return type.hasPrefix("ArgumentParser.")
    }

    /// The user-facing message of an error: its `LocalizedError` description when it has one.
    static func describe(_ error: Error) -> String {
        if let localized = error as? LocalizedError, let text = localized.errorDescription { return text }
        return String(describing: error)
    }
}

/// The version Ferry reports.
enum FerryVersion {
    static let string = FerryInfo.version
}
