@preconcurrency internal import CGSL
import Foundation

/// Nonlinear least squares with GSL's trust-region solver (`gsl_multifit_nlinear`,
/// Levenberg–Marquardt subproblem), for fitting a model `y ≈ f(θ; x)` to data.
///
/// Minimises
/// ```
/// χ²(θ) = Σᵢ wᵢ (yᵢ − f(θ; xᵢ))²
/// ```
/// and reports standard errors from the covariance `(JᵀWJ)⁻¹` scaled by the residual
/// variance `s² = χ² / (n − p)`, as R's `nls` and GSL's examples do.
///
/// Reusable: the USL fit uses it, and so can any calibration that fits a few parameters to
/// measured points. The model is a Swift closure; it reaches GSL's C callbacks through
/// `params` (`Unmanaged`), never through captures.
public struct NonlinearLeastSquares: Sendable {
    /// Maximum number of trust-region iterations.
    public var maxIterations: Int
    /// Step tolerance: stop when every parameter changes by less than `xtol·(|θᵢ| + xtol)`.
    public var stepTolerance: Double
    /// Gradient tolerance: stop when the scaled gradient is below this.
    public var gradientTolerance: Double
    /// Residual tolerance (GSL's `ftol`); 0 disables it.
    public var residualTolerance: Double

    /// Creates a solver configuration.
    /// - Parameters:
    ///   - maxIterations: iteration cap (default 500).
    ///   - stepTolerance: relative step tolerance (default 1e-12).
    ///   - gradientTolerance: gradient tolerance (default 1e-12).
    ///   - residualTolerance: GSL's `ftol` (default 0, disabled).
    public init(maxIterations: Int = 500, stepTolerance: Double = 1e-12,
                gradientTolerance: Double = 1e-12, residualTolerance: Double = 0) {
        self.maxIterations = maxIterations
        self.stepTolerance = stepTolerance
        self.gradientTolerance = gradientTolerance
        self.residualTolerance = residualTolerance
    }

    /// The outcome of a fit.
    public struct Fit: Sendable {
        /// The fitted parameters θ̂, in the order of the initial guess.
        public var parameters: [Double]
        /// Standard errors of θ̂: √(s² · [(JᵀWJ)⁻¹]ᵢᵢ); NaN when n = p (no residual degrees of freedom).
        public var standardErrors: [Double]
        /// Covariance matrix of θ̂ scaled by s² (p × p, row-major as nested arrays).
        public var covariance: [[Double]]
        /// Observed minus fitted, `yᵢ − f(θ̂; xᵢ)`, unweighted, in the units of y.
        public var residuals: [Double]
        /// The fitted values `f(θ̂; xᵢ)`.
        public var fitted: [Double]
        /// Weighted residual sum of squares χ².
        public var chiSquared: Double
        /// Residual degrees of freedom n − p.
        public var degreesOfFreedom: Int
        /// Coefficient of determination 1 − SS_res / SS_tot (unweighted).
        public var rSquared: Double
        /// Trust-region iterations used.
        public var iterations: Int
    }

    /// Fits `model` to the points `(x[i], y[i])`.
    /// - Parameters:
    ///   - x: predictor values (any units the model understands).
    ///   - y: observations, same count as `x`, at least as many as parameters.
    ///   - initial: starting parameters θ₀ (finite).
    ///   - weights: optional weights wᵢ > 0 (e.g. 1/σᵢ²); `nil` for plain least squares.
    ///   - model: `f(θ, x)`.
    ///   - gradient: optional `∂f/∂θ` at `(θ, x)` (p values); `nil` to let GSL use finite differences.
    /// - Throws: `SolverError.badInput` for mismatched or non-finite input, `.notConverged`
    ///   when the iteration cap is hit, `.gsl` for other solver failures.
    public func fit(
        x: [Double], y: [Double], initial: [Double], weights: [Double]? = nil,
        model: (_ parameters: [Double], _ x: Double) -> Double,
        gradient: ((_ parameters: [Double], _ x: Double) -> [Double])? = nil
    ) throws -> Fit {
        GSL.prepare()
        let n = x.count, p = initial.count
        guard y.count == n else { throw SolverError.badInput("\(x.count) x values but \(y.count) y values") }
        guard p > 0 else { throw SolverError.badInput("no parameters to fit") }
        guard n >= p else { throw SolverError.badInput("\(n) data points cannot determine \(p) parameters") }
        guard x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite), initial.allSatisfy(\.isFinite) else {
            throw SolverError.badInput("data and initial parameters must be finite numbers")
        }
        if let weights {
            guard weights.count == n, weights.allSatisfy({ $0 > 0 && $0.isFinite }) else {
                throw SolverError.badInput("weights must be \(n) positive finite numbers")
            }
        }

        return try withoutActuallyEscaping(model) { model in
            try withoutActuallyEscaping(gradient ?? { _, _ in [] }) { grad in
                let context = Context(x: x, y: y, model: model, gradient: gradient == nil ? nil : grad)
                let unmanaged = Unmanaged.passRetained(context)
                defer { unmanaged.release() }
                return try solve(context: unmanaged, n: n, p: p, initial: initial, weights: weights)
            }
        }
    }

    private func solve(context unmanaged: Unmanaged<Context>, n: Int, p: Int,
                       initial: [Double], weights: [Double]?) throws -> Fit {
        let context = unmanaged.takeUnretainedValue()
        var fdf = gsl_multifit_nlinear_fdf()
        fdf.f = { theta, params, f in
            let ctx = Unmanaged<Context>.fromOpaque(params!).takeUnretainedValue()
            let t = Context.array(theta!)
            for i in 0..<ctx.x.count {
                gsl_vector_set(f, i, ctx.model(t, ctx.x[i]) - ctx.y[i])
            }
            return Int32(GSL_SUCCESS)
        }
        if context.gradient != nil {
            fdf.df = { theta, params, jac in
                let ctx = Unmanaged<Context>.fromOpaque(params!).takeUnretainedValue()
                let t = Context.array(theta!)
                for i in 0..<ctx.x.count {
                    let g = ctx.gradient!(t, ctx.x[i])
                    for j in 0..<t.count { gsl_matrix_set(jac, i, j, g[j]) }
                }
                return Int32(GSL_SUCCESS)
            }
        } else {
            fdf.df = nil
        }
        fdf.fvv = nil
        fdf.n = n
        fdf.p = p
        fdf.params = unmanaged.toOpaque()

        var parameters = gsl_multifit_nlinear_default_parameters()
        parameters.trs = gsl_multifit_nlinear_trs_lm
        guard let workspace = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &parameters, n, p) else {
            throw SolverError.gsl(status: Int32(GSL_ENOMEM), message: GSL.message(Int32(GSL_ENOMEM)), during: "least-squares allocation")
        }
        defer { gsl_multifit_nlinear_free(workspace) }
        let start = try GSLVector(p, during: "least-squares start")
        for (j, v) in initial.enumerated() { gsl_vector_set(start.pointer, j, v) }

        var status: Int32
        if let weights {
            let w = try GSLVector(n, during: "least-squares weights")
            for (i, v) in weights.enumerated() { gsl_vector_set(w.pointer, i, v) }
            status = gsl_multifit_nlinear_winit(start.pointer, w.pointer, &fdf, workspace)
        } else {
            status = gsl_multifit_nlinear_init(start.pointer, &fdf, workspace)
        }
        guard status == Int32(GSL_SUCCESS) else {
            throw SolverError.gsl(status: status, message: GSL.message(status), during: "least-squares initialisation")
        }

        var info: Int32 = 0
        var iterations = 0
        if !Self.isStationary(workspace: workspace, n: n, p: p) {
            status = gsl_multifit_nlinear_driver(maxIterations, stepTolerance, gradientTolerance, residualTolerance,
                                                 nil, nil, &info, workspace)
            iterations = Int(gsl_multifit_nlinear_niter(workspace))
            // GSL's driver reports "no progress" as GSL_EMAXITER: on the first iteration it returns
            // EMAXITER with info = ENOPROG. A point where the residual is (numerically) orthogonal to
            // every Jacobian column is a least-squares stationary point, so the trust region could
            // not improve it: that is success, not a failure to converge.
            if status == Int32(GSL_EMAXITER) || status == Int32(GSL_ENOPROG) {
                if Self.isStationary(workspace: workspace, n: n, p: p) {
                    status = Int32(GSL_SUCCESS)
                } else if status == Int32(GSL_EMAXITER) {
                    throw SolverError.notConverged(iterations: iterations, what: "nonlinear least squares")
                }
            }
            // Int32(GSL_ENOPROG) away from a stationary point: the trust region cannot shrink the
            // residual further; the current point is the best the solver found, so it is kept.
            guard status == Int32(GSL_SUCCESS) || status == Int32(GSL_ENOPROG) else {
                throw SolverError.gsl(status: status, message: GSL.message(status), during: "least-squares iteration")
            }
        }

        guard let position = gsl_multifit_nlinear_position(workspace),
              let residualVector = gsl_multifit_nlinear_residual(workspace),
              let jacobian = gsl_multifit_nlinear_jac(workspace) else {
            throw SolverError.gsl(status: Int32(GSL_EFAULT), message: GSL.message(Int32(GSL_EFAULT)), during: "least-squares result")
        }
        let theta = Context.array(position)
        guard theta.allSatisfy(\.isFinite) else {
            throw SolverError.notConverged(iterations: iterations, what: "nonlinear least squares (non-finite parameters)")
        }
        var chiSquared = 0.0
        status = gsl_blas_ddot(residualVector, residualVector, &chiSquared)
        guard status == Int32(GSL_SUCCESS), chiSquared.isFinite else {
            throw SolverError.gsl(status: status, message: GSL.message(status), during: "residual sum of squares")
        }

        let covarMatrix = try GSLMatrix(p, p, during: "covariance")
        let covar = covarMatrix.pointer
        status = gsl_multifit_nlinear_covar(jacobian, 0.0, covar)
        guard status == Int32(GSL_SUCCESS) else {
            throw SolverError.gsl(status: status, message: GSL.message(status), during: "covariance")
        }
        let dof = n - p
        let s2 = dof > 0 ? chiSquared / Double(dof) : .nan
        var covariance = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        for i in 0..<p { for j in 0..<p { covariance[i][j] = s2 * gsl_matrix_get(covar, i, j) } }
        let standardErrors = (0..<p).map { (covariance[$0][$0]).squareRoot() }

        let fitted = context.x.map { context.model(theta, $0) }
        let residuals = zip(context.y, fitted).map { $0 - $1 }
        let mean = context.y.reduce(0, +) / Double(n)
        let ssTot = context.y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let ssRes = residuals.reduce(0) { $0 + $1 * $1 }
        let rSquared = ssTot > 0 ? 1 - ssRes / ssTot : (ssRes == 0 ? 1 : .nan)

        return Fit(parameters: theta, standardErrors: standardErrors, covariance: covariance,
                   residuals: residuals, fitted: fitted, chiSquared: chiSquared,
                   degreesOfFreedom: dof, rSquared: rSquared, iterations: iterations)
    }

    /// Whether the workspace's current point is a least-squares stationary point: the residual
    /// vector r is orthogonal to every Jacobian column Jⱼ to within 1e-7 in cosine,
    /// ```
    /// |Jⱼᵀr| ≤ 1e-7 · ‖Jⱼ‖ · ‖r‖   for every j,   or ‖r‖ = 0
    /// ```
    /// A scale-free test (unchanged when y or θ are rescaled), so an exact starting point — data
    /// the model fits perfectly — counts as converged.
    private static func isStationary(workspace: UnsafeMutablePointer<gsl_multifit_nlinear_workspace>, n: Int, p: Int) -> Bool {
        guard let r = gsl_multifit_nlinear_residual(workspace), let jac = gsl_multifit_nlinear_jac(workspace) else { return false }
        var rr = 0.0
        for i in 0..<n { let v = gsl_vector_get(r, i); rr += v * v }
        guard rr.isFinite else { return false }
        if rr == 0 { return true }
        for j in 0..<p {
            var dot = 0.0, jj = 0.0
            for i in 0..<n {
                let a = gsl_matrix_get(jac, i, j)
                dot += a * gsl_vector_get(r, i)
                jj += a * a
            }
            guard dot.isFinite, jj.isFinite else { return false }
            if abs(dot) > 1e-7 * (jj * rr).squareRoot() { return false }
        }
        return true
    }

    /// What the C callbacks need, reached through `params`.
    private final class Context {
        let x: [Double]
        let y: [Double]
        let model: ([Double], Double) -> Double
        let gradient: (([Double], Double) -> [Double])?

        init(x: [Double], y: [Double], model: @escaping ([Double], Double) -> Double,
             gradient: (([Double], Double) -> [Double])?) {
            self.x = x
            self.y = y
            self.model = model
            self.gradient = gradient
        }

        static func array(_ v: UnsafePointer<gsl_vector>) -> [Double] {
            (0..<v.pointee.size).map { gsl_vector_get(v, $0) }
        }
    }
}
