import Foundation

/// A Universal Scalability Law fitted to measured (N, X) points by bounded nonlinear least
/// squares.
///
/// ```
/// minimise Σ (Xᵢ − λNᵢ / (1 + σ(Nᵢ − 1) + κNᵢ(Nᵢ − 1)))²   subject to  0 ≤ σ ≤ 1,  κ ≥ 0,  λ > 0
/// ```
/// The bounds are handled exactly by enumerating the active sets: the unconstrained fit and
/// every fit with σ held at 0 or 1 and/or κ held at 0 are solved (the free parameters by
/// `NonlinearLeastSquares`, GSL trust-region Levenberg–Marquardt, with the analytic Jacobian;
/// λ alone in closed form, λ = Σ Xᵢgᵢ / Σ gᵢ² with gᵢ = Nᵢ/dᵢ), and the feasible candidate
/// with the least residual sum of squares wins. Each is started from Gunther's linearisation
/// (λ₀ = max Xᵢ/Nᵢ; then λ₀N/X − 1 = σ(N − 1) + κN(N − 1) by linear least squares) clamped
/// into the bounds, and from two fixed starts.
///
/// Data that cannot identify σ, κ and λ are refused (`ScalabilityError.notIdentifiable`):
/// fewer than three distinct N, a Jacobian whose normalised Gram determinant is below 1e-12
/// (the columns ∂X/∂σ, ∂X/∂κ, ∂X/∂λ are numerically dependent — e.g. all N far from 1), or a
/// λ whose standard error exceeds a quarter of its value (X at N = 1 not known to ±25 %).
public struct USLFit: Sendable, Equatable, Codable {
    /// The fitted model.
    public var model: USLModel
    /// Standard errors of σ, κ, λ (in a `USLModel` for naming), from the covariance
    /// s²(JᵀJ)⁻¹ with the natural-parameter Jacobian at the fit and s² = Σrᵢ²/(n − 3); NaN with
    /// exactly three points (no residual degrees of freedom) — check `hasStandardErrors`.
    public var standardErrors: USLModel
    /// Coefficient of determination R² (1 by construction with three points).
    public var rSquared: Double
    /// Observed minus fitted throughput, per point.
    public var residuals: [Double]
    /// The data fitted.
    public var samples: [ThroughputSample]
    /// Solver iterations (summed over the candidate fits that were solved iteratively).
    public var iterations: Int

    /// Residual degrees of freedom n − 3.
    public var degreesOfFreedom: Int { samples.count - 3 }

    /// Whether standard errors could be estimated (at least four points).
    public var hasStandardErrors: Bool {
        degreesOfFreedom > 0 && standardErrors.sigma.isFinite && standardErrors.kappa.isFinite && standardErrors.lambda.isFinite
    }

    /// The largest measured concurrency N.
    public var largestMeasuredConcurrency: Double { samples.map(\.concurrency).max() ?? 1 }

    /// Whether the data show a retrograde peak: κ > 0 and κ exceeds its two-sided 95 %
    /// Student-t critical value times its standard error,
    /// ```
    /// κ / se(κ) > t(0.975, n − 3)
    /// ```
    /// With three points there is no error estimate, so no peak is claimed.
    public var peakIsSignificant: Bool {
        guard model.kappa > 0, model.sigma < 1, hasStandardErrors else { return false }
        let critical = Distributions.studentTUpperQuantile(0.025, dof: Double(degreesOfFreedom))
        return model.kappa > critical * standardErrors.kappa
    }

    /// N* = √((1 − σ)/κ) when the peak is significant (`peakIsSignificant`), else `nil`.
    public var peakConcurrency: Double? { peakIsSignificant ? model.peakConcurrency : nil }

    /// Whether the significant peak lies beyond the largest measured N, so that N* is an
    /// extrapolation of the model rather than something the data show.
    public var peakIsBeyondData: Bool { peakConcurrency.map { $0 > largestMeasuredConcurrency } ?? false }

    /// X(N*) when the peak is significant, else `nil`; in the data's throughput unit.
    public var peakThroughput: Double? { peakConcurrency.map(model.throughput(at:)) }

    /// Fits the USL.
    /// - Parameter samples: at least 3 points with N ≥ 1 and X > 0, at least 3 distinct N.
    /// - Throws: `ScalabilityError.tooFewPoints`, `.badValue`, `.notIdentifiable`, `.fitFailed`.
    public static func fit(_ samples: [ThroughputSample]) throws -> USLFit {
        guard samples.count >= 3 else { throw ScalabilityError.tooFewPoints(count: samples.count, needed: 3) }
        for (i, s) in samples.enumerated() where !(s.concurrency >= 1 && s.throughput > 0 && s.concurrency.isFinite && s.throughput.isFinite) {
            throw ScalabilityError.badValue(source: "point", line: i + 1, concurrency: s.concurrency, throughput: s.throughput)
        }
        let n = samples.map(\.concurrency)
        let x = samples.map(\.throughput)
        let distinct = Set(n).count
        guard distinct >= 3 else {
            throw ScalabilityError.notIdentifiable(
                "the data have \(distinct) distinct concurrenc\(distinct == 1 ? "y" : "ies") (N = \(Set(n).sorted().map { USLFit.short($0) }.joined(separator: ", "))); σ, κ and λ need measurements at 3 or more different N")
        }

        var best: Candidate?
        var iterations = 0
        for held in HeldSet.all {
            for start in starts(n: n, x: x, held: held) {
                guard let candidate = solve(n: n, x: x, held: held, start: start) else { continue }
                iterations += candidate.iterations
                if best == nil || candidate.sse < best!.sse * (1 - 1e-12) { best = candidate }
            }
        }
        guard let best else {
            throw ScalabilityError.fitFailed(reason: "no candidate fit with 0 ≤ σ ≤ 1, κ ≥ 0 converged")
        }
        let model = best.model
        let fitted = n.map(model.throughput(at:))
        let residuals = zip(x, fitted).map { $0 - $1 }
        let mean = x.reduce(0, +) / Double(x.count)
        let ssTot = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let ssRes = residuals.reduce(0) { $0 + $1 * $1 }
        let rSquared = ssTot > 0 ? 1 - ssRes / ssTot : 1

        // Covariance in the natural parameters: s² (JᵀJ)⁻¹, computed on the column-normalised
        // Gram matrix so its determinant (in (0, 1]) measures identifiability independently of units.
        var gram = [[Double]](repeating: [0, 0, 0], count: 3)
        for ni in n {
            let g = gradient(model, ni)
            for i in 0..<3 { for j in 0..<3 { gram[i][j] += g[i] * g[j] } }
        }
        let scale = (0..<3).map { gram[$0][$0].squareRoot() }
        guard scale.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw ScalabilityError.notIdentifiable("the fitted curve does not depend on every parameter at the measured N")
        }
        let normalised = (0..<3).map { i in (0..<3).map { j in gram[i][j] / (scale[i] * scale[j]) } }
        let determinant = det3(normalised)
        let range = "N from \(short(n.min()!)) to \(short(n.max()!))"
        guard determinant > 1e-12, let inverse = inverse3(normalised) else {
            throw ScalabilityError.notIdentifiable(
                "the data (\(range)) cannot separate σ, κ and λ (their effects on X are numerically indistinguishable); measure at more concurrencies, including N near 1")
        }
        let dof = samples.count - 3
        let s2 = dof > 0 ? ssRes / Double(dof) : .nan
        let se = (0..<3).map { (s2 * inverse[$0][$0]).squareRoot() / scale[$0] }
        if dof > 0, se[2] > 0.25 * model.lambda {
            throw ScalabilityError.notIdentifiable(
                "λ (X at N = 1) = \(short(model.lambda)) ± \(short(se[2])) is not determined by the data (\(range)); measure near N = 1")
        }
        return USLFit(model: model, standardErrors: USLModel(sigma: se[0], kappa: se[1], lambda: se[2]),
                      rSquared: rSquared, residuals: residuals, samples: samples, iterations: iterations)
    }

    /// The node count with the most throughput per cost (see `USLModel.costOptimum`), searched
    /// only up to the peak when the peak is significant, and marked `isExtrapolated` when it lies
    /// beyond the largest measured N.
    /// - Parameters:
    ///   - nodePrice: cost of one node per period, > 0.
    ///   - fixedCost: cost per period independent of N, ≥ 0.
    ///   - minimumThroughput: required X, or `nil`.
    ///   - maxConcurrency: search limit (default 100,000).
    /// - Throws: as `USLModel.costOptimum`.
    public func costOptimum(nodePrice: Double, fixedCost: Double = 0, minimumThroughput: Double? = nil,
                            maxConcurrency: Int = 100_000) throws -> USLCostPoint {
        var point = try model.costOptimum(nodePrice: nodePrice, fixedCost: fixedCost, minimumThroughput: minimumThroughput,
                                          maxConcurrency: maxConcurrency, searchPastPeak: !peakIsSignificant)
        point.largestMeasuredConcurrency = largestMeasuredConcurrency
        return point
    }

    /// Gunther's linearised estimate (unclamped; may lie outside the bounds).
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
        if !sigma.isFinite { sigma = 1e-3 }
        if !kappa.isFinite { kappa = 1e-5 }
        return USLModel(sigma: sigma, kappa: kappa, lambda: lambda)
    }

    // MARK: - Bounded fit by active sets

    /// Which of σ, κ are held at a bound (nil = free).
    struct HeldSet {
        var sigma: Double?
        var kappa: Double?
        static let all: [HeldSet] = [
            HeldSet(sigma: nil, kappa: nil), HeldSet(sigma: 0, kappa: nil), HeldSet(sigma: 1, kappa: nil),
            HeldSet(sigma: nil, kappa: 0), HeldSet(sigma: 0, kappa: 0), HeldSet(sigma: 1, kappa: 0),
        ]
    }

    struct Candidate {
        var model: USLModel
        var sse: Double
        var iterations: Int
    }

    /// Starting (σ, κ) pairs for a held set: the clamped linearisation and two fixed points.
    static func starts(n: [Double], x: [Double], held: HeldSet) -> [(Double, Double)] {
        let guess = initialGuess(n: n, x: x)
        let top = max(n.max() ?? 2, 2)
        let pairs = [(min(max(guess.sigma, 0), 1), max(guess.kappa, 0)), (0.05, 0.1 / (top * top)), (0.5, 1 / (top * top))]
        var result: [(Double, Double)] = []
        for (s, k) in pairs {
            let pair = (held.sigma ?? s, held.kappa ?? k)
            if !result.contains(where: { $0 == pair }) { result.append(pair) }
        }
        return result
    }

    /// λ minimising Σ(Xᵢ − λgᵢ)² for fixed σ, κ: Σ Xᵢgᵢ / Σ gᵢ², gᵢ = Nᵢ/dᵢ.
    static func bestLambda(n: [Double], x: [Double], sigma: Double, kappa: Double) -> Double {
        var sxg = 0.0, sgg = 0.0
        for (ni, xi) in zip(n, x) {
            let g = ni / (1 + sigma * (ni - 1) + kappa * ni * (ni - 1))
            sxg += xi * g; sgg += g * g
        }
        return sgg > 0 ? sxg / sgg : .nan
    }

    static func sse(_ m: USLModel, n: [Double], x: [Double]) -> Double {
        zip(n, x).reduce(0) { acc, p in let r = p.1 - m.throughput(at: p.0); return acc + r * r }
    }

    /// Solves one held set from one start; nil when the solver fails or the result is infeasible.
    static func solve(n: [Double], x: [Double], held: HeldSet, start: (Double, Double)) -> Candidate? {
        let lambda0 = bestLambda(n: n, x: x, sigma: start.0, kappa: start.1)
        guard lambda0.isFinite, lambda0 > 0 else { return nil }
        var free: [Int] = []
        if held.sigma == nil { free.append(0) }
        if held.kappa == nil { free.append(1) }
        var iterations = 0
        var sigma = start.0, kappa = start.1, lambda = lambda0
        if !free.isEmpty {
            let initial = free.map { $0 == 0 ? start.0 : start.1 } + [lambda0]
            func full(_ p: [Double]) -> (Double, Double, Double) {
                var s = held.sigma ?? 0, k = held.kappa ?? 0
                for (slot, index) in free.enumerated() { if index == 0 { s = p[slot] } else { k = p[slot] } }
                return (s, k, p[p.count - 1])
            }
            do {
                let result = try NonlinearLeastSquares().fit(
                    x: n, y: x, initial: initial,
                    model: { p, ni in
                        let (s, k, l) = full(p)
                        return l * ni / (1 + s * (ni - 1) + k * ni * (ni - 1))
                    },
                    gradient: { p, ni in
                        let (s, k, l) = full(p)
                        let g = gradient(USLModel(sigma: s, kappa: k, lambda: l), ni)
                        return free.map { g[$0] } + [g[2]]
                    })
                iterations = result.iterations
                (sigma, kappa, lambda) = full(result.parameters)
            } catch {
                return nil
            }
        }
        // Feasibility in the parameters' own scale: σ within 1e-9 of [0, 1]; κ·N²max within 1e-9 of ≥ 0.
        let top = n.max() ?? 1
        guard sigma.isFinite, kappa.isFinite, lambda.isFinite, lambda > 0,
              sigma >= -1e-9, sigma <= 1 + 1e-9, kappa * top * top >= -1e-9 else { return nil }
        if sigma < 0 || sigma > 1 || kappa < 0 {
            sigma = min(max(sigma, 0), 1)
            kappa = max(kappa, 0)
            lambda = bestLambda(n: n, x: x, sigma: sigma, kappa: kappa)
        }
        let model = USLModel(sigma: sigma, kappa: kappa, lambda: lambda)
        let value = sse(model, n: n, x: x)
        guard value.isFinite else { return nil }
        return Candidate(model: model, sse: value, iterations: iterations)
    }

    /// ∂X(N)/∂(σ, κ, λ).
    static func gradient(_ m: USLModel, _ n: Double) -> [Double] {
        let d = 1 + m.sigma * (n - 1) + m.kappa * n * (n - 1)
        let xv = m.lambda * n / d
        return [-xv * (n - 1) / d, -xv * n * (n - 1) / d, n / d]
    }

    static func det3(_ a: [[Double]]) -> Double {
        a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1])
            - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
            + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0])
    }

    /// Inverse of a 3 × 3 matrix by cofactors; nil when singular.
    static func inverse3(_ a: [[Double]]) -> [[Double]]? {
        let d = det3(a)
        guard d != 0, d.isFinite else { return nil }
        func c(_ r0: Int, _ r1: Int, _ c0: Int, _ c1: Int) -> Double { a[r0][c0] * a[r1][c1] - a[r0][c1] * a[r1][c0] }
        let m: [[Double]] = [
            [c(1, 2, 1, 2), -c(0, 2, 1, 2), c(0, 1, 1, 2)],
            [-c(1, 2, 0, 2), c(0, 2, 0, 2), -c(0, 1, 0, 2)],
            [c(1, 2, 0, 1), -c(0, 2, 0, 1), c(0, 1, 0, 1)],
        ]
        return m.map { $0.map { $0 / d } }
    }

    static func short(_ v: Double) -> String { String(format: "%.6g", v) }
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
