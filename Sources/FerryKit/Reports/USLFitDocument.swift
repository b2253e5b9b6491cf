import FerryModels

/// The result of `ferry fit usl`: the fitted Universal Scalability Law, its standard errors and
/// fit quality, the peak, and optionally the most throughput per cost. Throughputs are in the
/// data's own unit; concurrency N is a count (streams, nodes, users).
public struct USLFitDocument: ReportDocument, Sendable {
    public static let kind = "usl_fit"

    /// The standard errors of the three parameters.
    public struct StdErrors: Encodable, Sendable { public var sigma, kappa, lambda: Double }
    /// The N with the most throughput per cost, cost = fixed + N × node price.
    public struct CostOptimum: Encodable, Sendable {
        /// N, a count.
        public var concurrency: Int
        /// X(N), the data's unit.
        public var throughput: Double
        /// fixed + N × price, the prices' currency.
        public var cost: Double
        /// X(N) / cost.
        public var throughputPerCost: Double
        /// Whether N lies beyond the largest measured N.
        public var extrapolated: Bool
    }

    /// Always `usl`.
    public var model = "usl"
    /// σ (contention), κ (coherency), dimensionless; λ, throughput at N = 1.
    public var sigma, kappa, lambda: Double
    /// One standard error per parameter.
    public var stdErrors: StdErrors
    /// Coefficient of determination of the fit.
    public var rSquared: Double
    /// N* = √((1 − σ)/κ); `null` unless the data show a peak (κ > 0 and significantly so at
    /// 95 % against its standard error).
    @EncodedAsNull public var peakConcurrency: Double?
    /// Whether N* lies beyond the largest measured N (an extrapolation of the model).
    public var peakExtrapolated: Bool
    /// The largest measured N, a count.
    public var largestMeasuredConcurrency: Double
    /// Residual degrees of freedom n − 3 (0: no standard errors can be estimated).
    public var degreesOfFreedom: Int
    /// X(N*), the data's unit; `null` without a peak.
    @EncodedAsNull public var peakThroughput: Double?
    /// Data points fitted.
    public var points: Int
    /// Measured − fitted throughput at each point, the data's unit.
    public var residuals: [Double]
    /// The cost optimum when a node price was given.
    public var costOptimum: CostOptimum?

    /// Copies the fit (no arithmetic: the peak comes from the model).
    public init(_ fit: USLFit, optimum: USLCostPoint? = nil) {
        let m = fit.model, se = fit.standardErrors
        sigma = m.sigma
        kappa = m.kappa
        lambda = m.lambda
        stdErrors = StdErrors(sigma: se.sigma, kappa: se.kappa, lambda: se.lambda)
        rSquared = fit.rSquared
        peakConcurrency = fit.peakConcurrency
        peakThroughput = fit.peakThroughput
        peakExtrapolated = fit.peakIsBeyondData
        largestMeasuredConcurrency = fit.largestMeasuredConcurrency
        degreesOfFreedom = fit.degreesOfFreedom
        points = fit.samples.count
        residuals = fit.residuals
        costOptimum = optimum.map {
            CostOptimum(concurrency: $0.concurrency, throughput: $0.throughput, cost: $0.cost, throughputPerCost: $0.throughputPerCost,
                         extrapolated: $0.isExtrapolated)
        }
    }
}

/// Renders a ``USLFitDocument`` in each format.
public enum USLFitOutput {
    /// The document in `format`, ending in a newline.
    public static func render(_ d: USLFitDocument, format: OutputFormat) -> String {
        switch format {
        case .json: return ReportJSON.render(d)
        case .csv:
            var rows = [["sigma", p(d.sigma), p(d.stdErrors.sigma)], ["kappa", p(d.kappa), p(d.stdErrors.kappa)],
                        ["lambda", p(d.lambda), p(d.stdErrors.lambda)], ["r_squared", p(d.rSquared), ""],
                        ["peak_concurrency", d.peakConcurrency.map(p) ?? "", ""],
                        ["peak_throughput", d.peakThroughput.map(p) ?? "", ""], ["points", "\(d.points)", ""]]
            if let o = d.costOptimum { rows.append(["cost_optimal_concurrency", "\(o.concurrency)", ""]) }
            return CSVText.table(header: ["parameter", "value", "std_error"], rows: rows)
        case .md:
            return (["| quantity | value |", "|---|---|"] + rows(d).map { "| \($0.0) | \($0.1) |" }).joined(separator: "\n") + "\n"
        case .text:
            let rows = rows(d)
            let width = rows.map(\.0.count).max() ?? 0
            return rows.map { $0.0.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.1 }.joined(separator: "\n") + "\n"
        }
    }

    static func p(_ x: Double) -> String { ReportNumber.plain(x, decimals: 12) }
    static func g(_ x: Double) -> String { ReportNumber.significant(x, digits: 4) }

    static func rows(_ d: USLFitDocument) -> [(String, String)] {
        // With three points there is no residual variance: say so instead of "± nan".
        let pm = { (x: Double) in x.isFinite ? " ± \(g(x))" : " (no error estimate with \(d.points) points)" }
        let noPeak = d.kappa > 0 && d.sigma < 1 ? "none established (κ not significantly > 0 at 95 %)" : "none (κ = 0 or σ = 1: no peak)"
        var rows: [(String, String)] = [
            ("σ (contention)", "\(g(d.sigma))\(pm(d.stdErrors.sigma))"),
            ("κ (coherency)", "\(g(d.kappa))\(pm(d.stdErrors.kappa))"),
            ("λ (X at N = 1)", "\(g(d.lambda))\(pm(d.stdErrors.lambda))"),
            ("R²", ReportNumber.plain(d.rSquared, decimals: 6)
                + (d.degreesOfFreedom == 0 ? " (3 points for 3 parameters: no residual degrees of freedom)" : "")),
            ("peak N*", d.peakConcurrency.map {
                "\(g($0)) (√((1−σ)/κ))" + (d.peakExtrapolated ? ", beyond the largest measured N (\(g(d.largestMeasuredConcurrency))): extrapolated" : "")
            } ?? noPeak),
            ("peak throughput", d.peakThroughput.map(g) ?? "—"),
            ("points", "\(d.points)"),
        ]
        if let o = d.costOptimum {
            rows.append(("best throughput per cost", "N = \(o.concurrency): X = \(g(o.throughput)), cost \(g(o.cost)), X/cost \(g(o.throughputPerCost))"
                + (o.extrapolated ? " — extrapolated beyond the largest measured N (\(g(d.largestMeasuredConcurrency)))" : "")))
        }
        return rows
    }
}
