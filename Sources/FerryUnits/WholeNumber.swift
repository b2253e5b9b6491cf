import Foundation

/// Double → Int conversions that never trap.
///
/// `Int(x)` stops the process when x is NaN, infinite or beyond ±9.22·10¹⁸; every count Ferry
/// derives from a computed Double (servers, rounds, nodes, customers) goes through here, so an
/// extreme input becomes an error message (exit 1) instead of a crash. Ranges are checked on
/// the Double, before any conversion.
public enum WholeNumber {
    /// 2⁶³ as a Double: the first Double above `Int.max` (`Double(Int.max)` rounds up to it).
    static let twoToThe63 = 9_223_372_036_854_775_808.0

    /// `value` rounded by `rule`, as an `Int`, when it is finite and the rounded value lies in
    /// `range`; otherwise `nil`.
    /// - Parameters:
    ///   - value: any Double.
    ///   - rule: rounding rule (default: to nearest, ties away from zero).
    ///   - range: the accepted whole numbers (default: every `Int`).
    public static func int(_ value: Double, rounding rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero,
                           in range: ClosedRange<Int> = Int.min...Int.max) -> Int? {
        guard value.isFinite else { return nil }
        let r = value.rounded(rule)
        guard r >= -twoToThe63, r < twoToThe63 else { return nil }
        let n = Int(r)
        return range.contains(n) ? n : nil
    }

    /// As `int(_:rounding:in:)`, but an out-of-range value is an error naming `field`.
    /// - Throws: `UnitError.outOfRange` quoting the value and the accepted range.
    public static func int(_ value: Double, field: String, rounding rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero,
                           in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int {
        guard let n = int(value, rounding: rule, in: range) else {
            throw UnitError.outOfRange(input: "\(field) = \(text(value))",
                                       requirement: "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }

    /// `value` rounded by `rule` and clamped into `range` (NaN maps to the lower bound): for
    /// quantities only shown in messages, e.g. "needs at least N servers".
    public static func clamped(_ value: Double, rounding rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero,
                               to range: ClosedRange<Int> = Int.min...Int.max) -> Int {
        guard !value.isNaN else { return range.lowerBound }
        let r = value.rounded(rule)
        if r <= Double(range.lowerBound) { return range.lowerBound }
        if r >= min(Double(range.upperBound), twoToThe63) { return range.upperBound }
        return Int(r)
    }

    /// A count for messages: whole digits when it fits an `Int` (`"1200"`), otherwise `%.6g`
    /// (`"1e+301"`, `"inf"`).
    public static func text(_ value: Double) -> String {
        if let n = int(value, rounding: .towardZero), Double(n) == value { return "\(n)" }
        return String(format: "%.6g", value)
    }
}
