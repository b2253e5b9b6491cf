import Foundation

/// Why a quantity string could not be read.
///
/// Every case carries the input as typed so the message can quote it, and, where the
/// input could mean several things, the readings the user may have meant.
public enum UnitError: LocalizedError, Equatable, Sendable {
    /// The text has no number where one was expected, e.g. `"TB"` or `"fast"`.
    case notANumber(input: String, expected: String)
    /// The number is NaN or infinite.
    case notFinite(input: String)
    /// The unit is not one Ferry knows for this kind of quantity.
    case unknownUnit(input: String, unit: String, expected: String)
    /// The unit could mean more than one thing, e.g. `10T` (TB? TiB? Tb?).
    case ambiguousUnit(input: String, readings: [String])
    /// The value is outside its allowed range, e.g. a negative size or an efficiency above 1.
    case outOfRange(input: String, requirement: String)

    public var errorDescription: String? {
        switch self {
        case let .notANumber(input, expected):
            return "'\(input)' is not a number with a unit; expected \(expected)"
        case let .notFinite(input):
            return "'\(input)' is not a finite number"
        case let .unknownUnit(input, unit, expected):
            return "unknown unit '\(unit)' in '\(input)'; expected \(expected)"
        case let .ambiguousUnit(input, readings):
            return "'\(input)' is ambiguous; did you mean \(readings.joined(separator: " or "))?"
        case let .outOfRange(input, requirement):
            return "'\(input)' is out of range: \(requirement)"
        }
    }
}
