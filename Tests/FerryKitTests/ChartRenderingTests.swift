import Foundation
import Testing
@testable import FerryKit

/// Every chart a plan writes, rendered to PNG by librsvg (`rsvg-convert`, Debian's
/// librsvg2-bin, installed by scripts/setup.sh) and checked not to be blank.
@Suite("Charts render to PNG")
struct ChartRenderingTests {
    static let root = FerryBinary.packageRoot

    static func charts() throws -> [(String, String)] {
        var out: [(String, String)] = []
        for model in ["file-estate-10tb", "churn-too-fast", "datacentre-500tb"] {
            let plan = try Planner.plan(try ScenarioReader.load(path: "\(root)/models/\(model).yaml"))
            if let svg = PlanCharts.deltaRounds(plan) { out.append(("\(model)/delta-rounds", svg)) }
            if let svg = PlanCharts.distribution(plan) { out.append(("\(model)/distribution", svg)) }
            for s in plan.services { out.append(("\(model)/\(ServiceReport.chartName(s.spec.name))", ServiceReport.nodesChart(s))) }
        }
        return out
    }

    /// Renders `svg` to PNG; the PNG's size in bytes (nil when rsvg-convert failed).
    static func pngSize(_ svg: String, in dir: ScratchDirectory, name: String) throws -> Int? {
        let input = dir(name + ".svg"), output = dir(name + ".png")
        try svg.write(toFile: input, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["rsvg-convert", input, "-o", output]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: output) else { return nil }
        // PNG signature: 89 50 4E 47 0D 0A 1A 0A.
        guard data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { return nil }
        return data.count
    }

    @Test func everyChartRendersAndIsNotBlank() throws {
        let dir = try ScratchDirectory("charts")
        // A blank chart of the same size is the baseline: white compresses to almost nothing.
        let blank = #"<svg xmlns="http://www.w3.org/2000/svg" width="760" height="420"><rect width="100%" height="100%" fill="white"/></svg>"#
        let blankSize = try #require(try Self.pngSize(blank, in: dir, name: "blank"), "rsvg-convert is missing: run scripts/setup.sh")
        let charts = try Self.charts()
        #expect(charts.count >= 6)
        for (name, svg) in charts {
            let safe = name.replacingOccurrences(of: "/", with: "_")
            let size = try Self.pngSize(svg, in: dir, name: safe)
            #expect(size != nil, "\(name): rsvg-convert could not render it")
            // Axes, bars and text make a chart's PNG many times the blank one (≈ 20 kB vs < 2 kB).
            #expect((size ?? 0) > 5 * blankSize, "\(name): \(size ?? 0) bytes, blank is \(blankSize)")
        }
    }

    /// The histogram's bins span the 0.5th–99.5th percentiles, so about 1 % of the samples lie
    /// outside; the chart must say so (by definition of the percentiles, 0.9–1.1 %).
    @Test func distributionSaysWhatIsClipped() throws {
        let plan = try Planner.plan(try ScenarioReader.load(path: "\(Self.root)/models/file-estate-10tb.yaml"))
        let svg = try #require(PlanCharts.distribution(plan))
        let note = try #require(svg.range(of: "lie outside").map { String(svg[svg.index($0.lowerBound, offsetBy: -60)..<$0.upperBound]) })
        #expect(note.contains("of 100,000 samples"))
        let share = try #require(note.range(of: #"\((\d+\.\d) %\)"#, options: .regularExpression).map { Double(note[$0].dropFirst().dropLast(3)) ?? -1 })
        #expect(share >= 0.9 && share <= 1.1, "\(share) %")
    }

    /// The delta-rounds chart is linear (no "log") and draws the allowed downtime (2 h in the
    /// example) as a line.
    @Test func deltaRoundsIsLinearWithTheTarget() throws {
        let plan = try Planner.plan(try ScenarioReader.load(path: "\(Self.root)/models/file-estate-10tb.yaml"))
        let svg = try #require(PlanCharts.deltaRounds(plan))
        #expect(!svg.contains("log scale"))
        #expect(svg.contains("allowed downtime 2 h"))
    }
}
