@preconcurrency internal import CGSL
import Foundation

/// One-dimensional root finding with GSL's Brent–Dekker solver (`gsl_root_fsolver_brent`).
///
/// Used wherever a distribution must be inverted with no closed form, e.g. a response-time
/// percentile: solve `P(R > t) − (1 − p) = 0` for `t`.
public enum RootFinder {
    /// Finds `x` in `[lower, upper]` with `f(x) = 0`.
    ///
    /// Stops when the bracket satisfies `|b − a| < absoluteTolerance + relativeTolerance·|x|`
    /// (`gsl_root_test_interval`).
    /// - Parameters:
    ///   - lower: left end of the bracket.
    ///   - upper: right end, > `lower`; `f(lower)` and `f(upper)` must differ in sign.
    ///   - absoluteTolerance: in the units of `x` (default 0).
    ///   - relativeTolerance: relative to `x` (default 1e-12).
    ///   - maxIterations: iteration cap (default 200).
    ///   - f: the function, continuous on the bracket.
    /// - Returns: the root; an end of the bracket if `f` is exactly 0 there.
    /// - Throws: `SolverError.notBracketed`, `.notConverged` or `.gsl`.
    public static func brent(
        lower: Double, upper: Double,
        absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-12,
        maxIterations: Int = 200,
        _ f: (Double) -> Double
    ) throws -> Double {
        GSL.prepare()
        let fl = f(lower), fu = f(upper)
        if fl == 0 { return lower }
        if fu == 0 { return upper }
        guard fl.isFinite, fu.isFinite, (fl < 0) != (fu < 0) else {
            throw SolverError.notBracketed(lower: lower, upper: upper, valueAtLower: fl, valueAtUpper: fu)
        }
        return try withoutActuallyEscaping(f) { escapable in
            let box = Box(escapable)
            let unmanaged = Unmanaged.passRetained(box)
            defer { unmanaged.release() }
            var function = gsl_function(
                function: { x, params in
                    Unmanaged<Box>.fromOpaque(params!).takeUnretainedValue().f(x)
                },
                params: unmanaged.toOpaque()
            )
            guard let solver = gsl_root_fsolver_alloc(gsl_root_fsolver_brent) else {
                throw SolverError.gsl(status: Int32(GSL_ENOMEM), message: GSL.message(Int32(GSL_ENOMEM)), during: "root solver allocation")
            }
            defer { gsl_root_fsolver_free(solver) }
            var status = gsl_root_fsolver_set(solver, &function, lower, upper)
            guard status == Int32(GSL_SUCCESS) else {
                throw SolverError.gsl(status: status, message: GSL.message(status), during: "root bracketing")
            }
            for _ in 0..<maxIterations {
                status = gsl_root_fsolver_iterate(solver)
                guard status == Int32(GSL_SUCCESS) else {
                    throw SolverError.gsl(status: status, message: GSL.message(status), during: "root iteration")
                }
                let a = gsl_root_fsolver_x_lower(solver), b = gsl_root_fsolver_x_upper(solver)
                if gsl_root_test_interval(a, b, absoluteTolerance, relativeTolerance) == Int32(GSL_SUCCESS) {
                    return gsl_root_fsolver_root(solver)
                }
            }
            throw SolverError.notConverged(iterations: maxIterations, what: "Brent root finding")
        }
    }

    /// Holds the Swift closure for the C callback, passed through `params`.
    private final class Box {
        let f: (Double) -> Double
        init(_ f: @escaping (Double) -> Double) { self.f = f }
    }
}
