import Foundation
import Testing
@testable import FerryKit

/// docs/first-scenario.md shows real output: its first two scenarios are planned here and the
/// summaries must be exactly the ones the page prints.
@Suite("docs/first-scenario.md is what Ferry prints")
struct FirstScenarioDocsTests {
    /// The page's fenced blocks, in order: (language, text).
    static func blocks() throws -> [(String, String)] {
        let text = try String(contentsOfFile: FerryBinary.packageRoot + "/docs/first-scenario.md", encoding: .utf8)
        var out: [(String, String)] = []
        var current: (String, [String])?
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("```") {
                if let c = current { out.append((c.0, c.1.joined(separator: "\n") + "\n")); current = nil }
                else { current = (String(line.dropFirst(3)), []) }
            } else if current != nil {
                current!.1.append(line)
            }
        }
        return out
    }

    @Test(arguments: [0, 1])
    func stepPrintsWhatThePageShows(step: Int) throws {
        let blocks = try Self.blocks()
        let yamls = blocks.enumerated().filter { $0.element.0 == "yaml" }.map(\.offset)
        let index = yamls[step]
        // The output is the next block without a language after the YAML (and the `sh` line).
        let shown = try #require(blocks[(index + 1)...].first { $0.0.isEmpty }).1
        let root = try YAMLNode.document(blocks[index].1, file: "my-first-plan.yaml")
        let plan = try Planner.plan(try ScenarioReader.read(root, baseDirectory: "."))
        #expect(PlanText.render(plan) == shown, "docs/first-scenario.md step \(step + 1) is out of date:\n\(PlanText.render(plan))")
    }
}
