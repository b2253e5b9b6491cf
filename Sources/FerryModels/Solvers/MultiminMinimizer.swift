@preconcurrency internal import CGSL
import Foundation

/// Unconstrained smooth minimisation with GSL's BFGS (`gsl_multimin_fdfminimizer_vector_bfgs2`).
///
/// The objective is a Swift closure returning the value and gradient; GSL reaches it
/// through the `params` pointer of `gsl_multimin_function_fdf` (an `Unmanaged` reference to
/// this object), never through a capturing C callback.
final class MultiminMinimizer {
    /// f(x) and ∇f(x).
    typealias Objective = ([Double]) -> (value: Double, gradient: [Double])

    /// The result of one minimisation.
    struct Result {
        /// The last iterate.
        var x: [Double]
        /// f at `x`.
        var value: Double
        /// ‖∇f(x)‖∞.
        var gradientNorm: Double
        /// Iterations performed.
        var iterations: Int
        /// Why the iteration stopped early, if it did: GSL's message for a failed
        /// `iterate`/`set` (e.g. "iteration is not making progress"), or "deadline".
        var stoppedBy: String?
    }

    private let n: Int
    private let objective: Objective
    private let state: UnsafeMutablePointer<gsl_multimin_fdfminimizer>
    private let function: UnsafeMutablePointer<gsl_multimin_function_fdf>
    private let start: GSLVector

    /// Allocates a BFGS minimiser for `dimension` variables.
    /// - Parameters:
    ///   - dimension: number of variables, ≥ 1.
    ///   - objective: the function and its gradient.
    /// - Throws: `SolverError.gsl` when GSL cannot allocate the minimiser.
    init(dimension: Int, objective: @escaping Objective) throws {
        GSL.prepare()
        n = dimension
        self.objective = objective
        guard dimension > 0, let minimizer = gsl_multimin_fdfminimizer_alloc(gsl_multimin_fdfminimizer_vector_bfgs2, dimension) else {
            throw SolverError.gsl(status: Int32(GSL_ENOMEM), message: GSL.message(Int32(GSL_ENOMEM)), during: "BFGS allocation (\(dimension) variables)")
        }
        state = minimizer
        do {
            start = try GSLVector(dimension, during: "BFGS start")
        } catch {
            gsl_multimin_fdfminimizer_free(minimizer)
            throw error
        }
        function = .allocate(capacity: 1)
        function.initialize(to: gsl_multimin_function_fdf())
        function.pointee.n = dimension
        function.pointee.f = { x, params in
            let me = Unmanaged<MultiminMinimizer>.fromOpaque(params!).takeUnretainedValue()
            let value = me.objective(me.read(x!)).value
            return value.isFinite ? value : .greatestFiniteMagnitude
        }
        function.pointee.df = { x, params, g in
            let me = Unmanaged<MultiminMinimizer>.fromOpaque(params!).takeUnretainedValue()
            me.write(me.objective(me.read(x!)).gradient, to: g!)
        }
        function.pointee.fdf = { x, params, f, g in
            let me = Unmanaged<MultiminMinimizer>.fromOpaque(params!).takeUnretainedValue()
            let (value, gradient) = me.objective(me.read(x!))
            f!.pointee = value.isFinite ? value : .greatestFiniteMagnitude
            me.write(gradient, to: g!)
        }
    }

    deinit {
        gsl_multimin_fdfminimizer_free(state)
        function.deinitialize(count: 1)
        function.deallocate()
    }

    private func read(_ v: UnsafePointer<gsl_vector>) -> [Double] {
        (0..<n).map { gsl_vector_get(v, $0) }
    }

    private func write(_ values: [Double], to v: UnsafeMutablePointer<gsl_vector>) {
        for (i, value) in values.enumerated() { gsl_vector_set(v, i, value.isFinite ? value : 0) }
    }

    /// Minimises from `x0`.
    /// - Parameters:
    ///   - x0: the starting point.
    ///   - step: size of the first trial step (in the variables' units).
    ///   - gradientTolerance: stop when ‖∇f‖₂ falls below this.
    ///   - maxIterations: iteration cap.
    ///   - deadline: stop (with `stoppedBy = "deadline"`) once this instant has passed.
    /// - Returns: the last iterate; a failed `gsl_multimin_fdfminimizer_set` returns `x0`
    ///   unchanged with `stoppedBy` set, and a failed iterate (e.g. GSL's "no progress") ends
    ///   the run with its message in `stoppedBy`.
    func minimize(from x0: [Double], step: Double, gradientTolerance: Double, maxIterations: Int = 1000,
                  deadline: ContinuousClock.Instant? = nil) -> Result {
        write(x0, to: start.pointer)
        function.pointee.params = Unmanaged.passUnretained(self).toOpaque()
        let setStatus = gsl_multimin_fdfminimizer_set(state, function, start.pointer, step, 0.1)
        guard setStatus == GSL_SUCCESS else {
            let (value, gradient) = objective(x0)
            return Result(x: x0, value: value, gradientNorm: gradient.map(abs).max() ?? 0, iterations: 0,
                          stoppedBy: GSL.message(setStatus))
        }
        var iterations = 0
        var stoppedBy: String?
        var unchanged = 0
        var last = x0
        while iterations < maxIterations {
            if let deadline, ContinuousClock.now >= deadline { stoppedBy = "deadline"; break }
            iterations += 1
            let status = gsl_multimin_fdfminimizer_iterate(state)
            if status != GSL_SUCCESS { stoppedBy = GSL.message(status); break }
            // An iterate that reports success but does not move, 20 times in a row, is stuck.
            let now = read(state.pointee.x)
            unchanged = now == last ? unchanged + 1 : 0
            last = now
            if unchanged >= 20 { stoppedBy = "stalled"; break }
            if gsl_multimin_test_gradient(state.pointee.gradient, gradientTolerance) == GSL_SUCCESS { break }
        }
        let x = read(state.pointee.x)
        let g = read(state.pointee.gradient)
        return Result(x: x, value: state.pointee.f, gradientNorm: g.map(abs).max() ?? 0, iterations: iterations, stoppedBy: stoppedBy)
    }
}
