import Foundation
import Testing
@testable import FerryKit
import FerryModels

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("Plan reports")
struct PlanReportTests {
    static let s01 = """
    name: s0-1
    title: "S0-1: 10 TB at 100 MB/s"
    data: { size: 10TB }
    network: { rate: 100MB/s }
    claim: { time: 1000h, source: "Seed document 000 (S0-1)" }
    """

    static let estate = """
    name: estate
    data: { size: 10TB, files: 2000000, compression: 0.8, change_rate: 200GB/day }
    network: { bandwidth: 1Gbps, efficiency: 0.74 }
    copy: { streams: 16, per_file: 5ms }
    cutover: { max_downtime: 10min }
    uncertainty: { rate_cv: 0.15, samples: 20000, seed: 7 }
    """

    func plan(_ yaml: String, file: String) throws -> MigrationPlan {
        try Planner.plan(try ScenarioReader.read(try YAMLNode.document(yaml, file: file), baseDirectory: "."))
    }

    /// The S0-1 report against its golden file (hand-checked: 27.78 h, factor 36.0).
    /// Re-record after an intended change with FERRY_RECORD_GOLDEN=1 (the run then fails).
    @Test func s01MarkdownMatchesGolden() throws {
        let md = PlanMarkdown.render(try plan(Self.s01, file: "s0-1.yaml"))
        GoldenFile.check(md, name: "s0-1-plan.md", directory: GoldenFile.directory(),
                         normalizing: [(FerryInfo.version, "<version>")])
        // Independent of the golden file: 10¹³ B / 10⁸ B/s = 10⁵ s = 27.78 h; 3.6·10⁶ s / 10⁵ s = 36.
        #expect(md.contains("**27.78 h**") && md.contains("factor of 36.0"))
    }

    @Test func s01CSVMatchesGolden() throws {
        GoldenFile.check(PlanCSV.phases(try plan(Self.s01, file: "s0-1.yaml")), name: "s0-1-plan.csv",
                         directory: GoldenFile.directory())
    }

    @Test func claimCheckRatio() throws {
        let check = try #require(try plan(Self.s01, file: "s0-1.yaml").claimCheck)
        expectClose(check.ratio, 36, relative: 1e-12, "3,600,000 s / 100,000 s")
        #expect(!check.holds)
    }

    @Test func chartsAreWellFormedXML() throws {
        let p = try plan(Self.estate, file: "estate.yaml")
        for svg in [PlanCharts.deltaRounds(p), PlanCharts.distribution(p)] {
            let text = try #require(svg)
            let parser = XMLParser(data: Data(text.utf8))
            #expect(parser.parse(), "SVG does not parse: \(parser.parserError.map { "\($0)" } ?? "")")
            #expect(text.hasPrefix("<svg"))
        }
    }

    @Test func svgEscapesUserText() throws {
        let chart = SVGChart(title: "a <b> & \"c\"", yLabel: "y", xLabel: "x",
                             bars: [SVGChart.Bar(label: "<x>", value: 1, annotation: "&")])
        let text = chart.render()
        #expect(text.contains("a &lt;b&gt; &amp; &quot;c&quot;"))
        #expect(XMLParser(data: Data(text.utf8)).parse())
    }

    @Test func csvRowsAddUpToTheWindow() throws {
        let p = try plan(Self.estate, file: "estate.yaml")
        let rows = PlanCSV.phases(p).split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let total = rows.reduce(0.0) { $0 + (Double($1[4]) ?? .nan) }
        expectClose(total, p.estimate.windowSeconds, relative: 1e-6, "CSV keeps 6 decimals")
        #expect(rows.last?[6] == "true")
    }

    @Test func jsonHasNoInfinityOrNaN() throws {
        let yaml = "data: { size: 1TB, change_rate: 200MB/s }\nnetwork: { rate: 100MB/s }\n"
        let text = PlanJSON.render(try plan(yaml, file: "x.yaml"))
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(object?["converges"] as? Bool == false)
        #expect(object?["window_seconds"] == nil)
        #expect(!text.contains("inf") && !text.contains("nan"))
    }

    @Test func writerCreatesAllFilesAtomically() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-report-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let written = try PlanReportWriter.write(try plan(Self.estate, file: "estate.yaml"), to: dir)
        #expect(written.map { ($0 as NSString).lastPathComponent }.sorted()
                == ["delta-rounds.svg", "distribution.csv", "distribution.svg", "plan.csv", "plan.md"])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test func unwritableDirectoryIsAClearError() throws {
        let error = #expect(throws: ReportError.self) {
            try PlanReportWriter.write(try plan(Self.s01, file: "s0-1.yaml"), to: "/proc/ferry-cannot-write-here")
        }
        #expect(error?.errorDescription?.contains("/proc/ferry-cannot-write-here") == true)
    }
}
