import ArgumentParser
import FerryModels
import FerryUnits
import Foundation

/// `ferry fit`: fit models to any measured data.
struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit a model to measured data.",
        subcommands: [FitUSL.self]
    )
}

/// `ferry fit usl FILE.csv`: the Universal Scalability Law from (N, throughput) points.
struct FitUSL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usl",
        abstract: "Fit X(N) = λN / (1 + σ(N−1) + κN(N−1)) to two-column CSV (N, throughput; header optional).",
        discussion: """
            Plain nonlinear least squares, all three parameters free (GSL trust-region
            Levenberg–Marquardt). Standard errors come from the covariance scaled by the
            residual variance. The peak is N* = √((1−σ)/κ).

            With --node-price (and optionally --fixed-cost, --min-throughput) it also reports the
            N that maximises throughput per cost, cost = fixed + N × node price.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "CSV file: concurrency, throughput.")
    var file: String

    @Option(help: "Price of one node per period, e.g. $0.20.")
    var nodePrice: String?

    @Option(help: "Cost per period independent of N, e.g. $2.")
    var fixedCost: String?

    @Option(help: "Throughput the chosen N must reach, in the data's unit.")
    var minThroughput: Double?

    func validate() throws {
        if nodePrice == nil && (fixedCost != nil || minThroughput != nil) {
            throw ValidationError("--fixed-cost and --min-throughput need --node-price")
        }
        if let minThroughput, !(minThroughput.isFinite && minThroughput >= 0) {
            throw ValidationError("--min-throughput \(minThroughput) must be a finite number ≥ 0")
        }
    }

    func run() throws {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw FitInputError.unreadable(path: file, reason: (error as NSError).localizedDescription)
        }
        let fit = try USLFit.fit(csv: text, source: file)
        var optimum: USLCostPoint?
        if let nodePrice {
            let price = try amount("--node-price", nodePrice)
            let fixed = try fixedCost.map { try amount("--fixed-cost", $0) } ?? 0
            optimum = try fit.costOptimum(nodePrice: price, fixedCost: fixed, minimumThroughput: minThroughput)
        }
        emit(FitOutput.render(fit, optimum: optimum, format: global.format))
    }

    private func amount(_ name: String, _ text: String) throws -> Double {
        do { return try Money.parse(text).amount } catch { throw ValidationError("\(name): \(Ferry.describe(error))") }
    }
}

/// A data file `ferry fit` could not read.
enum FitInputError: LocalizedError {
    case unreadable(path: String, reason: String)

    var errorDescription: String? {
        switch self {
        case let .unreadable(path, reason): return "cannot read \(path): \(reason)"
        }
    }
}

/// Renders a USL fit.
enum FitOutput {
    static func render(_ fit: USLFit, optimum: USLCostPoint?, format: OutputFormat) -> String {
        let m = fit.model, se = fit.standardErrors
        switch format {
        case .json:
            var object: [String: Any] = [
                "model": "usl",
                "sigma": CapacityJSON.number(m.sigma),
                "kappa": CapacityJSON.number(m.kappa),
                "lambda": CapacityJSON.number(m.lambda),
                "std_errors": [
                    "sigma": CapacityJSON.number(se.sigma),
                    "kappa": CapacityJSON.number(se.kappa),
                    "lambda": CapacityJSON.number(se.lambda),
                ],
                "r_squared": CapacityJSON.number(fit.rSquared),
                "peak_concurrency": fit.peakConcurrency.map(CapacityJSON.number) ?? NSNull(),
                "peak_throughput": fit.peakThroughput.map(CapacityJSON.number) ?? NSNull(),
                "points": fit.samples.count,
                "residuals": fit.residuals.map(CapacityJSON.number),
            ]
            if let o = optimum {
                object["cost_optimum"] = [
                    "concurrency": o.concurrency,
                    "throughput": CapacityJSON.number(o.throughput),
                    "cost": CapacityJSON.number(o.cost),
                    "throughput_per_cost": CapacityJSON.number(o.throughputPerCost),
                    "extrapolated": o.isExtrapolated,
                ]
            }
            return CapacityJSON.encode(object)
        case .csv:
            var lines = ["parameter,value,std_error",
                         "sigma,\(m.sigma),\(se.sigma)", "kappa,\(m.kappa),\(se.kappa)", "lambda,\(m.lambda),\(se.lambda)",
                         "r_squared,\(fit.rSquared),",
                         "peak_concurrency,\(fit.peakConcurrency.map { "\($0)" } ?? ""),",
                         "peak_throughput,\(fit.peakThroughput.map { "\($0)" } ?? ""),"]
            if let o = optimum { lines.append("cost_optimal_concurrency,\(o.concurrency),") }
            return lines.joined(separator: "\n")
        case .md, .text:
            let g = { (x: Double) in String(format: "%.6g", x) }
            // With three points there is no residual variance: say so instead of "± nan".
            let pm = { (x: Double) in x.isFinite ? " ± \(g(x))" : " (no error estimate with \(fit.samples.count) points)" }
            var rows: [(String, String)] = [
                ("σ (contention)", "\(g(m.sigma))\(pm(se.sigma))"),
                ("κ (coherency)", "\(g(m.kappa))\(pm(se.kappa))"),
                ("λ (X at N = 1)", "\(g(m.lambda))\(pm(se.lambda))"),
                ("R²", String(format: "%.6f", fit.rSquared) + (fit.degreesOfFreedom == 0 ? " (3 points for 3 parameters: no residual degrees of freedom)" : "")),
                ("peak N*", fit.peakConcurrency.map { "\(g($0)) (√((1−σ)/κ))" + (fit.peakIsBeyondData ? ", beyond the largest measured N (\(g(fit.largestMeasuredConcurrency))): extrapolated" : "") }
                    ?? (m.peakConcurrency != nil ? "none established (κ not significantly > 0 at 95 %)" : "none (κ = 0 or σ = 1: no peak)")),
                ("peak throughput", fit.peakThroughput.map(g) ?? "—"),
                ("points", "\(fit.samples.count)"),
            ]
            if let o = optimum {
                rows.append(("best throughput per cost", "N = \(o.concurrency): X = \(g(o.throughput)), cost \(g(o.cost)), X/cost \(g(o.throughputPerCost))"
                              + (o.isExtrapolated ? " — extrapolated beyond the largest measured N (\(g(fit.largestMeasuredConcurrency)))" : "")))
            }
            if format == .md {
                return (["| quantity | value |", "|---|---|"] + rows.map { "| \($0.0) | \($0.1) |" }).joined(separator: "\n")
            }
            let width = rows.map(\.0.count).max() ?? 0
            return rows.map { $0.0.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.1 }.joined(separator: "\n")
        }
    }
}
