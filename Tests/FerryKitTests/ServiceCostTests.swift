import Foundation
import Testing
@testable import FerryKit
import FerryModels

/// Services priced from capacity: node counts per month × node price.
@Suite("services priced from capacity")
struct ServiceCostTests {
    @Test("hand-checked: shape → cheapest fitting type, instance by name, months step with node counts")
    func hand() throws {
        let types = HandCatalogKit.all
        let services = [ServiceCompute(name: "api", node: .shape(vcpu: 2, memoryGiB: 8), nodesByMonth: [3, 4]),
                        ServiceCompute(name: "db", node: .instance("large"), nodesByMonth: [1])]
        let p = try FinanceProjection.project(FinanceInputs(horizonMonths: 3, compute: .services(types: types, services: services, demand: nil)))
        let m = p.options[0].months
        // Month 1: 3 × small 0.10 + 1 × large 0.36 = 0.66 $/h × 730 = 481.8; month 2: 0.76 × 730 = 554.8;
        // month 3 repeats the last count (hand calculation).
        expectClose(m[0].compute, 481.8, relative: 1e-12, "exact")
        expectClose(m[1].compute, 554.8, relative: 1e-12, "exact")
        expectClose(m[2].compute, 554.8, relative: 1e-12, "exact")
        #expect(m[0].nodes == 4 && m[1].nodes == 5)
        // 1-year: 3 × 0.07 + 0.25 = 0.46 × 730 = 335.8.
        let y = try FinanceProjection.project(FinanceInputs(horizonMonths: 1, compute: .services(types: types, services: services, demand: nil), commitments: [.oneYear]))
        expectClose(y.options[0].months[0].compute, 335.8, relative: 1e-12, "exact")
        #expect(throws: CostError.self) {
            try ServiceCompute(name: "x", node: .instance("nope"), nodesByMonth: [1]).resolve(types, commitment: .none, assumedDiscount: nil)
        }
    }

    @Test("the example scenario prices its services' node counts, and growth shows in cost")
    func example() throws {
        let s = try ScenarioReader.load(path: CatalogReaderTests.packageRoot + "/models/file-estate-10tb.yaml")
        let plan = try Planner.plan(s)
        let costs = try #require(plan.costs)
        let months = try #require(costs.primary?.months)
        #expect(plan.services.allSatisfy { $0.months.count >= costs.finance.inputs.horizonMonths }, "service tables reach the cost horizon")
        let types = try #require(s.costs?.catalog?.instances)
        let apiPrice = try #require(types.filter { !$0.isBurstable && $0.vcpu >= 2 && $0.memoryGiB >= 8 }.map(\.onDemandHourly).min())
        let searchPrice = try #require(types.first { $0.name == "c6i.xlarge" }?.onDemandHourly)
        let api = plan.services[0], search = plan.services[1]
        // Month 1 = today's node counts × their hourly prices × 730 h (independent arithmetic).
        let expected = (Double(api.now.servers) * apiPrice + Double(search.now.servers) * searchPrice) * 730
        expectClose(months[0].compute, expected, relative: 1e-12, "same prices, same counts")
        let last = Double(api.months[months.count - 1].servers) * apiPrice + Double(search.months[months.count - 1].servers) * searchPrice
        expectClose(months[months.count - 1].compute, last * 730, relative: 1e-12, "month 36 uses month 35's node counts")
        #expect(months[months.count - 1].compute > 3 * months[0].compute, "5 %/month and 3 %/month growth over 35 months")
    }
}

/// The hand catalogue of the model tests, for this target.
enum HandCatalogKit {
    static let all = [
        InstanceType(name: "small", vcpu: 2, memoryGiB: 8, onDemandHourly: 0.10, oneYearHourly: 0.07, threeYearHourly: 0.05),
        InstanceType(name: "large", vcpu: 8, memoryGiB: 32, onDemandHourly: 0.36, oneYearHourly: 0.25, threeYearHourly: 0.18),
        InstanceType(name: "highmem", vcpu: 2, memoryGiB: 16, onDemandHourly: 0.13),
    ]
}
