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
            Optimize.self,
        ]
    )

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
        } catch let error as ExitCode {
            Foundation.exit(error.rawValue)
        } catch let error as ValidationError {
            // A flag value rejected while running (e.g. a bad unit): a usage error, exit 64.
            let name = type(of: command)._commandName
            FileHandle.standardError.write(Data("Error: \(error.message)\nSee 'ferry \(name) --help'.\n".utf8))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        } catch {
            if isArgumentParserError(error) {
                exit(withError: error)
            }
            FileHandle.standardError.write(Data("Error: \(describe(error))\n".utf8))
            Foundation.exit(1)
        }
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
