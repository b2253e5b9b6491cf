import ArgumentParser
import FerryKit
import Foundation

/// `ferry plan SCENARIO.yaml`: the main job — a full plan written to `reports/<name>/`.
struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Plan a migration scenario and write its report to reports/<name>/.",
        discussion: "Exit status 2 when the plan ran but its delta rounds never converge (no cutover is reachable); the summary leads with it. Example: ferry plan models/file-estate-10tb.yaml")

    @Argument(help: "Scenario file (YAML).", completion: .file(extensions: ["yaml", "yml"])) var scenario: String
    @Option(help: "Directory that receives <name>/ with the report files.", completion: .directory) var reports = "reports"
    @Flag(name: .customLong("no-write"), help: "Print the result without writing report files.") var noWrite = false
    @Flag(help: "Let copy.calibration: latest pick the newest calibration even when it failed validation.") var allowFailed = false
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let parsed = try ScenarioReader.load(path: scenario)
        // The store is opened only when the scenario names a calibration.
        let plan = try Planner.plan(parsed, calibrations: { wanted in
            try FerryStore(path: global.databasePath, access: .readOnly).calibration(wanted, allowFailed: allowFailed)
        }, objectStoreCalibrations: { wanted in
            try FerryStore(path: global.databasePath, access: .readOnly).objectStoreCalibration(wanted, allowFailed: allowFailed)
        })
        var written: [String] = []
        if !noWrite {
            written = try PlanReportWriter.write(plan, to: (reports as NSString).appendingPathComponent(parsed.name))
        }
        emit(PlanOutput.render(plan, format: global.format))
        if global.format == .text && !global.quiet && !written.isEmpty { emit("wrote " + written.joined(separator: ", ")) }
        // "Ran, but something failed": a sync that never converges has no cutover.
        if plan.estimate.delta?.converges == false { throw ExitCode(2) }
    }
}
