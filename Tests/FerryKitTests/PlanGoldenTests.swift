import Foundation
import Testing
@testable import FerryKit

/// The shipped rich scenario — bulk copy, delta rounds, a 100,000-sample Monte Carlo, two
/// services (M/M/c and G/G/c) and costs — rendered in every format and compared with golden
/// files. The figures in them were checked by hand where the model tests do not already
/// (see docs/models.md); this suite guards the rendering.
@Suite("Golden reports: file-estate-10tb")
struct PlanGoldenTests {
    static let root = FerryBinary.packageRoot
    static let scenario = root + "/models/file-estate-10tb.yaml"
    static let normalizing = [(root + "/", ""), (FerryInfo.version, "<version>")]

    static let plan: Result<MigrationPlan, Error> = Result {
        try Planner.plan(try ScenarioReader.load(path: scenario))
    }

    func check(_ text: String, _ name: String) {
        GoldenFile.check(text, name: name, directory: GoldenFile.directory(), normalizing: Self.normalizing)
    }

    @Test func markdown() throws {
        let plan = try Self.plan.get()
        check(PlanMarkdown.render(plan, charts: ["delta": "delta-rounds.svg", "distribution": "distribution.svg"]),
              "file-estate-10tb.plan.md")
    }

    @Test func json() throws { check(PlanJSON.render(try Self.plan.get()), "file-estate-10tb.plan.json") }
    @Test func text() throws { check(PlanText.render(try Self.plan.get()), "file-estate-10tb.summary.txt") }
    @Test func phasesCSV() throws { check(PlanCSV.phases(try Self.plan.get()), "file-estate-10tb.plan.csv") }
    @Test func servicesCSV() throws { check(ServiceReport.csv(try Self.plan.get().services), "file-estate-10tb.services.csv") }

    /// No version string reaches a golden file: the normaliser must have replaced it.
    @Test func goldenFilesCarryNoVersion() throws {
        let dir = GoldenFile.directory()
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) {
            let text = try String(contentsOfFile: dir + "/" + name, encoding: .utf8)
            #expect(!text.contains("Ferry \(FerryInfo.version)"), "\(name) has the version baked in")
        }
    }
}
