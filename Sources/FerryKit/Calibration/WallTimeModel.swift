import FerryModels
import Foundation

/// Predicts the wall time of a copy from its file count, bytes and streams: a fixed start-up
/// cost, a per-file cost and a per-byte cost, each of the last two spread over N streams with
/// its own USL slow-down.
///
/// ```
/// T(F, D, B, N) = t₀ + (a·F + d·D)·s_f(N)/N + b·B·s_b(N)/N
/// s(N)          = 1 + σ(N − 1) + κN(N − 1)          (USL denominator: s = N / speed-up)
/// ```
/// The per-directory cost d (create, walk, set metadata of D directories) is fitted only when
/// the profiles' directories per file differ by at least 2× — otherwise F and D move together
/// and the data cannot tell d from a; then d is `nil` and a carries the directories' cost.
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
    /// d: seconds per directory with one stream; `nil` when the runs could not separate it from a.
    public var perDirectorySeconds: Double?
    /// Standard error of d, seconds; `nil` when d was not fitted.
    public var perDirectoryStandardError: Double?
    /// Why d was left out although the directories per file differed (e.g. its standard error);
    /// `nil` when it was fitted or the data never offered it.
    public var perDirectoryNote: String?

    /// The largest relative standard error se(d)/d at which the per-directory cost is kept. The
    /// bench's file-bound profiles have about the same directories per file (0.11–0.15), so only
    /// the large-file profile (5 directories for 8 files, its time all bytes) "separates" d
    /// from a: the fit then split one per-entry cost into a = 0.16 ms and d = 6.8 ms, ± 500 %,
    /// and over-predicted a real tree with 0.21 directories per file by 2.6×.
    public static let maxDirectoryRelativeError = 0.5
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

    /// T(F, D, B, N) in seconds for the parameter vector `p` (see the type's formula); an 8th
    /// entry is d, the per-directory cost.
    static func seconds(_ p: [Double], files: Double, bytes: Double, streams n: Double, directories: Double = 0) -> Double {
        let sf = 1 + p[3] * (n - 1) + p[4] * n * (n - 1)
        let sb = 1 + p[5] * (n - 1) + p[6] * n * (n - 1)
        let perEntry = p[1] * files + (p.count > 7 ? p[7] * directories : 0)
        return p[0] + perEntry * sf / n + p[2] * bytes * sb / n
    }

    /// Predicted wall time in seconds.
    /// - Parameters:
    ///   - files: regular files, ≥ 0.
    ///   - bytes: bytes of content, ≥ 0.
    ///   - streams: parallel streams, ≥ 1.
    ///   - directories: directories, ≥ 0 (used only when d was fitted).
    public func seconds(files: Double, bytes: Double, streams: Int, directories: Double = 0) -> Double {
        WallTimeModel.seconds(parameters + (perDirectorySeconds.map { [$0] } ?? []), files: files, bytes: bytes,
                              streams: Double(streams), directories: directories)
    }

    /// The per-directory cost in the migration-time model's form at N streams, `d·s_f(N)`
    /// seconds per directory (0 when d was not fitted).
    public func perDirectorySeconds(streams: Int) -> Double {
        let n = Double(streams)
        return (perDirectorySeconds ?? 0) * (1 + fileSigma * (n - 1) + fileKappa * n * (n - 1))
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
        try fit(points: points.map { ($0.files, 0, $0.bytes, $0.streams, $0.seconds) }, start: start, fitDirectories: false)
    }

    /// Whether points support a separate per-directory cost: directories per file differ by at
    /// least `2×` between the points (and every point has files).
    public static func separatesDirectories(_ points: [(files: Double, directories: Double, bytes: Double, streams: Double, seconds: Double)]) -> Bool {
        let ratios = points.filter { $0.files > 0 && $0.directories > 0 }.map { $0.directories / $0.files }
        guard ratios.count == points.count, let lo = ratios.min(), let hi = ratios.max() else { return false }
        return hi >= 2 * lo
    }

    /// Weighted least-squares fit with directories (see the other `fit`); d is fitted when
    /// `fitDirectories` (use `separatesDirectories`).
    public static func fit(points: [(files: Double, directories: Double, bytes: Double, streams: Double, seconds: Double)],
                           start: (fileSigma: Double, fileKappa: Double, byteSigma: Double, byteKappa: Double),
                           fitDirectories: Bool) throws -> WallTimeModel {
        let model = try fitCore(points: points, start: start, fitDirectories: fitDirectories)
        guard fitDirectories, let d = model.perDirectorySeconds else { return model }
        let se = model.perDirectoryStandardError ?? .nan
        // se = 0 means d sits on its bound (fitted as a square, at 0 its delta-method error is 0).
        if d > 0, se.isFinite, se > 0, se <= maxDirectoryRelativeError * d { return model }
        // Not determined by the data: a carries the directories, as when they were never separable.
        var plain = try fitCore(points: points, start: start, fitDirectories: false)
        plain.perDirectoryNote = d > 0 && se > 0
            ? "fitted as \(String(format: "%.3g", d * 1e3)) ± \(se.isFinite ? String(format: "%.2g", se * 1e3) : "n/a") ms, not determined by the data (standard error above \(Int(maxDirectoryRelativeError * 100)) %); a carries the directories"
            : "fitted as 0 (on its bound); a carries the directories"
        return plain
    }

    static func fitCore(points: [(files: Double, directories: Double, bytes: Double, streams: Double, seconds: Double)],
                        start: (fileSigma: Double, fileKappa: Double, byteSigma: Double, byteKappa: Double),
                        fitDirectories: Bool) throws -> WallTimeModel {
        let extra = fitDirectories ? 1 : 0
        guard points.count >= 3 + extra else {
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

        // Solve in scaled units (a and d in ms, b in s/GB) so all parameters are O(0.001–10).
        let scale = [1.0, 1e3, 1e9, 1, 1, 1, 1] + (fitDirectories ? [1e3] : [])
        let x = points.indices.map(Double.init)
        // Every parameter is the square of a solver variable (over its scale), so none can go
        // negative: a negative σ lets b·s_b(N) cancel into a degenerate fit (b → 0, σ → −∞), and a
        // negative t₀ or b predicts negative times for copies unlike the training data.
        func natural(_ t: [Double]) -> [Double] { t.indices.map { t[$0] * t[$0] / scale[$0] } }
        // d(natural)/d(solver variable) per parameter, for standard errors and covariance.
        func jacobian(_ t: [Double]) -> [Double] { t.indices.map { 2 * abs(t[$0]) / scale[$0] } }
        let model: ([Double], Double) -> Double = { t, i in
            let p = points[Int(i)]
            return seconds(natural(t), files: p.files, bytes: p.bytes, streams: p.streams, directories: p.directories)
        }
        let solver = NonlinearLeastSquares(maxIterations: 1000, stepTolerance: 1e-10, gradientTolerance: 1e-10)
        let startValues = [max(linear[0], 1e-4), linear[1], linear[2]] + shape.map { max($0, 1e-6) }
            + (fitDirectories ? [linear[1] * 0.5] : [])
        let initial = zip(startValues, scale).map { ($0 * $1).squareRoot() }
        let count = scale.count
        func make(_ p: [Double], se: [Double], cov: [[Double]], rSquared: Double, fitted: [Double], joint: Bool) -> WallTimeModel {
            var m = WallTimeModel(parameters: Array(p.prefix(7)), standardErrors: Array(se.prefix(7)),
                                  covariance: cov.prefix(7).map { Array($0.prefix(7)) }, rSquared: rSquared,
                                  relativeScatter: relativeScatter(y: y, fitted: fitted), points: points.count, jointFit: joint)
            m.perDirectorySeconds = fitDirectories ? p[7] : nil
            m.perDirectoryStandardError = fitDirectories && se.count > 7 ? se[7] : nil
            return m
        }
        do {
            // Fewer points than parameters cannot determine them all: go straight to the held-shape fit.
            guard points.count >= count else { throw CalibrationError.fitFailed(what: "wall-time", reason: "too few points") }
            let fit = try solver.fit(x: x, y: y, initial: initial, weights: weights, model: model)
            let p = natural(fit.parameters)
            guard p.allSatisfy(\.isFinite), p[1] > 0, p[2] > 0 else {
                throw CalibrationError.fitFailed(what: "wall-time", reason: "non-physical parameters \(p)")
            }
            let d = jacobian(fit.parameters)
            return make(p, se: zip(fit.standardErrors, d).map { $0 * $1 },
                        cov: (0..<count).map { i in (0..<count).map { j in fit.covariance[i][j] * d[i] * d[j] } },
                        rSquared: fit.rSquared, fitted: fit.fitted, joint: true)
        } catch {
            // Fall back: hold σ, κ at their starting values and fit only t₀, a, b (and d).
            let free = [0, 1, 2] + (fitDirectories ? [7] : [])
            func expand(_ u: [Double]) -> [Double] {
                var t = initial
                for (k, index) in free.enumerated() { t[index] = u[k] }
                for index in 3..<7 { t[index] = (shape[index - 3] * scale[index]).squareRoot() }
                return t
            }
            let held: ([Double], Double) -> Double = { u, i in
                let p = points[Int(i)]
                return seconds(natural(expand(u)), files: p.files, bytes: p.bytes, streams: p.streams, directories: p.directories)
            }
            let fit: NonlinearLeastSquares.Fit
            do {
                fit = try solver.fit(x: x, y: y, initial: free.map { initial[$0] }, weights: weights, model: held)
            } catch {
                throw CalibrationError.fitFailed(what: "wall-time", reason: "\(error.localizedDescription)")
            }
            var p = natural(expand(fit.parameters))
            for index in 3..<7 { p[index] = shape[index - 3] }
            let d = jacobian(expand(fit.parameters))
            var cov = [[Double]](repeating: [Double](repeating: .nan, count: count), count: count)
            var se = [Double](repeating: .nan, count: count)
            for (a, i) in free.enumerated() {
                se[i] = fit.standardErrors[a] * d[i]
                for (b, j) in free.enumerated() { cov[i][j] = fit.covariance[a][b] * d[i] * d[j] }
            }
            return make(p, se: se, cov: cov, rSquared: fit.rSquared, fitted: fit.fitted, joint: false)
        }
    }

    static func relativeScatter(y: [Double], fitted: [Double]) -> Double {
        let r = zip(y, fitted).map { ($0 - $1) / $1 }
        return r.isEmpty ? 0 : (r.reduce(0) { $0 + $1 * $1 } / Double(r.count)).squareRoot()
    }
}
