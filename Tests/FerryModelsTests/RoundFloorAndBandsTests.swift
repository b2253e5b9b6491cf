import Foundation
import Testing
@testable import FerryModels

/// Delta rounds with a per-round floor (a no-change re-run), P10, and the prediction-error
/// factor of the Monte Carlo. D = 10¹² B at 10⁹ B/s: T₀ = 1000 s, τ = 10⁻⁹ s/B; c = 10⁸ B/s → q = 0.1.
@Suite("Round floor and prediction bands")
struct RoundFloorAndBandsTests {
    let workload = MigrationWorkload(bytes: 1e12, changeRate: 1e8, maxDowntime: 30)
    let path = TransferPath(rate: 1e9)

    @Test("rounds with a floor by hand: T₁ = F + q·T₀, T₂ = F + q·T₁")
    func floorByHand() {
        // F = 10: T₁ = 10 + 100 = 110 > 30; T₂ = 10 + 11 = 21 ≤ 30 → cutover after 2 rounds.
        let plan = MigrationTimeModel.deltaPlan(bulkSeconds: 1000, bytes: 1e12, compressionRatio: 1, effectiveRate: 1e9,
                                                perFileSecondsPerByte: 0, changeRate: 1e8, maxDowntime: 30, floorSeconds: 10)
        #expect(plan.converges)
        #expect(plan.rounds.count == 2)
        expectClose(plan.rounds[0].seconds, 110, relative: 1e-12, "hand calculation")
        expectClose(plan.rounds[1].seconds, 21, relative: 1e-12, "hand calculation")
        expectClose(plan.rounds[0].bytes, 1e11, relative: 1e-12, "c·T₀")
        expectClose(plan.rounds[1].bytes, 1.1e10, relative: 1e-12, "c·T₁")
        #expect(plan.cutoverSeconds == plan.rounds[1].seconds)
    }

    @Test("no floor gives the original rounds; a floor above d(1 − q) never converges")
    func floorLimits() {
        let plain = MigrationTimeModel.deltaPlan(bulkSeconds: 1000, bytes: 1e12, compressionRatio: 1, effectiveRate: 1e9,
                                                 perFileSecondsPerByte: 0, changeRate: 1e8, maxDowntime: 30)
        let zero = MigrationTimeModel.deltaPlan(bulkSeconds: 1000, bytes: 1e12, compressionRatio: 1, effectiveRate: 1e9,
                                                perFileSecondsPerByte: 0, changeRate: 1e8, maxDowntime: 30, floorSeconds: 0)
        #expect(plain == zero)
        // F = 28: level F/(1 − q) = 31.1 s ≥ 30 s.
        let stuck = MigrationTimeModel.deltaPlan(bulkSeconds: 1000, bytes: 1e12, compressionRatio: 1, effectiveRate: 1e9,
                                                 perFileSecondsPerByte: 0, changeRate: 1e8, maxDowntime: 30, floorSeconds: 28)
        #expect(!stuck.converges)
        #expect(stuck.reason?.contains("level off") == true)
        #expect(stuck.rounds.count <= 3)
    }

    @Test("Monte Carlo without spread: the floor's window and cutover equal the hand values")
    func monteCarloFloor() throws {
        var settings = MonteCarloSettings(samples: 1000, seed: 1, rateCV: 0, perFileCV: 0)
        settings.roundFloorSeconds = 10
        let d = try MigrationMonteCarlo.run(workload, over: path, settings: settings)
        expectClose(d.p10Seconds, 1000, relative: 1e-12, "no spread")
        expectClose(try #require(d.windowP50Seconds), 1000 + 110 + 21, relative: 1e-12, "T₀ + T₁ + T₂")
        expectClose(try #require(d.cutoverP50Seconds), 21, relative: 1e-12, "T₂")
        settings.roundFloorSeconds = 28
        let stuck = try MigrationMonteCarlo.run(workload, over: path, settings: settings)
        #expect(stuck.nonConvergingShare == 1)
    }

    @Test("held-out residuals: with residuals {0, ln 2} half the samples double — P10 = T, P90 = 2T, mean 1.5 T")
    func residualFactor() throws {
        var settings = MonteCarloSettings(samples: 10_000, seed: 3, rateCV: 0, perFileCV: 0)
        settings.modelLogResiduals = [0, log(2)]
        let d = try MigrationMonteCarlo.run(MigrationWorkload(bytes: 1e12), over: path, settings: settings)
        expectClose(d.p10Seconds, 1000, relative: 1e-12, "the lower half is exactly T")
        expectClose(d.p90Seconds, 2000, relative: 1e-12, "the upper half is exactly 2T")
        expectClose(d.analyticMeanSeconds, 1500, relative: 1e-12, "T · (e⁰ + e^ln2)/2")
        // Binomial(10,000, ½) share: sd 0.5 % of 500 s around 1500 s; 5 sd tolerance.
        expectClose(d.meanSeconds, 1500, relative: 0.009, "5 standard deviations of the doubled share")
    }

    @Test("centred residuals {−0.2, −0.1, 0, 0.1, 0.2}: P10 = T·e^−0.2, P50 = T, P90 = T·e^0.2 (each value has 20 % of the draws)")
    func centredResidualQuantiles() throws {
        // A discrete uniform law on 5 values: the CDF steps by 0.2 at each, so the 10th
        // percentile is the smallest value, the 50th the middle one and the 90th the largest —
        // exactly, as long as each value's share of 100,000 draws stays within ±0.1 of 0.2
        // (its sd is 0.13 %).
        var settings = MonteCarloSettings(samples: 100_000, seed: 5, rateCV: 0, perFileCV: 0)
        settings.modelLogResiduals = [-0.2, -0.1, 0, 0.1, 0.2]
        let d = try MigrationMonteCarlo.run(MigrationWorkload(bytes: 1e11), over: path, settings: settings)  // T = 100 s
        expectClose(d.p10Seconds, 100 * exp(-0.2), relative: 1e-12, "hand: 81.873 s")
        expectClose(d.p50Seconds, 100, relative: 1e-12, "hand: the middle value")
        expectClose(d.p90Seconds, 100 * exp(0.2), relative: 1e-12, "hand: 122.140 s")
    }

    @Test("run-to-run noise σ = 0.1: P10/P90 = T·e^(∓1.2815516·0.1), P50 = T; analytic mean T·e^(σ²/2)")
    func noiseQuantiles() throws {
        var settings = MonteCarloSettings(samples: 100_000, seed: 9, rateCV: 0, perFileCV: 0)
        settings.modelNoiseSigma = 0.1
        let d = try MigrationMonteCarlo.run(MigrationWorkload(bytes: 1e11), over: path, settings: settings)  // T = 100 s
        // Sampling sd of a quantile of N(0, σ): √(p(1−p)/n)/φ(z)·σ = √(0.09/1e5)/0.1755·0.1 = 0.054 % at P10/P90,
        // 0.040 % at P50; tolerance 0.3 % (over 5 sd).
        expectClose(d.p10Seconds, 100 * exp(-0.12815516), relative: 0.003, "hand: 87.972 s")
        expectClose(d.p50Seconds, 100, relative: 0.003, "hand: the median of e^(σZ) is 1")
        expectClose(d.p90Seconds, 100 * exp(0.12815516), relative: 0.003, "hand: 113.673 s")
        expectClose(d.analyticMeanSeconds, 100 * exp(0.005), relative: 1e-12, "E[e^(σZ)] = e^(σ²/2)")
        settings.modelNoiseSigma = -0.1
        #expect(throws: MigrationError.self) { try MigrationMonteCarlo.run(MigrationWorkload(bytes: 1e11), over: path, settings: settings) }
    }

    @Test("P10 of a lognormal rate matches the quantile z₀.₁ = −1.2815516")
    func p10Lognormal() throws {
        let d = try MigrationMonteCarlo.run(MigrationWorkload(bytes: 1e13), over: TransferPath(rate: 1e8),
                                            settings: MonteCarloSettings(samples: 200_000, seed: 11, rateCV: 0.15))
        let s2 = log(1 + 0.15 * 0.15), s = s2.squareRoot(), mu = log(1e8) - s2 / 2
        expectClose(d.p10Seconds, 1e13 * exp(-mu - s * 1.2815516), relative: 0.01, "sampling error of p10 at n = 200,000")
        #expect(d.p10Seconds < d.p50Seconds)
    }
}
