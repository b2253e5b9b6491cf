import Foundation
import Testing
@testable import FerryKit

/// Defaults that move the answer are said first, with the size of the effect (computed here
/// by hand from the formulas in docs/models.md).
@Suite("Plan caveats")
struct PlanCaveatsTests {
    func plan(_ yaml: String) throws -> MigrationPlan {
        try Planner.plan(try ScenarioReader.read(try YAMLNode.document(yaml, file: "c.yaml"), baseDirectory: "."))
    }

    /// 10 TB over 1 Gbps (1.25·10⁸ B/s): 80,000 s = 22.22 h at 100 %; at 74 %,
    /// 10¹³ / 9.25·10⁷ = 108,108 s = 30.03 h.
    @Test func efficiencyDefaultIsSaidWithItsEffect() throws {
        let p = try plan("data: { size: 10TB }\nnetwork: { bandwidth: 1Gbps }\n")
        let line = try #require(p.caveats.first { $0.contains("100 % link efficiency") })
        #expect(line.contains("30.03 h instead of 22.22 h"), "\(line)")
        #expect(PlanText.render(p).split(separator: "\n")[1].contains("100 % link efficiency"), "first line after the title")
    }

    /// 2,000,000 files × 10 ms / 16 streams = 1,250 s = 20.8 min.
    @Test func perFileDefaultIsSaidWithItsEffect() throws {
        let p = try plan("data: { size: 10TB, files: 2000000 }\nnetwork: { rate: 100MB/s }\ncopy: { streams: 16 }\n")
        let line = try #require(p.caveats.first { $0.contains("copy.per_file not set") })
        #expect(line.contains("add 20.8 min over 16 streams"), "\(line)")
    }

    @Test func rttWithoutWindowIsSaid() throws {
        let p = try plan("data: { size: 1TB }\nnetwork: { rate: 100MB/s, rtt: 40ms }\n")
        #expect(p.caveats.contains { $0.contains("network.rtt is ignored") })
        let q = try plan("data: { size: 1TB }\nnetwork: { rate: 100MB/s, rtt: 40ms, tcp_window: 4MiB }\n")
        #expect(!q.caveats.contains { $0.contains("rtt") })
    }

    @Test func defaultDowntimeAndUncappedServiceAreSaid() throws {
        let p = try plan("""
            data: { size: 1TB, change_rate: 10GB/day }
            network: { rate: 100MB/s }
            services:
              - { name: web, arrival_rate: 100/s, service_time: 50ms, objective: { mean: 1s } }
            """)
        #expect(p.caveats.contains { $0.contains("Cutover downtime target 5 min is Ferry's default") })
        // λS = 5 erlangs: 6 servers is the smallest stable size, and a 1 s mean objective is far
        // above its ≈ 80 ms response, so 6 it is, at ρ = 5/6 = 83.3 %.
        let service = try #require(p.caveats.first { $0.contains("Service web has no utilisation cap") })
        #expect(service.contains("runs at 83.3 % now"), "\(service)")
    }

    /// A plan with every input given has nothing to warn about.
    @Test func explicitInputsGiveNoCaveats() throws {
        let p = try plan("data: { size: 10TB, files: 100, change_rate: 1GB/day }\nnetwork: { bandwidth: 1Gbps, efficiency: 0.74 }\ncopy: { per_file: 5ms }\ncutover: { max_downtime: 1h }\n")
        #expect(p.caveats.isEmpty, "\(p.caveats)")
    }
}
