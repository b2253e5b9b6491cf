import ArgumentParser
import FerryKit
import Foundation
import Testing
@testable import ferry

/// Flag parsing and exit codes in-process: `Ferry.parseAsRoot` and the exit-status mapping
/// `Ferry.main` uses, without starting the binary.
@Suite("ferry flag parsing, in process")
struct ParsingTests {
    /// Parses and returns the exit status the argument parser would give (0 when it parses).
    func parseStatus(_ arguments: [String]) -> Int32 {
        do {
            _ = try Ferry.parseAsRoot(arguments)
            return 0
        } catch {
            return Ferry.exitCode(for: error).rawValue
        }
    }

    @Test(arguments: [
        ["time", "--size", "10TB", "--rate", "100MB/s"],
        ["time", "--size", "10TB", "--bandwidth", "1Gbps", "--efficiency", "74%", "--format", "json"],
        ["capacity", "--arrival-rate", "1200/s", "--service-time", "40ms", "--servers", "52"],
        ["plan", "models/file-estate-10tb.yaml", "--no-write", "--format", "csv"],
        ["fit", "usl", "data.csv", "--node-price", "$0.20"],
        ["optimize", "problem.yaml", "--format", "md"],
    ])
    func validCommandLinesParse(_ arguments: [String]) {
        #expect(parseStatus(arguments) == 0, "\(arguments)")
    }

    /// Usage errors are 64 (EX_USAGE), decided while parsing.
    @Test(arguments: [
        ["time", "--size", "10TB"],                                                   // no rate
        ["time", "--size", "10TB", "--rate", "1MB/s", "--bandwidth", "1Gbps"],        // both
        ["time", "--size", "10TB", "--rate", "1MB/s", "--efficiency", "0.5"],         // efficiency of a rate
        ["time", "--size", "10TB", "--rate", "1MB/s", "--streams", "0"],
        ["time", "--size", "10TB", "--rate", "1MB/s", "--format", "xml"],              // unknown format
        ["capacity", "--arrival-rate", "1200/s", "--service-time", "40ms"],           // nothing to do
        ["capacity", "--arrival-rate", "1200/s", "--service-time", "40ms", "--servers", "5", "--objective", "p95=1s"],
        ["fit", "usl", "data.csv", "--fixed-cost", "$2"],                             // needs --node-price
        ["plan"],                                                                      // missing scenario
        ["no-such-command"],
    ])
    func usageErrorsAre64(_ arguments: [String]) {
        #expect(parseStatus(arguments) == 64, "\(arguments)")
    }

    @Test func formatIsParsedIntoTheLibrarysType() throws {
        let command = try #require(try Ferry.parseAsRoot(["time", "--size", "1TB", "--rate", "1MB/s", "--format", "md"]) as? Time)
        #expect(command.global.format == FerryKit.OutputFormat.md)
    }

    /// A unit error found while running (the parser only sees text) is still a usage error.
    @Test func badUnitWhileRunningIs64AndNamesTheFlag() throws {
        var command = try Ferry.parseAsRoot(["time", "--size", "10T", "--rate", "100MB/s"])
        var caught: Error?
        do { try command.run() } catch { caught = error }
        let error = try #require(caught)
        #expect(Ferry.status(for: error) == 64)
        #expect(Ferry.message(for: error, command: "time")?.contains("--size") == true)
    }

    @Test func exitStatusConvention() {
        struct DataError: LocalizedError { var errorDescription: String? { "bad.yaml:3: unknown key 'x'" } }
        #expect(Ferry.status(for: ExitCode(2)) == 2)
        #expect(Ferry.status(for: DataError()) == 1)
        #expect(Ferry.message(for: DataError(), command: "plan") == "Error: bad.yaml:3: unknown key 'x'\n")
        #expect(Ferry.message(for: ExitCode(2), command: "plan") == nil)
        #expect(Ferry.status(for: ValidationError("x")) == 64)
    }

    /// `ferry` alone prints the overview naming the three commands and the example scenario.
    @Test func noArgumentsGivesTheOverview() throws {
        let command = try Ferry.parseAsRoot([])
        #expect(command is Ferry)
        for needle in ["ferry plan", "ferry time", "ferry capacity", "models/file-estate-10tb.yaml", "docs/scenario.md"] {
            #expect(Ferry.overview.contains(needle), "\(needle)")
        }
    }

    /// Scenario, problem and data files complete as files; the reports directory as a directory.
    @Test func completionKindsForPaths() throws {
        let script = Ferry.completionScript(for: .bash)
        // argument-parser's bash output for .file(extensions:) and .directory.
        #expect(script.contains("-fX '!*.@(yaml|yml)'"), "scenario and problem files complete as YAML files")
        #expect(script.contains("-fX '!*.@(csv)'"), "fit usl completes CSV files")
        #expect(script.contains("'--reports')\n        __ferry_add_completions -d"), "--reports completes directories")
    }
}

/// The binary itself, end to end: the handful of runs that need a real process.
@Suite("ferry binary, end to end")
struct BinaryTests {
    @Test func noArgumentsPrintsOverviewAndExitsZero() throws {
        let r = try FerryBinary.run([])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Most people need three commands"))
    }
}
