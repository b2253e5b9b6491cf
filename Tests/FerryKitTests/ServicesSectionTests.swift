import Foundation
import Testing
@testable import FerryKit
import FerryModels

@Suite("services: in scenarios")
struct ServicesSectionTests {
    func plan(_ services: String) throws -> MigrationPlan {
        let yaml = "data: { size: 1TB }\nnetwork: { rate: 100MB/s }\nservices:\n" + services
        return try Planner.plan(try ScenarioReader.read(try YAMLNode.document(yaml, file: "svc.yaml"), baseDirectory: "."))
    }

    /// 1200/s × 40 ms = 48 erlangs; a 80 % utilisation cap needs ⌈48 / 0.8⌉ = 60 nodes, and at
    /// 60 nodes the p95 objective (250 ms) is already met, so the cap binds: 60 nodes.
    @Test func utilisationCapBindsByHand() throws {
        let p = try plan("""
          - name: api
            arrival_rate: 1200/s
            service_time: 40ms
            objective: { p95: 250ms }
            max_utilization: 80%
            growth: 5%/month
            horizon: 12 months
        """)
        let api = try #require(p.services.first)
        #expect(api.now.servers == 60)
        expectClose(api.now.utilization, 0.8, relative: 1e-12, "48 / 60")
        expectClose(api.now.perNodeLoad, 20, relative: 1e-12, "1200 / 60 (S0-2's L/N)")
        #expect(api.months.count == 13)
        // Month 12: 1200 × 1.05^12 = 2155.03/s → 86.2 erlangs → ⌈86.2 / 0.8⌉ = 108 nodes.
        #expect(api.months[12].servers == 108)
    }

    @Test func serviceRateIsTheInverseOfServiceTime() throws {
        let p = try plan("  - { name: a, arrival_rate: 10/s, service_rate: 25/s, max_utilization: 50% }\n")
        expectClose(try #require(p.services.first).spec.serviceTime, 0.04, relative: 1e-15, "1/25 s")
        #expect(p.services.first?.now.servers == 1)  // 0.4 erlang ≤ 0.5
    }

    @Test(arguments: [
        ("  - { name: a, arrival_rate: 10/s, service_time: 40ms }\n", 4, "needs an objective"),
        ("  - { name: a, arrival_rate: 10/s, max_utilization: 50% }\n", 4, "needs service_time"),
        ("  - { name: a, arrival_rate: 10, service_time: 1s, max_utilization: 50% }\n", 4, "ambiguous"),
        ("  - { name: a, arrival_rate: 10/s, service_time: 1s, objective: { p95: 250 } }\n", 4, "ambiguous"),
        ("  - { name: a, arrival_rate: 10/s, service_time: 1s, objectve: { p95: 2s } }\n", 4, "did you mean 'objective'"),
    ])
    func badServicesAreLocated(yaml: String, line: Int, message: String) {
        do {
            _ = try plan(yaml)
            Issue.record("expected an error")
        } catch let error as InputError {
            #expect(error.line == line, "\(error.errorDescription ?? "")")
            #expect(error.message.contains(message), "\(error.errorDescription ?? "")")
        } catch {
            Issue.record("wrong error \(error)")
        }
    }

    @Test func unreachableObjectiveNamesTheService() {
        // p95 below the service time itself can never be met.
        let error = #expect(throws: PlanError.self) {
            try plan("  - { name: slow, arrival_rate: 10/s, service_time: 1s, objective: { p95: 100ms } }\n")
        }
        #expect(error?.errorDescription?.contains("service 'slow'") == true)
    }
}
