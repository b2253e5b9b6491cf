import Foundation
import Testing
@testable import FerryModels

@Suite("Monte Carlo of the migration time")
struct MigrationMonteCarloTests {
    let workload = MigrationWorkload(bytes: 1e13)
    let path = TransferPath(rate: 1e8)

    /// With R lognormal of mean R̄ and CV v, E[D/R] = (D/R̄)(1 + v²): 100,000 × 1.0225 s.
    /// Standard error of the mean with n = 200,000 and sd ≈ 0.15 × 10^5 is ≈ 34 s (3.3e-4
    /// relative); the tolerance is 5 standard errors.
    @Test func meanConvergesToAnalyticValue() throws {
        let d = try MigrationMonteCarlo.run(workload, over: path,
                                            settings: MonteCarloSettings(samples: 200_000, seed: 7, rateCV: 0.15))
        expectClose(d.analyticMeanSeconds, 102_250, relative: 1e-12, "hand calculation")
        expectClose(d.meanSeconds, d.analyticMeanSeconds, relative: 1.7e-3, "5 standard errors of the mean")
    }

    /// T = D/R with ln R ~ N(μ, σ²): T_p = D·exp(−μ + σ·z_p). z_0.5 = 0, z_0.9 = 1.2815516,
    /// z_0.99 = 2.3263479 (standard normal table). The quantile's sampling error at n = 200,000
    /// is below 0.3 % here; the tolerance is 1 %.
    @Test func percentilesMatchLognormalQuantiles() throws {
        let d = try MigrationMonteCarlo.run(workload, over: path,
                                            settings: MonteCarloSettings(samples: 200_000, seed: 11, rateCV: 0.15))
        let s2 = log(1 + 0.15 * 0.15), s = s2.squareRoot(), mu = log(1e8) - s2 / 2
        expectClose(d.p50Seconds, 1e13 * exp(-mu), relative: 0.01, "sampling error of the median")
        expectClose(d.p90Seconds, 1e13 * exp(-mu + s * 1.2815516), relative: 0.01, "sampling error of p90")
        expectClose(d.p99Seconds, 1e13 * exp(-mu + s * 2.3263479), relative: 0.01, "sampling error of p99")
        #expect(d.p50Seconds < d.p90Seconds && d.p90Seconds < d.p99Seconds)
    }

    @Test func sameSeedSameAnswer() throws {
        let settings = MonteCarloSettings(samples: 10_000, seed: 42, rateCV: 0.2)
        let a = try MigrationMonteCarlo.run(workload, over: path, settings: settings)
        let b = try MigrationMonteCarlo.run(workload, over: path, settings: settings)
        #expect(a == b)
        var other = settings
        other.seed = 43
        let c = try MigrationMonteCarlo.run(workload, over: path, settings: other)
        #expect(c.p90Seconds != a.p90Seconds)
    }

    @Test func zeroVariationGivesThePointEstimate() throws {
        let d = try MigrationMonteCarlo.run(workload, over: path, settings: MonteCarloSettings(samples: 100, seed: 1, rateCV: 0))
        expectClose(d.p50Seconds, 100_000, relative: 1e-12, "no variation")
        expectClose(d.p99Seconds, 100_000, relative: 1e-12, "no variation")
    }

    /// With a change rate, each sample's window must equal the deterministic model at that
    /// sample's rate; at cv = 0 the window percentiles equal the point window.
    @Test func windowAtZeroVariationMatchesTheModel() throws {
        let w = MigrationWorkload(bytes: 1e13, files: 1_000_000, perFileSeconds: 0.003,
                                  changeRate: 2e11 / 86_400, maxDowntime: 300)
        let p = TransferPath(rate: 1e8, streams: 8)
        let point = try MigrationTimeModel.estimate(w, over: p)
        let d = try MigrationMonteCarlo.run(w, over: p, settings: MonteCarloSettings(samples: 50, seed: 3, rateCV: 0))
        expectClose(try #require(d.windowP50Seconds), point.windowSeconds, relative: 1e-9, "closed form vs summed rounds")
        expectClose(try #require(d.cutoverP99Seconds), try #require(point.cutoverSeconds), relative: 1e-9, "same")
    }

    @Test func divergingSamplesAreCountedNotAveraged() throws {
        // Change rate 95 % of the mean rate with 30 % variation: a share of samples cannot converge.
        let w = MigrationWorkload(bytes: 1e12, changeRate: 0.95e8, maxDowntime: 60)
        let d = try MigrationMonteCarlo.run(w, over: TransferPath(rate: 1e8),
                                            settings: MonteCarloSettings(samples: 20_000, seed: 5, rateCV: 0.3))
        #expect(d.nonConvergingShare > 0.1 && d.nonConvergingShare < 0.9)
        #expect(d.p99Seconds.isFinite)
    }

    @Test func rejectsBadSettings() {
        #expect(throws: MigrationError.self) {
            try MigrationMonteCarlo.run(workload, over: path, settings: MonteCarloSettings(samples: 0, rateCV: 0.1))
        }
        #expect(throws: MigrationError.self) {
            try MigrationMonteCarlo.run(workload, over: path, settings: MonteCarloSettings(samples: 10, rateCV: -0.1))
        }
    }
}

@Suite("Percentiles by selection")
struct PercentileSelectionTests {
    /// Selection must give exactly the type-7 quantiles of the sorted data, with duplicates,
    /// infinities (diverging runs) and tiny arrays.
    @Test(arguments: [1, 2, 3, 10, 101, 10_000])
    func selectionEqualsSorting(count: Int) {
        let rng = RandomSource(seed: UInt64(count))
        var values = (0..<count).map { _ in (rng.uniform() * 20).rounded() }  // many duplicates
        if count > 3 { values[1] = .infinity; values[2] = .infinity }
        let sorted = values.sorted()
        let ps = [0, 0.005, 0.25, 0.5, 0.9, 0.99, 0.995, 1]
        var scratch = values
        let selected = Percentile.select(&scratch, ps)
        for (p, v) in zip(ps, selected) {
            let expected = Percentile.of(sorted: sorted, p)
            #expect(v == expected || (v.isNaN && expected.isNaN), "p=\(p): \(v) vs \(expected)")
        }
    }
}
