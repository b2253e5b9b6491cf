import FerryModels
import Foundation
import Testing
@testable import FerryKit

@Suite("Calibrated plans of scanned trees")
struct CalibratedPlanTests {
    let fp = EnvironmentFingerprint(cpuModel: "Test CPU", cores: 2, kernel: "6.0", hostname: "h", filesystems: [:],
                                    memoryAvailableBytes: nil, memoryTotalBytes: nil, ferryVersion: "0", gitCommit: nil)

    @Test("with the network out of the way the plan's bulk time is the wall-time model's T(F + L, D, B, N)", arguments: [1, 4, 8])
    func planEqualsModel(streams: Int) throws {
        let root = try makeFixtureTree("planned-\(streams)")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let inventory = try InventoryScanner(threads: 2).scan(root)
        var c = try CalibrationFitter.fit(samples: syntheticSamples(knownWallTime, noise: 0.01, seed: 5), sourceRuns: [1], fingerprint: fp)
        c.wallTime?.perDirectorySeconds = 2e-3
        let yaml = """
        name: scanned
        data: { inventory: \((root as NSString).lastPathComponent).json }
        network: { rate: 1TB/s }
        copy: { streams: \(streams), calibration: latest }
        """
        try inventory.jsonData().write(to: URL(fileURLWithPath: root + ".json"))
        defer { try? FileManager.default.removeItem(atPath: root + ".json") }
        let scenario = try ScenarioReader.read(try YAMLNode.document(yaml, file: "s.yaml"),
                                               baseDirectory: (root as NSString).deletingLastPathComponent)
        let plan = try Planner.plan(scenario) { _ in c }
        let w = try #require(c.wallTime)
        // Symlinks cost one file's fixed time each, so they count as files in T.
        let model = w.seconds(files: Double(inventory.files + inventory.symlinks), bytes: Double(inventory.apparentBytes),
                              streams: streams, directories: Double(inventory.directories))
        expectClose(plan.estimate.seconds, model, relative: 1e-9, "same formula, evaluated two ways (network rate 1 TB/s does not bind)")
        #expect(plan.calibration?.perDirectorySeconds ?? 0 > 0)
    }
}
