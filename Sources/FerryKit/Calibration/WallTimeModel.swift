import FerryModels
import Foundation

/// Predicts the wall time of a copy from its file count, bytes and streams: a fixed start-up
/// cost, a per-file cost and a per-byte cost, each of the last two spread over N streams with
/// its own USL slow-down.
///
/// ```
/// T(F, B, N) = t₀ + a·F·s_f(N)/N + b·B·s_b(N)/N
/// s(N)       = 1 + σ(N − 1) + κN(N − 1)          (USL denominator: s = N / speed-up)
/// ```
/// Fitted by weighted nonlinear least squares (weights 1/Tᵢ², i.e. relative errors) with
/// GSL's trust-region solver. Every parameter is fitted as a square so none goes negative: a
/// negative start-up cost made held-out predictions of short copies negative, and a negative
/// σ let the per-byte term cancel into a degenerate fit (b → 0, σ → −∞). The model therefore
/// describes sub-linear scaling only (σ, κ ≥ 0), which is what copies on one machine show; at
/// a parameter of exactly 0 its delta-method standard error is 0.
public struct WallTimeModel: Sendable, Codable, Equatable {
    /// t₀: seconds per run independent of the data (start-up, manifest, directory walk set-up).
    public var fixedSeconds: Double
    /// a: seconds per file with one stream (open, create, metadata, rename, manifest row).
    public var perFileSeconds: Double
    /// b: seconds per byte with one stream (1/b is the single-stream byte rate, bytes/s).
    public var perByteSeconds: Double
    /// σ of the per-file work (contention).
    public var fileSigma: Double
    /// κ of the per-file work (coherency).
    public var fileKappa: Double
    /// σ of the per-byte work.
    public var byteSigma: Double
    /// κ of the per-byte work.
    public var byteKappa: Double
    /// Standard errors in the order of `parameterNames`, same units as the parameters.
    public var standardErrors: [Double]
    /// Covariance of the parameters in the order of `parameterNames`.
    public var covariance: [[Double]]
    /// Coefficient of determination of T (unweighted).
    public var rSquared: Double
    /// Root-mean-square relative residual (Tᵢ − T̂ᵢ)/T̂ᵢ.
    public var relativeScatter: Double
    /// Samples fitted.
    public var points: Int
    /// Whether σ and κ were fitted jointly (`true`) or held at the per-profile USL values
    /// because the joint fit failed (`false`).
    public var jointFit: Bool

    /// Parameter names, in the order of `standardErrors` and `covariance`.
    public static let parameterNames = ["fixed_seconds", "per_file_seconds", "per_byte_seconds",
                                        "file_sigma", "file_kappa", "byte_sigma", "byte_kappa"]

    /// The parameter vector in `parameterNames` order.
    public var parameters: [Double] {
        [fixedSeconds, perFileSeconds, perByteSeconds, fileSigma, fileKappa, byteSigma, byteKappa]
    }

    /// Creates a model from a parameter vector in `parameterNames` order.
    public init(parameters p: [Double], standardErrors: [Double] = [], covariance: [[Double]] = [],
                rSquared: Double = .nan, relativeScatter: Double = .nan, points: Int = 0, jointFit: Bool = true) {
        fixedSeconds = p[0]
        perFileSeconds = p[1]
        perByteSeconds = p[2]
        fileSigma = p[3]
        fileKappa = p[4]
        byteSigma = p[5]
        byteKappa = p[6]
        self.standardErrors = standardErrors.isEmpty ? [Double](repeating: .nan, count: 7) : standardErrors
        self.covariance = covariance
        self.rSquared = rSquared
        self.relativeScatter = relativeScatter
        self.points = points
        self.jointFit = jointFit
    }

    /// T(F, B, N) in seconds for the parameter vector `p` (see the type's formula).
    static func seconds(_ p: [Double], files: Double, bytes: Double, streams n: Double) -> Double {
        let sf = 1 + p[3] * (n - 1) + p[4] * n * (n - 1)
        let sb = 1 + p[5] * (n - 1) + p[6] * n * (n - 1)
        return p[0] + p[1] * files * sf / n + p[2] * bytes * sb / n
    }

    /// Predicted wall time in seconds.
    /// - Parameters:
    ///   - files: regular files, ≥ 0.
    ///   - bytes: bytes of content, ≥ 0.
    ///   - streams: parallel streams, ≥ 1.
    public func seconds(files: Double, bytes: Double, streams: Int) -> Double {
        WallTimeModel.seconds(parameters, files: files, bytes: bytes, streams: Double(streams))
    }

    /// The per-file cost in the migration-time model's form: seconds per file such that
    /// `files × perFileSeconds(N) / N` is this model's per-file term at N streams, `a·s_f(N)`.
    public func perFileSeconds(streams: Int) -> Double {
        let n = Double(streams)
        return perFileSeconds * (1 + fileSigma * (n - 1) + fileKappa * n * (n - 1))
    }

    /// Predicted byte rate of the per-byte term at N streams, bytes/s: `N / (b·s_b(N))`.
    public func byteRate(streams: Int) -> Double {
        let n = Double(streams)
        return n / (perByteSeconds * (1 + byteSigma * (n - 1) + byteKappa * n * (n - 1)))
    }

    /// Weighted least-squares fit.
    /// - Parameters:
    ///   - points: (files, bytes, streams, seconds) per timed copy, from at least two profiles
    ///     with different bytes per file; with fewer than 7 points (or when the joint fit fails)
    ///     σ and κ are held at `start` and only t₀, a, b are fitted (at least 3 points).
    ///   - start: σ_f, κ_f, σ_b, κ_b to start from (e.g. the file-rate USL of the most
    ///     file-bound profile and the byte USL of the most byte-bound one).
    /// - Throws: `CalibrationError.fitFailed`.
    public static func fit(points: [(files: Double, bytes: Double, streams: Double, seconds: Double)],
                           start: (fileSigma: Double, fileKappa: Double, byteSigma: Double, byteKappa: Double)) throws -> WallTimeModel {
        guard points.count >= 3 else {
            throw CalibrationError.fitFailed(what: "wall-time", reason: "\(points.count) points cannot determine t₀, a and b")
        }
        let y = points.map(\.seconds)
        let weights = y.map { 1 / ($0 * $0) }
        let shape = [start.fileSigma, start.fileKappa, start.byteSigma, start.byteKappa]
        // Linear start for (t₀, a, b) with the shape parameters held: weighted normal equations.
        var ata = [[Double]](repeating: [0, 0, 0], count: 3), aty = [0.0, 0, 0]
        for (i, p) in points.enumerated() {
            let n = p.streams
            let row = [1, p.files * (1 + shape[0] * (n - 1) + shape[1] * n * (n - 1)) / n,
                       p.bytes * (1 + shape[2] * (n - 1) + shape[3] * n * (n - 1)) / n]
            for r in 0..<3 {
                aty[r] += weights[i] * row[r] * y[i]
                for c in 0..<3 { ata[r][c] += weights[i] * row[r] * row[c] }
            }
        }
        var linear = SmallMatrix.solve(ata, aty) ?? [0, 1e-4, 1e-9]
        linear[0] = max(linear[0], 0)
        linear[1] = max(linear[1], 1e-7)
        linear[2] = max(linear[2], 1e-12)

        // Solve in scaled units (a in ms/file, b in s/GB) so all parameters are O(0.001–10).
        let scale = [1.0, 1e3, 1e9, 1, 1, 1, 1]
        let x = points.indices.map(Double.init)
        // Every parameter is the square of a solver variable (over its scale), so none can go
        // negative: a negative σ lets b·s_b(N) cancel into a degenerate fit (b → 0, σ → −∞), and a
        // negative t₀ or b predicts negative times for copies unlike the training data.
        func natural(_ t: [Double]) -> [Double] { t.indices.map { t[$0] * t[$0] / scale[$0] } }
        // d(natural)/d(solver variable) per parameter, for standard errors and covariance.
        func jacobian(_ t: [Double]) -> [Double] { t.indices.map { 2 * abs(t[$0]) / scale[$0] } }
        let model: ([Double], Double) -> Double = { t, i in
            let p = points[Int(i)]
            return seconds(natural(t), files: p.files, bytes: p.bytes, streams: p.streams)
        }
        let solver = NonlinearLeastSquares(maxIterations: 1000, stepTolerance: 1e-10, gradientTolerance: 1e-10)
        let initial = zip([max(linear[0], 1e-4), linear[1], linear[2]] + shape.map { max($0, 1e-6) }, scale)
            .map { ($0 * $1).squareRoot() }
        do {
            // Fewer than 7 points cannot determine all seven: go straight to the held-shape fit.
            guard points.count >= 7 else { throw CalibrationError.fitFailed(what: "wall-time", reason: "too few points") }
            let fit = try solver.fit(x: x, y: y, initial: initial, weights: weights, model: model)
            let p = natural(fit.parameters)
            guard p.allSatisfy(\.isFinite), p[1] > 0, p[2] > 0 else {
                throw CalibrationError.fitFailed(what: "wall-time", reason: "non-physical parameters \(p)")
            }
            let d = jacobian(fit.parameters)
            return WallTimeModel(parameters: p, standardErrors: zip(fit.standardErrors, d).map { $0 * $1 },
                                 covariance: (0..<7).map { i in (0..<7).map { j in fit.covariance[i][j] * d[i] * d[j] } },
                                 rSquared: fit.rSquared, relativeScatter: relativeScatter(y: y, fitted: fit.fitted),
                                 points: points.count, jointFit: true)
        } catch {
            // Fall back: hold σ, κ at their starting values and fit only t₀, a, b.
            let held: ([Double], Double) -> Double = { t, i in
                let p = points[Int(i)]
                return seconds(Array(natural(t + [0, 0, 0, 0]).prefix(3)) + shape, files: p.files, bytes: p.bytes, streams: p.streams)
            }
            let fit: NonlinearLeastSquares.Fit
            do {
                fit = try solver.fit(x: x, y: y, initial: Array(initial.prefix(3)), weights: weights, model: held)
            } catch {
                throw CalibrationError.fitFailed(what: "wall-time", reason: "\(error.localizedDescription)")
            }
            let t = fit.parameters
            let p = Array(natural(t + [0, 0, 0, 0]).prefix(3)) + shape
            let d = Array(jacobian(t + [0, 0, 0, 0]).prefix(3))
            var cov = [[Double]](repeating: [Double](repeating: .nan, count: 7), count: 7)
            for i in 0..<3 { for j in 0..<3 { cov[i][j] = fit.covariance[i][j] * d[i] * d[j] } }
            let se = zip(fit.standardErrors, d).map { $0 * $1 } + [Double](repeating: .nan, count: 4)
            return WallTimeModel(parameters: p, standardErrors: se, covariance: cov, rSquared: fit.rSquared,
                                 relativeScatter: relativeScatter(y: y, fitted: fit.fitted), points: points.count, jointFit: false)
        }
    }

    static func relativeScatter(y: [Double], fitted: [Double]) -> Double {
        let r = zip(y, fitted).map { ($0 - $1) / $1 }
        return r.isEmpty ? 0 : (r.reduce(0) { $0 + $1 * $1 } / Double(r.count)).squareRoot()
    }
}
