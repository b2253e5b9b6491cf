import Foundation
import Testing
@testable import FerryModels

/// The simulator against the analytic results. Tolerances are statistical: 4 batch-means
/// standard errors (a 4σ band, ≈ 6e-5 two-sided for a normal batch mean) plus, for the
/// G/G/c approximation, the approximation's own error.
@Suite("Queue simulator")
struct QueueSimulatorTests {
    static let customers = 400_000

    @Test(arguments: [(0.35 / 60, 600.0, 4), (40.0, 0.02, 1), (1200.0, 0.04, 52)])
    func agreesWithMMc(lambda: Double, s: Double, c: Int) throws {
        let model = try QueueModel(arrivalRate: lambda, serviceTime: s)
        let exact = try model.metrics(servers: c)
        let sim = try QueueSimulator(model: model, servers: c, customers: Self.customers, seed: 7).run()
        expectClose(sim.meanResponse, exact.meanResponse, absolute: 4 * sim.meanResponseStandardError,
                    "4 batch-means standard errors")
        expectClose(sim.response.p95, exact.response.p95, absolute: 4 * sim.p95ResponseStandardError,
                    "4 batch-means standard errors of the p95")
        expectClose(sim.probabilityOfWaiting, exact.probabilityOfWaiting, relative: 0.05, absolute: 0.01,
                    "fraction of 400,000 customers; batch SE ≈ 1 % at these loads")
        expectClose(sim.utilization, exact.utilization, relative: 0.02, "time average over ≈ 400,000 services")
    }

    /// Allen–Cunneen is exact only for M/M/c; for other coefficients of variation its mean wait is
    /// off by tens of percent (Whitt 1993, "Approximations for the GI/G/m queue"; 30 % here at
    /// ca = cs = 0.5). The bound is 40 % of Wq plus 4 standard errors.
    @Test(arguments: [(0.5, 0.5), (1.0, 0.0), (1.5, 1.2)])
    func agreesWithAllenCunneen(ca: Double, cs: Double) throws {
        let model = try QueueModel(arrivalRate: 170, serviceTime: 0.05, arrivalCV: ca, serviceCV: cs)   // A = 8.5
        let approx = try model.metrics(servers: 10)
        let sim = try QueueSimulator(model: model, servers: 10, customers: Self.customers, seed: 11).run()
        let tolerance = 0.40 * approx.meanWait + 4 * sim.meanResponseStandardError
        expectClose(sim.meanResponse, approx.meanResponse, absolute: tolerance, "Allen–Cunneen ±40 % of Wq + 4 SE")
        // The p95 approximation (gamma service, exponential conditional wait) is rougher: 15 %.
        expectClose(sim.response.p95, approx.response.p95, relative: 0.15, "percentile heuristic, ±15 %")
    }

    /// In-place selection gives the same type-7 quantiles as sorting (independent reference).
    @Test(arguments: [1, 2, 7, 1000, 100_001])
    func selectionMatchesSorting(count: Int) {
        let rng = RandomSource(seed: UInt64(count))
        var values = (0..<count).map { _ in rng.exponential(mean: 1) }
        if count > 10 { values[3] = values[5] }   // ties
        let sorted = values.sorted()
        let levels = [0.0, 0.5, 0.9, 0.95, 0.99, 1.0]
        var scratch = values
        let selected = Percentile.select(&scratch, levels)
        for (p, q) in zip(levels, selected) {
            let h = p * Double(count - 1), lo = Int(h.rounded(.down)), hi = min(lo + 1, count - 1)
            let expected = sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
            expectClose(q, expected, relative: 1e-15, absolute: 0, "same order statistics, same arithmetic")
        }
    }

    @Test func sameSeedSameResult() throws {
        let model = try QueueModel(arrivalRate: 80, serviceTime: 0.01)
        let a = try QueueSimulator(model: model, servers: 1, customers: 10_000, seed: 3).run()
        let b = try QueueSimulator(model: model, servers: 1, customers: 10_000, seed: 3).run()
        #expect(a == b)
    }

    @Test func badInputs() throws {
        let model = try QueueModel(arrivalRate: 100, serviceTime: 0.05)   // A = 5
        #expect(throws: QueueError.self) { try QueueSimulator(model: model, servers: 5) }
        #expect(throws: QueueError.self) { try QueueSimulator(model: model, servers: 0) }
        #expect(throws: QueueError.self) { try QueueSimulator(model: model, servers: 6, customers: 10) }
    }
}
