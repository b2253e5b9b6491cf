import Testing
@testable import FerryModels

/// A small synthetic catalogue whose optima can be checked by hand.
enum HandCatalog {
    static let small = InstanceType(name: "small", vcpu: 2, memoryGiB: 8, onDemandHourly: 0.10, oneYearHourly: 0.07, threeYearHourly: 0.05)
    static let large = InstanceType(name: "large", vcpu: 8, memoryGiB: 32, onDemandHourly: 0.36, oneYearHourly: 0.25, threeYearHourly: 0.18)
    static let highmem = InstanceType(name: "highmem", vcpu: 2, memoryGiB: 16, onDemandHourly: 0.13)
    static let all = [small, large, highmem]
}

@Suite("Resource cost models (S1-1, S2-2, S2-4, S3-1, S3-2, S4-1, S4-2)")
struct CostModelsTests {
    @Test("S3-2: (4 cores, 16 GB, 200 GB, 50 Mbps) at $10, $20, $5, $15 per unit-month → $2,110/month")
    func s32() throws {
        let cost = try UnitPriceCost(usage: [("cpu", 4, "core"), ("memory", 16, "GB"), ("storage", 200, "GB"), ("bandwidth", 50, "Mbps")],
                                     prices: ["cpu": 10, "memory": 20, "storage": 5, "bandwidth": 15])
        // docs/models.md S3-2: 40 + 320 + 1000 + 750 = 2110, exact in binary floating point.
        expectClose(cost.monthlyTotal, 2110, relative: 0, absolute: 1e-9, "exact integer arithmetic")
        #expect(throws: CostError.missingPrice(resource: "gpu")) {
            try UnitPriceCost(usage: [("gpu", 1, "card")], prices: [:])
        }
    }

    @Test("S3-1: 4C + 0.5M + 2S + 0.1N = 429 at (4, 16, 200, 50); weights recovered from history")
    func s31() throws {
        let names = ["cpu", "memory", "storage", "network"]
        let weights = [4, 0.5, 2, 0.1]
        let user = DemandScore(names: names, weights: weights)
        // docs/models.md S3-1: 16 + 8 + 400 + 5 = 429.
        expectClose(user.score([4, 16, 200, 50]), 429, relative: 1e-15, "exact up to rounding")
        let history: [[Double]] = [[4, 16, 200, 50], [8, 32, 100, 20], [2, 4, 500, 10], [16, 64, 50, 100], [1, 2, 10, 5], [6, 8, 300, 70]]
        let observed = history.map { user.score($0) }
        let fitted = try DemandScore.fit(names: names, history: history, observed: observed)
        for (w, expected) in zip(fitted.weights, weights) {
            // Noise-free data: exact up to the SVD's rounding (condition number ~1e3).
            expectClose(w, expected, relative: 1e-9, "noise-free least squares")
        }
        #expect(throws: CostError.self) { try DemandScore.fit(names: names, history: Array(history.prefix(3)), observed: Array(observed.prefix(3))) }
    }

    @Test("instance selection, hand-checked: 10 vCPU / 40 GiB → large + small at $0.46/h")
    func selection() throws {
        let s = try InstanceSelection.select(vcpu: 10, memoryGiB: 40, from: HandCatalog.all)
        // Enumerated by hand: large+small 0.46 < large+highmem 0.49 < 5×small 0.50 < 2×large 0.72.
        expectClose(s.hourlyCost, 0.46, relative: 1e-12, "hand enumeration")
        #expect(Set(s.lines.map { "\($0.count)×\($0.type.name)" }) == ["1×large", "1×small"])
        let withHeadroom = try InstanceSelection.select(vcpu: 10, memoryGiB: 40, headroom: 0.2, from: HandCatalog.all)
        // 12 vCPU / 48 GiB: large + 2 small = 0.56 beats 6 small (0.60) and large+small+highmem (0.59).
        expectClose(withHeadroom.hourlyCost, 0.56, relative: 1e-12, "hand enumeration")
        let committed = try InstanceSelection.select(vcpu: 10, memoryGiB: 40, from: HandCatalog.all, commitment: .threeYear)
        // highmem has no 3-year price and is left out: large + small at 0.18 + 0.05.
        expectClose(committed.hourlyCost, 0.23, relative: 1e-12, "hand enumeration")
    }

    @Test("infeasible selection names the constraint and the shortfall")
    func infeasibleSelection() throws {
        do {
            _ = try InstanceSelection.select(vcpu: 20, memoryGiB: 40, from: HandCatalog.all, maxPerType: 1)
            Issue.record("expected infeasible")
        } catch CostError.infeasible(_, let shortfalls) {
            #expect(shortfalls.map(\.name) == ["vcpu"])
            // One of each type gives 12 vCPU; 20 are needed.
            expectClose(shortfalls.first?.amount ?? .nan, 8, relative: 1e-9, "20 − 12 vCPU")
        }
        do {
            _ = try InstanceSelection.select(vcpu: 10, memoryGiB: 40, from: HandCatalog.all, budgetHourly: 0.40)
            Issue.record("expected infeasible")
        } catch CostError.infeasible(_, let shortfalls) {
            #expect(shortfalls.map(\.name) == ["budget"])
            // The cheapest cover costs 0.46/h; the budget is 0.40/h.
            expectClose(shortfalls.first?.amount ?? .nan, 0.06, relative: 1e-9, "0.46 − 0.40")
            #expect(CostError.infeasible(what: "instance selection", shortfalls: shortfalls).localizedDescription.contains("budget"))
        }
    }

    @Test("bin packing, hand-checked, with each node's shares")
    func packing() throws {
        let node4 = InstanceType(name: "node4", vcpu: 4, memoryGiB: 16, onDemandHourly: 0.20)
        let node8 = InstanceType(name: "node8", vcpu: 8, memoryGiB: 32, onDemandHourly: 0.36)
        let p = try ContainerPacking.pack([.init(name: "api", vcpu: 2, memoryGiB: 4, replicas: 3),
                                           .init(name: "db", vcpu: 4, memoryGiB: 16, replicas: 1)], onto: [node4, node8])
        // 10 vCPU need two nodes; node4 + node8 (0.56) is the cheapest pair that fits
        // (node8 ← db + 2 api, node4 ← api); 3 × node4 costs 0.60, 2 × node8 0.72.
        expectClose(p.hourlyCost, 0.56, relative: 1e-12, "hand enumeration")
        #expect(p.status == .optimal)
        #expect(p.nodes.count == 2)
        let big = try #require(p.nodes.first { $0.type.name == "node8" })
        expectClose(big.cpuShare, 0.8, relative: 1e-12, "8 of 10 vCPU")
        expectClose(big.memoryShare, 24.0 / 28, relative: 1e-12, "24 of 28 GiB")
        expectClose(p.nodes.reduce(0) { $0 + $1.cpuShare }, 1, relative: 1e-12, "shares sum to one")
        #expect(throws: CostError.self) {
            try ContainerPacking.pack([.init(name: "huge", vcpu: 16, memoryGiB: 8)], onto: [node4, node8])
        }
    }

    @Test("tiered egress: 60,000 GB → 10,000 × 0.09 + 40,000 × 0.085 + 10,000 × 0.07 = $5,000")
    func tiers() {
        let tiers = TieredPrice(tiers: [.init(fromGB: 0, toGB: 10_000, perGB: 0.09), .init(fromGB: 10_000, toGB: 50_000, perGB: 0.085),
                                        .init(fromGB: 50_000, toGB: 150_000, perGB: 0.07), .init(fromGB: 150_000, toGB: .infinity, perGB: 0.05)])
        expectClose(tiers.monthlyCost(gigabytes: 60_000), 5000, relative: 1e-12, "hand sum of tiers")
        // Spread over two months: 2 × (10,000 × 0.09 + 20,000 × 0.085) = 5,200.
        expectClose(tiers.cost(gigabytes: 60_000, overMonths: 2), 5200, relative: 1e-12, "hand sum of tiers")
        expectClose(tiers.monthlyCost(gigabytes: 0), 0, relative: 0, absolute: 0, "zero volume")
    }

    @Test("migration project cost (S4-1) and the effect of compression (S4-2)")
    func migration() throws {
        let inputs = MigrationCost.Inputs(bytes: 10e12, compressionRatio: 0.5, windowSeconds: 100 * 3600,
                                          egress: .flat(perGB: 0.09), labourPerHour: 120, staff: 2, toolingPerHour: 10,
                                          parallelRunMonthly: 20_000, services: 3, hoursPerService: 8, deploymentFixed: 1000)
        let cost = try MigrationCost(inputs)
        // 5,000 GB × 0.09 + 120 × 2 × 100 + 10 × 100 + 20,000 × 100/730 + 1,000 + 3 × 8 × 120.
        let expected: Double = 450 + 24_000 + 1000 + 20_000.0 * 100 / 730 + 1000 + 2880
        expectClose(cost.total, expected, relative: 1e-12, "hand calculation")
        expectClose(cost.wireBytes, 5e12, relative: 1e-15, "10 TB × 0.5")
        // Without compression: twice the bytes and (transfer-bound) twice the window.
        let uncompressed: Double = 900 + 48_000 + 2000 + 20_000.0 * 200 / 730 + 1000 + 2880
        expectClose(cost.totalWithoutCompression ?? .nan, uncompressed, relative: 1e-12, "hand calculation")
        expectClose(cost.compressionSavings, uncompressed - expected, relative: 1e-12, "difference")
        var bad = inputs
        bad.compressionRatio = 1.5
        #expect(throws: CostError.self) { try MigrationCost(bad) }
    }

    @Test("finance projection: yearly totals, break-even and tornado order")
    func finance() throws {
        let unit = try UnitPriceCost(usage: [("cpu", 4, "core"), ("memory", 16, "GB"), ("storage", 200, "GB"), ("bandwidth", 50, "Mbps")],
                                     prices: ["cpu": 10, "memory": 20, "storage": 5, "bandwidth": 15])
        let inputs = FinanceInputs(horizonMonths: 24, compute: .unitPrices(unit),
                                   migration: .init(bytes: 0, windowSeconds: 730 * 3600, labourPerHour: 10),
                                   currentMonthly: 3000, commitments: [.none])
        let p = try FinanceProjection.project(inputs)
        let option = try #require(p.options.first)
        #expect(option.months.count == 24)
        // One-off 10/h × 730 h = 7,300 in month 1; then 2,110 a month.
        expectClose(option.yearlyTotals[0], 7300.0 + 12 * 2110, relative: 1e-12, "hand calculation")
        expectClose(option.yearlyTotals[1], 12.0 * 2110, relative: 1e-12, "hand calculation")
        expectClose(option.oneOffTotal, 7300, relative: 1e-12, "hand calculation")
        // 7,300 + 2,110 m ≤ 3,000 m first at m = 9 (8.2 rounded up).
        #expect(option.breakEvenMonth == 9)
        #expect(p.tornado.first?.input == "compute prices" || p.tornado.first?.input == "compute demand")
        let computeBar = try #require(p.tornado.first { $0.input == "compute prices" })
        // ±20 % of 24 × 2,110 = ±10,128.
        expectClose(computeBar.swing, 2 * 0.2 * 24 * 2110, relative: 1e-9, "hand calculation")
    }

    @Test("growth makes node counts step up; commitments are cheaper when published")
    func growthAndCommitments() throws {
        let inputs = FinanceInputs(horizonMonths: 12, growthPerMonth: 0.1,
                                   compute: .demand(types: [HandCatalog.small, HandCatalog.large], vcpu: 8, memoryGiB: 32, headroom: 0),
                                   commitments: [.none, .oneYear, .threeYear])
        let p = try FinanceProjection.project(inputs)
        let onDemand = try #require(p.options.first)
        #expect(onDemand.months.first?.nodes == 1)
        #expect((onDemand.months.last?.nodes ?? 0) > 1)
        expectClose(onDemand.months.first?.compute ?? .nan, 0.36 * 730, relative: 1e-12, "one large node × 730 h")
        #expect(p.options[1].total < onDemand.total)
        #expect(p.options[2].total < p.options[1].total)
        // No published committed prices and no opt-in assumption → the option is unavailable.
        let bare = FinanceInputs(horizonMonths: 12, compute: .demand(types: [HandCatalog.highmem], vcpu: 2, memoryGiB: 8, headroom: 0),
                                 commitments: [.oneYear])
        #expect(try FinanceProjection.project(bare).options.first?.unavailable != nil)
        var assumed = bare
        assumed.assumedDiscounts = [.oneYear: 0.3]
        let withAssumption = try FinanceProjection.project(assumed).options.first
        expectClose(withAssumption?.months.first?.compute ?? .nan, 0.13 * 0.7 * 730, relative: 1e-12, "on-demand × (1 − 30 %)")
        #expect(withAssumption?.assumedDiscount == 0.3)
    }
}
