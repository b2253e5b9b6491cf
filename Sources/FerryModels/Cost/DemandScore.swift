import Foundation

/// A weighted resource-demand score (S3-1):
/// ```
/// R = w_0 + Σ_i w_i x_i        e.g. 4C + 0.5M + 2S + 0.1N = 429 for (4, 16, 200, 50)
/// ```
/// The weights are the user's, or fitted by least squares to past (x, R) observations.
public struct DemandScore: Sendable {
    /// The inputs' names, e.g. `cpu`, `memory`, `storage`, `network`.
    public var names: [String]
    /// One weight per input (score units per input unit).
    public var weights: [Double]
    /// Constant term w_0 (0 unless fitted with an intercept).
    public var intercept: Double
    /// Standard errors of the fitted weights (empty for user weights).
    public var standardErrors: [Double]
    /// Residual sum of squares of the fit (nil for user weights).
    public var residualSumOfSquares: Double?

    /// A score with the user's weights.
    public init(names: [String], weights: [Double], intercept: Double = 0) {
        self.names = names
        self.weights = weights
        self.intercept = intercept
        standardErrors = []
        residualSumOfSquares = nil
    }

    /// The score of one observation.
    /// - Parameter values: one value per input, in `names` order.
    public func score(_ values: [Double]) -> Double {
        zip(weights, values).reduce(intercept) { $0 + $1.0 * $1.1 }
    }

    /// Fits the weights to history by ordinary least squares (GSL `gsl_multifit_linear_tsvd`).
    /// - Parameters:
    ///   - names: the inputs' names.
    ///   - history: one row of input values per observation.
    ///   - observed: the observed demand for each row.
    ///   - intercept: whether to fit a constant term.
    /// - Throws: `CostError.invalid` when there are fewer observations than weights, rows of
    ///   the wrong length, or the inputs are collinear.
    public static func fit(names: [String], history: [[Double]], observed: [Double], intercept: Bool = false) throws -> DemandScore {
        let p = names.count + (intercept ? 1 : 0)
        guard history.count == observed.count else {
            throw CostError.invalid(name: "history", value: Double(history.count), requirement: "expected one observed demand per row (\(observed.count))")
        }
        guard history.count >= p, p > 0 else {
            throw CostError.invalid(name: "history rows", value: Double(history.count), requirement: "expected at least \(p) to fit \(p) weights")
        }
        for (i, row) in history.enumerated() where row.count != names.count {
            throw CostError.invalid(name: "history row \(i + 1) length", value: Double(row.count), requirement: "expected \(names.count) values")
        }
        let x = history.map { intercept ? [1] + $0 : $0 }
        guard let fit = LinearLeastSquares(rows: x.count, columns: p).fit(x: x, y: observed) else {
            throw CostError.invalid(name: "history", value: Double(history.count), requirement: "the least-squares fit failed")
        }
        guard fit.rank == p else {
            throw CostError.invalid(name: "history rank", value: Double(fit.rank), requirement: "the inputs are collinear; expected rank \(p)")
        }
        var score = DemandScore(names: names, weights: Array(fit.coefficients.suffix(names.count)),
                                intercept: intercept ? fit.coefficients[0] : 0)
        score.standardErrors = Array(fit.standardErrors.suffix(names.count))
        score.residualSumOfSquares = fit.residualSumOfSquares
        return score
    }
}
