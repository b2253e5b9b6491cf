import ArgumentParser
import FerryKit
import Foundation

/// How a command renders its result: the library's ``FerryKit/OutputFormat`` (text, json, md,
/// csv), named here so every command file sees it without importing FerryKit.
typealias OutputFormat = FerryKit.OutputFormat

extension FerryKit.OutputFormat: ExpressibleByArgument {}

/// Options every command takes: `--format`, `--db`, `--verbose`, `--quiet`.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: text, json, md or csv.")
    var format: OutputFormat = .text

    @Option(name: .long, help: "SQLite database (default: $FERRY_DB or .ferry/ferry.sqlite).")
    var db: String?

    @Flag(name: .shortAndLong, help: "Print more detail.")
    var verbose = false

    @Flag(name: .long, help: "Print only errors and the result.")
    var quiet = false

    /// The database path: `--db`, else `$FERRY_DB`, else `.ferry/ferry.sqlite`.
    var databasePath: String {
        db ?? ProcessInfo.processInfo.environment["FERRY_DB"] ?? ".ferry/ferry.sqlite"
    }

    /// Whether standard output is a terminal (progress bars only then).
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    /// Whether standard error is a terminal.
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}

/// Writes a line to standard output.
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

/// Writes a line to standard error (warnings, progress).
func warn(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}
