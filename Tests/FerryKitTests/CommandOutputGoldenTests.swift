import Foundation
import Testing
@testable import FerryKit
import FerryModels

/// `ferry capacity`, `ferry fit usl` and `ferry optimize` in every format against golden files.
/// The numbers are checked against published values in the model tests; these guard the keys
/// (one name per quantity, `schema_version`) and the wording.
@Suite("Golden outputs: capacity, fit, optimize")
struct CommandOutputGoldenTests {
    static let root = FerryBinary.packageRoot

    func check(_ text: String, _ name: String) {
        GoldenFile.check(text, name: name, directory: GoldenFile.directory())
    }

    /// PDQ bank model (M/M/4, λ = 0.35/min, S = 10 min) with a 12-month 5 % growth forecast,
    /// sized for a 60 min mean response.
    @Test(arguments: OutputFormat.allCases)
    func capacity(format: OutputFormat) throws {
        let spec = ServiceSpec(name: "service", arrivalRate: 0.35 / 60, serviceTime: 600,
                               objectives: [.mean(seconds: 3600)], maxUtilization: nil, growthPerMonth: 0.05)
        let request = CapacityRequest(service: spec, servers: nil, months: 12)
        let document = CapacityDocument(try CapacityAnalysis.run(request), request: request)
        check(CapacityOutput.render(document, format: format), "capacity-pdq-growth.\(format.rawValue)")
    }

    /// The R package usl's raytracer points (docs/models.md, reference values) with a node price.
    @Test(arguments: OutputFormat.allCases)
    func fitUSL(format: OutputFormat) throws {
        let path = Self.root + "/Tests/Fixtures/usl-raytracer.csv"
        let fit = try USLFit.fit(csv: try String(contentsOfFile: path, encoding: .utf8), source: path)
        let optimum = try fit.model.costOptimum(nodePrice: 0.2, fixedCost: 2)
        check(USLFitOutput.render(USLFitDocument(fit, optimum: optimum), format: format), "fit-usl-raytracer.\(format.rawValue)")
    }

    /// S1-2: min 10x + 5y s.t. xy ≥ 100.
    @Test(arguments: OutputFormat.allCases)
    func optimize(format: OutputFormat) throws {
        let problem = try OptimizationProblemReader.load(path: Self.root + "/models/optimize/s1-2.yaml")
        let document = OptimizationDocument(try problem.solve(), problem: problem)
        check(OptimizationOutput.render(document, format: format), "optimize-s1-2.\(format.rawValue)")
    }

    /// One name per quantity across documents: the plan's services and `ferry capacity` share
    /// their keys.
    @Test func capacityAndPlanServicesShareKeys() throws {
        let spec = ServiceSpec(name: "s", arrivalRate: 100, serviceTime: 0.05, objectives: [.mean(seconds: 1)], maxUtilization: nil)
        let request = CapacityRequest(service: spec, servers: 8)
        let capacity = try JSONSerialization.jsonObject(with: Data(ReportJSON.render(CapacityDocument(try CapacityAnalysis.run(request), request: request)).utf8)) as? [String: Any]
        let plan = try Planner.plan(try ScenarioReader.load(path: Self.root + "/models/file-estate-10tb.yaml"))
        let planJSON = try JSONSerialization.jsonObject(with: Data(PlanJSON.render(plan).utf8)) as? [String: Any]
        let service = try #require((planJSON?["services"] as? [[String: Any]])?.first)
        let shared = ["servers", "utilization", "p_wait", "mean_response_seconds", "p95_response_seconds",
                      "per_node_load_per_second", "arrival_rate_per_second", "service_time_seconds"]
        for key in shared {
            #expect(capacity?[key] != nil, "capacity lacks \(key)")
            #expect(service[key] != nil, "plan services lack \(key)")
        }
        for old in ["per_node_load", "arrival_rate"] {
            #expect(capacity?[old] == nil && service[old] == nil, "\(old) is the old name")
        }
        #expect(capacity?["schema_version"] as? Int == 1 && planJSON?["schema_version"] as? Int == 1)
    }
}
