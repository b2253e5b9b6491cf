import ArgumentParser
import FerryKit
import Foundation

/// `ferry compare A.yaml B.yaml`: two plans side by side with their differences.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two scenarios: window, cutover, P90, one-off, monthly and total cost, with differences.",
        discussion: "Example: ferry compare models/file-estate-10tb.yaml my-variant.yaml --format md. Differences are B − A; nothing is written to reports/.")

    @Argument(help: "Scenario A (YAML).", completion: .file(extensions: ["yaml", "yml"])) var a: String
    @Argument(help: "Scenario B (YAML).", completion: .file(extensions: ["yaml", "yml"])) var b: String
    @OptionGroup var global: GlobalOptions

    func run() throws {
        func plan(_ path: String) throws -> MigrationPlan {
            let scenario = try ScenarioReader.load(path: path)
            return try Planner.plan(scenario) { wanted in try FerryStore(path: global.databasePath).calibration(wanted) }
        }
        let comparison = PlanComparison(try plan(a), try plan(b))
        switch global.format {
        case .json: emit(comparison.json())
        case .csv: emit(comparison.csv())
        case .text, .md: emit(comparison.markdown())
        }
    }
}
