import Foundation

/// Why an ``OptimizationProblem`` could not be solved.
public enum OptimizationError: LocalizedError, Equatable, Sendable {
    /// Integer variables appear in a problem with a nonlinear objective or constraint.
    case integerNonlinear(variables: [String])
    /// A variable's lower bound is above its upper bound (or NaN).
    case badBounds(variable: String, lower: Double, upper: Double)
    /// A linear problem whose objective improves without limit.
    case unbounded(sense: LinearProgram.Sense)
    /// A number the method cannot work with (a bound beyond ±1e30, or an objective, gradient
    /// or constraint that is NaN/∞ at the answer); the text says which.
    case outOfRange(String)

    public var errorDescription: String? {
        switch self {
        case .integerNonlinear(let names):
            return "integer variables (\(names.joined(separator: ", "))) are supported only in linear problems; "
                + "this problem has a nonlinear objective or constraint"
        case let .badBounds(name, lower, upper):
            return "variable '\(name)' has min \(lower) above max \(upper)"
        case .outOfRange(let text):
            return text
        case .unbounded(let sense):
            return "the problem is unbounded: the objective can be \(sense == .minimize ? "decreased" : "increased") without limit (add a bound or constraint)"
        }
    }
}
