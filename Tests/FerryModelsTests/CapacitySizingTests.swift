import Foundation
import Testing
@testable import FerryModels

@Suite("Capacity sizing")
struct CapacitySizingTests {
    /// The smallest c: c meets the objective and c − 1 does not (each checked by direct evaluation).
    @Test(arguments: [
        ResponseObjective.mean(seconds: 0.045), .percentile(level: 0.95, seconds: 0.25),
        .percentile(level: 0.99, seconds: 0.2), .mean(seconds: 0.0401),
    ])
    func smallestServerCount(objective: ResponseObjective) throws {
        let model = try QueueModel(arrivalRate: 1200, serviceTime: 0.040)
        let c = try model.smallestServers(meeting: [objective])
        func value(_ n: Int) throws -> Double {
            switch objective {
            case .mean: return try model.metrics(servers: n).meanResponse
            case let .percentile(level, _): return try model.responsePercentile(level, servers: n)
            }
        }
        #expect(try value(c) <= objective.seconds)
        if c - 1 > Int(model.offeredLoad) { #expect(try value(c - 1) > objective.seconds) }
    }

    /// Utilisation cap alone: n = ⌈λS / ρmax⌉ (S2-3).
    @Test func utilizationCapOnly() throws {
        let model = try QueueModel(arrivalRate: 1000, serviceTime: 0.008)   // A = 8
        #expect(try model.smallestServers(meeting: [], maxUtilization: 0.8) == 10)   // 8/0.8 = 10 exactly
        #expect(try model.smallestServers(meeting: [], maxUtilization: 0.7) == 12)   // 11.43 → 12
        #expect(try model.smallestServers(meeting: [], maxUtilization: 1) == 9)      // stability needs > 8
    }

    /// c ≈ 100,000: the answer is finite, meets the objective, and c − 1 does not.
    @Test func hundredThousandServers() throws {
        let model = try QueueModel(arrivalRate: 2_480_000, serviceTime: 0.040)   // A = 99,200
        let objective = ResponseObjective.percentile(level: 0.95, seconds: 0.125)
        let c = try model.smallestServers(meeting: [objective])
        #expect(c > 99_200 && c < 100_500)
        #expect(try model.responsePercentile(0.95, servers: c) <= 0.125)
        #expect(try model.responsePercentile(0.95, servers: c - 1) > 0.125)
        let m = try model.metrics(servers: c)
        #expect(m.meanResponse.isFinite && m.response.p99.isFinite && m.utilization < 1)
    }

    @Test func unreachableObjectives() throws {
        let model = try QueueModel(arrivalRate: 1200, serviceTime: 0.040)
        // Exponential service alone has p95 = 40 ms × ln 20 = 119.8 ms.
        #expect(throws: QueueError.self) { try model.smallestServers(meeting: [.percentile(level: 0.95, seconds: 0.1)]) }
        #expect(throws: QueueError.self) { try model.smallestServers(meeting: [.mean(seconds: 0.04)]) }
        #expect(throws: QueueError.nothingToSizeFor) { try model.smallestServers(meeting: []) }
        #expect(throws: QueueError.self) { try model.smallestServers(meeting: [], maxUtilization: 1.2) }
        do {
            _ = try model.smallestServers(meeting: [.percentile(level: 0.95, seconds: 0.1)])
        } catch let error as QueueError {
            guard case let .unreachableObjective(_, best) = error else { Issue.record("wrong case \(error)"); return }
            expectClose(best, 0.04 * log(20), relative: 1e-9, "p95 of Exp(mean 40 ms), Brent 1e-10")
        }
    }

    @Test func objectiveParsing() throws {
        #expect(try ResponseObjective.parse("mean=200ms") == .mean(seconds: 0.2))
        let p = try ResponseObjective.parse("p95=250ms")
        guard case let .percentile(level, seconds) = p else { Issue.record("not a percentile"); return }
        expectClose(level, 0.95, relative: 1e-15, "95/100")
        expectClose(seconds, 0.25, relative: 1e-15, "250 × 1e-3")
        guard case let .percentile(l2, _) = try ResponseObjective.parse("p99.9=1s") else { Issue.record("not a percentile"); return }
        expectClose(l2, 0.999, relative: 1e-15, "99.9/100")
        #expect(throws: (any Error).self) { try ResponseObjective.parse("p95") }
        #expect(throws: (any Error).self) { try ResponseObjective.parse("p100=1s") }
        #expect(throws: (any Error).self) { try ResponseObjective.parse("median=1s") }
        #expect(throws: (any Error).self) { try ResponseObjective.parse("p95=250") }
        #expect(ResponseObjective.label(0.95) == "p95")
    }

    /// Growth: month m has λ₀(1.05)^m, nodes never fall, each month is the smallest count.
    @Test func growthPlan() throws {
        let spec = ServiceSpec(name: "api", arrivalRate: 1200, serviceTime: 0.040,
                               objectives: [.percentile(level: 0.95, seconds: 0.25)], growthPerMonth: 0.05)
        let plan = try CapacityPlanner.plan(spec, months: 12)
        #expect(plan.months.count == 13)
        #expect(plan.now.servers == plan.months[0].servers)
        for (m, entry) in plan.months.enumerated() {
            expectClose(entry.arrivalRate, 1200 * pow(1.05, Double(m)), relative: 1e-12, "compound growth")
            let model = try spec.model(loadFactor: pow(1.05, Double(m)))
            #expect(entry.servers == (try model.smallestServers(meeting: spec.objectives)))
            #expect(entry.p95Response <= 0.25)
            if m > 0 { #expect(entry.servers >= plan.months[m - 1].servers) }
        }
        #expect(plan.peakServers == plan.months[12].servers)
        #expect(throws: QueueError.invalidHorizon(months: -1)) { try CapacityPlanner.plan(spec, months: -1) }
    }

    /// Utilisation-only growth plan equals ⌈λ(t) S / ρmax⌉ (S2-3).
    @Test func growthWithUtilizationCap() throws {
        let spec = ServiceSpec(name: "db", arrivalRate: 500, serviceTime: 0.01, objectives: [],
                               maxUtilization: 0.6, growthPerMonth: 0.1)
        let plan = try CapacityPlanner.plan(spec, months: 6)
        for entry in plan.months {
            let expected = Int((entry.arrivalRate * 0.01 / 0.6 - 1e-9).rounded(.up))
            #expect(entry.servers == expected)
            #expect(entry.utilization <= 0.6 + 1e-12)
        }
    }
}
