import Foundation

/// How to sample the uncertainty of a migration estimate.
///
/// The effective rate and the per-file overhead are each lognormal with the point estimate as
/// their **mean** and the given coefficient of variation (standard deviation / mean):
/// ```
/// σ² = ln(1 + cv²),  μ = ln(mean) − σ²/2
/// ```
public struct MonteCarloSettings: Sendable, Equatable, Codable {
    /// Number of samples, ≥ 1 (100,000 gives percentiles to about ±0.5 %).
    public var samples: Int
    /// Seed of GSL's mt19937 generator; the same seed gives the same result.
    public var seed: UInt64
    /// Coefficient of variation of the effective rate, ≥ 0 (0.15 = ±15 %).
    public var rateCV: Double
    /// Coefficient of variation of the per-file overhead, ≥ 0.
    public var perFileCV: Double
    /// Empirical prediction errors of the model, ln(measured / predicted) (a calibration's
    /// held-out residuals): each sample's bulk time is multiplied by exp(r) for an r drawn
    /// uniformly from them, so the bands carry how far the model missed on data it had not
    /// seen. `nil` or empty: no such factor.
    public var modelLogResiduals: [Double]?
    /// Run-to-run noise of one copy as the standard deviation of ln(seconds) (a calibration's
    /// noise floor, 1.4826·MAD/median), ≥ 0: each sample's bulk time is also multiplied by
    /// exp(σ·Z), Z standard normal, so the bands cover how much repeated identical copies
    /// differ. `nil` or 0: no such factor.
    public var modelNoiseSigma: Double?
    /// Seconds every delta round costs even when nothing changed (a no-change re-run: walking
    /// and comparing the whole tree), ≥ 0; `nil` = 0. See `MigrationTimeModel.deltaPlan(…floorSeconds:)`.
    public var roundFloorSeconds: Double?

    /// Creates settings; `perFileCV` defaults to `rateCV`.
    public init(samples: Int = 100_000, seed: UInt64 = 1, rateCV: Double, perFileCV: Double? = nil) {
        self.samples = samples
        self.seed = seed
        self.rateCV = rateCV
        self.perFileCV = perFileCV ?? rateCV
    }

    /// Checks the settings.
    /// - Throws: `MigrationError.invalidInput` naming the bad field.
    public func validate() throws {
        guard samples >= 1 else {
            throw MigrationError.invalidInput(field: "samples", value: Double(samples), requirement: "must be ≥ 1")
        }
        try require(rateCV, "rate_cv")
        try require(perFileCV, "per_file_cv")
        if let f = roundFloorSeconds { try require(f, "round floor (s)") }
        if let s = modelNoiseSigma { try require(s, "model noise sigma") }
        if let r = modelLogResiduals, !r.allSatisfy(\.isFinite) {
            throw MigrationError.invalidInput(field: "model residuals", value: r.first { !$0.isFinite } ?? .nan, requirement: "must be finite")
        }
    }
}

/// The distribution of migration times from a Monte Carlo run.
public struct MigrationDistribution: Sendable, Equatable, Codable {
    /// Samples drawn.
    public var samples: Int
    /// The seed used.
    public var seed: UInt64
    /// Mean of the sampled bulk-copy times, seconds.
    public var meanSeconds: Double
    /// The model's exact mean of the bulk time, seconds:
    /// `E[T] = (wire bytes / R_eff)·(1 + cv²) + files·t_file/streams` (E[1/R] for lognormal R).
    public var analyticMeanSeconds: Double
    /// Percentiles of the bulk-copy time, seconds.
    public var p50Seconds: Double, p90Seconds: Double, p99Seconds: Double
    /// The 10th percentile of the bulk-copy time, seconds (the low end of the P10–P90 band).
    public var p10Seconds: Double = 0
    /// Percentiles of the whole window (bulk + delta rounds + cutover), seconds, when the data
    /// changes; `nil` when a percentile falls among runs that never converge.
    public var windowP50Seconds: Double?, windowP90Seconds: Double?, windowP99Seconds: Double?
    /// Percentiles of the cutover downtime, seconds, over the runs that converge.
    public var cutoverP50Seconds: Double?, cutoverP90Seconds: Double?, cutoverP99Seconds: Double?
    /// Share of samples whose delta rounds never converge, in [0, 1].
    public var nonConvergingShare: Double
    /// A histogram of the bulk time for charts: bin lower edges (s) and counts.
    public var histogram: Histogram
}

/// Equal-width bins over a range.
public struct Histogram: Sendable, Equatable, Codable {
    /// Left edge of the first bin, seconds.
    public var lower: Double
    /// Bin width, seconds.
    public var width: Double
    /// Samples per bin.
    public var counts: [Int]
}
