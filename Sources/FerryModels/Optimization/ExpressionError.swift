import Foundation

/// Why an expression or constraint could not be read.
///
/// Positions are 1-based character columns in the text as written.
public enum ExpressionError: LocalizedError, Equatable, Sendable {
    /// A token appeared where another was expected.
    case unexpected(found: String, expected: String, position: Int)
    /// A character that starts no token, e.g. `#` or `$`.
    case invalidCharacter(Character, position: Int)
    /// A name that is neither a declared variable nor a known function.
    case unknownVariable(name: String, position: Int, declared: [String])
    /// A function name Ferry does not know, e.g. `tan(x)`.
    case unknownFunction(name: String, position: Int)
    /// A constraint without a relation, or with more than one.
    case missingRelation(position: Int)

    public var errorDescription: String? {
        switch self {
        case let .unexpected(found, expected, position):
            return "at column \(position): expected \(expected), found \(found)"
        case let .invalidCharacter(c, position):
            return "at column \(position): unexpected character '\(c)'"
        case let .unknownVariable(name, position, declared):
            let list = declared.isEmpty ? "none" : declared.joined(separator: ", ")
            return "at column \(position): unknown variable '\(name)'; declared variables: \(list)"
        case let .unknownFunction(name, position):
            return "at column \(position): unknown function '\(name)'; known functions: "
                + Expression.Function.allCases.map(\.rawValue).joined(separator: ", ")
        case let .missingRelation(position):
            return "at column \(position): expected a relation (<=, >= or =) between two expressions"
        }
    }

    /// The 1-based column of the problem.
    public var position: Int {
        switch self {
        case let .unexpected(_, _, p), let .invalidCharacter(_, p), let .unknownVariable(_, p, _),
             let .unknownFunction(_, p), let .missingRelation(p):
            return p
        }
    }
}
