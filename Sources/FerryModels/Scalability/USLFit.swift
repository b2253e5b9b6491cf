import Foundation

/// A Universal Scalability Law fitted to measured (N, X) points by nonlinear least squares.
///
/// All three parameters are free and the fit is plain (unweighted) least squares on X:
/// ```
/// minimise Σ (Xᵢ − λNᵢ / (1 + σ(Nᵢ − 1) + κNᵢ(Nᵢ − 1)))²
/// ```
/// solved by `NonlinearLeastSquares` (GSL trust-region Levenberg–Marquardt) with the analytic
/// Jacobian, started from Gunther's linearisation (λ₀ = max Xᵢ/Nᵢ; then
/// λ₀N/X − 1 = σ(N − 1) + κN(N − 1) by linear least squares).
public struct USLFit: Sendable, Equatable, Codable {
    /// The fitted model.
    public var model: USLModel
    /// Standard errors of σ, κ, λ (in a `USLModel` for naming), from the covariance scaled by
    /// the residual variance; NaN with exactly three points.
    public var standardErrors: USLModel
    /// Coefficient of determination R².
    public var rSquared: Double
    /// Observed minus fitted throughput, per point.
    public var residuals: [Double]
    /// The data fitted.
    public var samples: [ThroughputSample]
    /// Solver iterations.
    public var iterations: Int

    /// Fits the USL.
    /// - Parameter samples: at least 3 points with N ≥ 1 and X > 0.
    /// - Throws: `ScalabilityError.tooFewPoints`, `.badValue`, `.fitFailed`.
    public static func fit(_ samples: [ThroughputSample]) throws -> USLFit {
        guard samples.count >= 3 else { throw ScalabilityError.tooFewPoints(count: samples.count, needed: 3) }
        for (i, s) in samples.enumerated() where !(s.concurrency >= 1 && s.throughput > 0 && s.concurrency.isFinite && s.throughput.isFinite) {
            throw ScalabilityError.badValue(source: "point", line: i + 1, concurrency: s.concurrency, throughput: s.throughput)
        }
        let n = samples.map(\.concurrency)
        let x = samples.map(\.throughput)
        let start = initialGuess(n: n, x: x)
        let result: NonlinearLeastSquares.Fit
        do {
            result = try NonlinearLeastSquares().fit(
                x: n, y: x, initial: [start.sigma, start.kappa, start.lambda],
                model: { p, n in p[2] * n / (1 + p[0] * (n - 1) + p[1] * n * (n - 1)) },
                gradient: { p, n in
                    let d = 1 + p[0] * (n - 1) + p[1] * n * (n - 1)
                    let xv = p[2] * n / d
                    return [-xv * (n - 1) / d, -xv * n * (n - 1) / d, n / d]
                })
        } catch let error as SolverError {
            throw ScalabilityError.fitFailed(reason: error.errorDescription ?? "\(error)")
        }
        let p = result.parameters, se = result.standardErrors
        return USLFit(model: USLModel(sigma: p[0], kappa: p[1], lambda: p[2]),
                      standardErrors: USLModel(sigma: se[0], kappa: se[1], lambda: se[2]),
                      rSquared: result.rSquared, residuals: result.residuals, samples: samples,
                      iterations: result.iterations)
    }

    /// Gunther's linearised estimate, used as the starting point.
    static func initialGuess(n: [Double], x: [Double]) -> USLModel {
        let lambda = zip(n, x).map { $1 / $0 }.max() ?? 1
        // y = λN/X − 1 = σ(N − 1) + κN(N − 1): least squares through the origin in (u, v).
        var suu = 0.0, suv = 0.0, svv = 0.0, suy = 0.0, svy = 0.0
        for (ni, xi) in zip(n, x) {
            let u = ni - 1, v = ni * (ni - 1), y = lambda * ni / xi - 1
            suu += u * u; suv += u * v; svv += v * v; suy += u * y; svy += v * y
        }
        let det = suu * svv - suv * suv
        var sigma = 0.01, kappa = 0.0001
        if abs(det) > 1e-300 {
            sigma = (suy * svv - svy * suv) / det
            kappa = (svy * suu - suy * suv) / det
        }
        if !sigma.isFinite || sigma < 0 { sigma = 1e-3 }
        if !kappa.isFinite || kappa < 0 { kappa = 1e-5 }
        return USLModel(sigma: sigma, kappa: kappa, lambda: lambda)
    }
}

extension USLFit {
    /// Reads two-column CSV text (N, X; header optional) and fits the USL.
    /// - Parameters:
    ///   - csv: the file's contents.
    ///   - source: the file name, for messages.
    /// - Throws: `ScalabilityError` with the file and line for bad rows.
    public static func fit(csv: String, source: String) throws -> USLFit {
        try fit(ThroughputSample.parseCSV(csv, source: source))
    }
}
