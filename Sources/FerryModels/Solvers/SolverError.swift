import Foundation

/// Why a numerical solver (root finder, least-squares fit) could not produce an answer.
public enum SolverError: LocalizedError, Equatable, Sendable {
    /// The function has the same sign at both ends of the search interval.
    case notBracketed(lower: Double, upper: Double, valueAtLower: Double, valueAtUpper: Double)
    /// The iteration limit was reached before the tolerance was met.
    case notConverged(iterations: Int, what: String)
    /// GSL reported an error; `message` is GSL's text for the status code.
    case gsl(status: Int32, message: String, during: String)
    /// The inputs cannot be used, e.g. fewer data points than parameters.
    case badInput(String)

    public var errorDescription: String? {
        switch self {
        case let .notBracketed(lower, upper, fl, fu):
            return "no root between \(lower) and \(upper): the function is \(fl) and \(fu) there (same sign)"
        case let .notConverged(iterations, what):
            return "\(what) did not converge in \(iterations) iterations"
        case let .gsl(status, message, during):
            return "GSL error \(status) during \(during): \(message)"
        case let .badInput(text):
            return text
        }
    }
}
