import Foundation
import Testing
@testable import FerryModels

@Suite("Solvers")
struct SolverTests {
    @Test func brentFindsSquareRoot() throws {
        let r = try RootFinder.brent(lower: 0, upper: 2) { $0 * $0 - 2 }
        expectClose(r, 2.0.squareRoot(), relative: 1e-11, "relative tolerance 1e-12")
        #expect(throws: SolverError.self) { try RootFinder.brent(lower: 2, upper: 3) { $0 * $0 - 2 } }
    }

    /// GSL's own example model y = A e^{−λt} + b on exact data (A = 5, λ = 0.1, b = 1).
    @Test(arguments: [true, false])
    func nonlinearLeastSquaresRecoversExactParameters(analyticJacobian: Bool) throws {
        let t = (0..<40).map { Double($0) * 0.75 }
        let y = t.map { 5 * exp(-0.1 * $0) + 1 }
        let model: ([Double], Double) -> Double = { p, t in p[0] * exp(-p[1] * t) + p[2] }
        let analytic: ([Double], Double) -> [Double] = { p, t in
            let e: Double = exp(-p[1] * t)
            return [e, -t * p[0] * e, 1.0]
        }
        let gradient: (([Double], Double) -> [Double])? = analyticJacobian ? analytic : nil
        let fit = try NonlinearLeastSquares().fit(x: t, y: y, initial: [1, 1, 0], model: model, gradient: gradient)
        // Exact data: only solver tolerance and finite-difference Jacobian error remain.
        expectClose(fit.parameters[0], 5, relative: 1e-6, "exact data, solver tolerance")
        expectClose(fit.parameters[1], 0.1, relative: 1e-6, "exact data, solver tolerance")
        expectClose(fit.parameters[2], 1, relative: 1e-6, "exact data, solver tolerance")
        expectClose(fit.rSquared, 1, relative: 1e-10, "exact data")
        #expect(fit.degreesOfFreedom == 37)
    }

    /// Standard errors against the linear-regression formula: a straight line fitted as a
    /// "nonlinear" model must give SE(slope) = √(s² / Σ(x − x̄)²).
    @Test func standardErrorsMatchLinearRegression() throws {
        let x: [Double] = [1, 2, 3, 4, 5, 6]
        let y: [Double] = [2.1, 3.9, 6.2, 7.8, 10.1, 12.2]
        let fit = try NonlinearLeastSquares().fit(x: x, y: y, initial: [0, 0]) { p, x in p[0] + p[1] * x }
        let mx = x.reduce(0, +) / 6, my = y.reduce(0, +) / 6
        let sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let slope = sxy / sxx, intercept = my - slope * mx
        let s2 = zip(x, y).reduce(0) { $0 + pow($1.1 - intercept - slope * $1.0, 2) } / 4
        expectClose(fit.parameters[1], slope, relative: 1e-8, "ordinary least squares closed form")
        expectClose(fit.standardErrors[1], (s2 / sxx).squareRoot(), relative: 1e-6, "OLS standard error; finite-difference Jacobian")
        expectClose(fit.standardErrors[0], (s2 * (1.0 / 6 + mx * mx / sxx)).squareRoot(), relative: 1e-6, "OLS intercept SE")
    }

    @Test func badInput() {
        #expect(throws: SolverError.self) {
            try NonlinearLeastSquares().fit(x: [1, 2], y: [1], initial: [1]) { p, _ in p[0] }
        }
        #expect(throws: SolverError.self) {
            try NonlinearLeastSquares().fit(x: [1], y: [1], initial: [1, 2]) { p, _ in p[0] }
        }
    }
}
