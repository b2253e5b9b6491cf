import Foundation

/// Why scalability data could not be read or fitted.
public enum ScalabilityError: LocalizedError, Equatable, Sendable {
    /// Fewer usable points than the model has parameters.
    case tooFewPoints(count: Int, needed: Int)
    /// A CSV row that is not two numbers.
    case badRow(source: String, line: Int, text: String)
    /// A concurrency below 1 or a throughput that is not positive.
    case badValue(source: String, line: Int, concurrency: Double, throughput: Double)
    /// The fit failed; `reason` is the solver's message.
    case fitFailed(reason: String)
    /// A node price or fixed cost that is negative, zero where it must not be, or not finite.
    case badPrice(Double)
    /// No node count meets the required throughput.
    case throughputUnreachable(required: Double, best: Double, atConcurrency: Int)
    /// Invalid USL parameters (e.g. λ ≤ 0).
    case badParameters(String)
    /// The data cannot determine σ, κ and λ (e.g. every point at one N, or no point near N = 1);
    /// the text says what is missing.
    case notIdentifiable(String)

    public var errorDescription: String? {
        switch self {
        case let .tooFewPoints(count, needed):
            return "\(count) data point\(count == 1 ? "" : "s") cannot determine \(needed) parameters; need at least \(needed)"
        case let .badRow(source, line, text):
            return "\(source):\(line): expected two numbers (concurrency, throughput), got '\(text)'"
        case let .badValue(source, line, n, x):
            return "\(source):\(line): concurrency \(n) must be ≥ 1 and throughput \(x) must be > 0"
        case let .fitFailed(reason):
            return "USL fit failed: \(reason)"
        case let .badPrice(value):
            return "price \(value) must be a finite number: a node price > 0, a fixed cost ≥ 0"
        case let .throughputUnreachable(required, best, n):
            return "required throughput \(required)/s is above the model's best, \(String(format: "%.6g", best))/s at N = \(n)"
        case let .badParameters(text):
            return text
        case let .notIdentifiable(text):
            return "USL fit refused: \(text)"
        }
    }
}
