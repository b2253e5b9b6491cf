@preconcurrency internal import CGSL
import Foundation

/// Ordinary linear least squares with GSL (`gsl_multifit_linear`, SVD-based).
///
/// ```
/// minimise ‖y − X β‖²   →   β, cov(β) = s² (XᵀX)⁻¹,  s² = χ² / (n − p)  (GSL scales cov by s²)
/// ```
final class LinearLeastSquares {
    /// The fitted coefficients and their quality.
    struct Fit {
        /// β, one per column of X.
        var coefficients: [Double]
        /// Standard error of each coefficient (0 when n = p).
        var standardErrors: [Double]
        /// Residual sum of squares χ².
        var residualSumOfSquares: Double
        /// Numerical rank of X.
        var rank: Int
    }

    private let n: Int, p: Int

    /// Prepares a fit of `rows` observations and `columns` coefficients (rows ≥ columns ≥ 1).
    /// GSL memory is allocated in `fit`, where a failed allocation is reported (nil), not a crash.
    init(rows: Int, columns: Int) {
        GSL.prepare()
        n = rows
        p = columns
    }

    /// Fits y ≈ X β.
    /// - Parameters:
    ///   - x: `rows` rows of `columns` values each.
    ///   - y: `rows` observations.
    /// - Returns: nil when the shapes do not match, an allocation fails or GSL reports a failure.
    func fit(x: [[Double]], y: [Double]) -> Fit? {
        guard n >= 1, p >= 1, x.count == n, y.count == n, x.allSatisfy({ $0.count == p }),
              let workspace = gsl_multifit_linear_alloc(n, p) else { return nil }
        defer { gsl_multifit_linear_free(workspace) }
        guard let Xm = try? GSLMatrix(n, p, during: "linear least squares"), let Yv = try? GSLVector(n, during: "linear least squares"),
              let cv = try? GSLVector(p, during: "linear least squares"), let covm = try? GSLMatrix(p, p, during: "linear least squares")
        else { return nil }
        let X = Xm.pointer, Y = Yv.pointer, c = cv.pointer, cov = covm.pointer
        for i in 0..<n {
            gsl_vector_set(Y, i, y[i])
            for j in 0..<p { gsl_matrix_set(X, i, j, x[i][j]) }
        }
        var chisq = 0.0
        var rank = 0
        let status = gsl_multifit_linear_tsvd(X, Y, 1e-12, c, cov, &chisq, &rank, workspace)
        guard status == GSL_SUCCESS else { return nil }
        return Fit(coefficients: (0..<p).map { gsl_vector_get(c, $0) },
                   standardErrors: (0..<p).map { max(0, gsl_matrix_get(cov, $0, $0)).squareRoot() },
                   residualSumOfSquares: chisq, rank: rank)
    }
}
