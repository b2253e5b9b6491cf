import Testing
@testable import FerryKit
import FerryModels

/// The recommended stream count against values derived by hand from the USL, not recomputed
/// from the fitted model.
@Suite("Recommended streams against hand-derived values")
struct ScalingCurveReferenceTests {
    /// κ = 0: one more stream adds X(N+1) − X(N) = λ(1 − σ) / ((1 + σ(N − 1))(1 + σN)).
    /// That is below 5 % of λ when (1 + σ(N − 1))(1 + σN) > 20(1 − σ). With u = σN:
    /// (1 − σ + u)(1 + u) = 20(1 − σ) ⇒ u² + (2 − σ)u + (1 − σ) − 20(1 − σ) = 0.
    ///   σ = 0.05: u = (−1.95 + √(1.95² + 4 × 18.05)) / 2 = 3.3840 → N > 67.68 → 68.
    ///   σ = 0.01: u = (−1.99 + √(1.99² + 4 × 18.81)) / 2 = 3.4547 → N > 345.47 → 346.
    /// σ = κ = 0.02 (peak N* = √(0.98/0.02) = 7): X(5) = 500/1.48 = 337.84, X(6) = 600/1.70 =
    ///   352.94, X(7) = 700/1.96 = 357.14; the gain 5→6 is 15.1 ≥ 5, the gain 6→7 is 4.20 < 5 → 6.
    @Test(arguments: [(0.05, 0.0, 68), (0.01, 0.0, 346), (0.02, 0.02, 6)])
    func recommendation(sigma: Double, kappa: Double, expected: Int) throws {
        let model = USLModel(sigma: sigma, kappa: kappa, lambda: 100)
        let samples = [1.0, 2, 4, 8, 16, 32].map { ThroughputSample(concurrency: $0, throughput: model.throughput(at: $0)) }
        let curve = try ScalingCurve(samples: samples, unit: "x")
        #expect(curve.recommendedStreams() == expected)
    }
}
