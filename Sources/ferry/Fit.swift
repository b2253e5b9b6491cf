import ArgumentParser
import FerryKit
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
            Plain nonlinear least squares, all three parameters free (GSL trust-region Levenberg–Marquardt). Standard errors come from the covariance scaled by the residual variance. The peak is N* = √((1−σ)/κ).

            With --node-price (and optionally --fixed-cost, --min-throughput) it also reports the N that maximises throughput per cost, cost = fixed + N × node price.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "CSV file: concurrency, throughput.", completion: .file(extensions: ["csv"]))
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
        emit(USLFitOutput.render(USLFitDocument(fit, optimum: optimum), format: global.format))
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
