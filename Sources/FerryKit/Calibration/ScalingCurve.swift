import FerryModels
import Foundation

/// A Universal Scalability Law fitted to one profile's throughput against streams, with the
/// parameter covariance needed for confidence bands and for the Monte Carlo's rate spread.
///
/// ```
/// X(N) = λN / (1 + σ(N − 1) + κN(N − 1))
/// cov(σ, κ, λ) = s² (JᵀJ)⁻¹,  s² = Σ rᵢ² / (n − 3),  Jᵢ = ∂X(Nᵢ)/∂(σ, κ, λ)
/// se(X(N)) = √(gᵀ cov g),  g = ∂X(N)/∂(σ, κ, λ)          (delta method)
/// ```
public struct ScalingCurve: Sendable, Codable, Equatable {
    /// The fit (σ, κ, λ with standard errors, R², residuals, the points).
    public var fit: USLFit
    /// Covariance of (σ, κ, λ), 3 × 3; NaN entries with exactly three points.
    public var covariance: [[Double]]
    /// Root-mean-square of the relative residuals (Xᵢ − X̂ᵢ)/X̂ᵢ: the run-to-run scatter.
    public var relativeScatter: Double
    /// What X measures, e.g. `bytes/s` or `files/s`.
    public var unit: String
    /// Why no USL was fitted, when the data could not identify σ, κ and λ (the curve is then
    /// flat: X(N) = the median throughput); `nil` for a fitted curve.
    public var notFitted: String?

    /// Fits the USL to the samples and computes the covariance.
    /// - Parameters:
    ///   - samples: (streams, throughput) points, at least 3 distinct stream counts.
    ///   - unit: the throughput unit, for reports.
    /// - Throws: `ScalabilityError` from the fit, except `notIdentifiable`: data the USL cannot
    ///   separate (e.g. throughput flat in N) give a flat curve that says so in `notFitted`.
    public init(samples: [ThroughputSample], unit: String) throws {
        let fit: USLFit
        do { fit = try USLFit.fit(samples) } catch let ScalabilityError.notIdentifiable(reason) {
            fit = USLFit.flat(samples)
            notFitted = reason
        }
        self.fit = fit
        self.unit = unit
        let m = fit.model
        let dof = samples.count - 3
        let ss = fit.residuals.reduce(0) { $0 + $1 * $1 }
        var jtj = [[Double]](repeating: [0, 0, 0], count: 3)
        for s in samples {
            let g = ScalingCurve.gradient(m, s.concurrency)
            for i in 0..<3 { for j in 0..<3 { jtj[i][j] += g[i] * g[j] } }
        }
        if dof > 0, let inv = SmallMatrix.inverse(jtj) {
            let s2 = ss / Double(dof)
            covariance = inv.map { $0.map { $0 * s2 } }
        } else {
            covariance = [[Double]](repeating: [.nan, .nan, .nan], count: 3)
        }
        let rel = zip(samples, fit.residuals).map { $1 / max(m.throughput(at: $0.concurrency), .leastNonzeroMagnitude) }
        relativeScatter = rel.isEmpty ? 0 : (rel.reduce(0) { $0 + $1 * $1 } / Double(rel.count)).squareRoot()
    }

    /// The fitted model.
    public var model: USLModel { fit.model }

    /// ∂X(N)/∂(σ, κ, λ).
    static func gradient(_ m: USLModel, _ n: Double) -> [Double] {
        let d = 1 + m.sigma * (n - 1) + m.kappa * n * (n - 1)
        let x = m.lambda * n / d
        return [-x * (n - 1) / d, -x * n * (n - 1) / d, n / d]
    }

    /// Predicted throughput X(N), in `unit`.
    public func throughput(streams n: Double) -> Double { model.throughput(at: n) }

    /// Standard error of the fitted curve at N (parameter uncertainty only), in `unit`; NaN
    /// when the covariance is unknown.
    public func standardError(streams n: Double) -> Double {
        SmallMatrix.quadratic(ScalingCurve.gradient(model, n), covariance).squareRoot()
    }

    /// Relative uncertainty of a predicted rate at N, for the Monte Carlo's `rate_cv`:
    /// ```
    /// cv(N) = √((se(X(N)) / X(N))² + scatter²)
    /// ```
    /// (the fitted curve's uncertainty plus the run-to-run scatter of single copies).
    public func rateCV(streams n: Double) -> Double {
        let x = throughput(streams: n)
        let se = standardError(streams: n)
        let parameter = (se.isFinite && x > 0) ? se / x : 0
        return (parameter * parameter + relativeScatter * relativeScatter).squareRoot()
    }

    /// The recommended stream count: the smallest N at which one more stream adds less than
    /// `threshold` (5 %) of a single stream's throughput λ, never past the peak N*:
    /// ```
    /// min { N ≥ 1 : X(N + 1) − X(N) < threshold · λ },  capped at ⌊N*⌋ (or ⌈N*⌉ when nearer)
    /// ```
    /// - Parameters:
    ///   - threshold: marginal gain as a fraction of λ (default 0.05).
    ///   - limit: the largest N considered (default 1024).
    public func recommendedStreams(threshold: Double = 0.05, limit: Int = 1024) -> Int {
        let m = model
        var knee = limit
        for n in 1..<limit where m.throughput(at: Double(n + 1)) - m.throughput(at: Double(n)) < threshold * m.lambda {
            knee = n
            break
        }
        if let peak = m.peakConcurrency {
            let below = max(1, Int(peak.rounded(.down))), above = below + 1
            let best = m.throughput(at: Double(above)) > m.throughput(at: Double(below)) ? above : below
            return min(knee, best)
        }
        return knee
    }
}
