import Foundation

/// A proportion such as a link efficiency, compression ratio or coefficient of variation.
///
/// Parsed from `80%` or `0.8` (both 0.8). The allowed range is the caller's: efficiency
/// lives in (0, 1], a coefficient of variation in [0, ∞).
public struct Fraction: Sendable, Equatable, Hashable, Codable {
    /// The proportion as a plain number (80 % → 0.8).
    public var value: Double

    /// Creates a proportion.
    /// - Parameter value: the plain number, e.g. 0.8 for 80 %.
    public init(_ value: Double) { self.value = value }

    /// Reads `80%`, `0.8` or `12.5 %`.
    /// - Parameters:
    ///   - text: the string to read.
    ///   - range: the allowed values as plain numbers, e.g. `0...1`.
    ///   - openLowerBound: when `true`, the lower end of `range` is excluded (e.g. efficiency > 0).
    /// - Throws: `UnitError`; out-of-range values name the allowed range.
    public static func parse(_ text: String, range: ClosedRange<Double> = 0...1, openLowerBound: Bool = false) throws -> Fraction {
        let q = try QuantityText(text, expected: "a proportion such as 80% or 0.8")
        let value: Double
        switch q.unit {
        case "": value = q.value
        case "%": value = q.value / 100
        default:
            throw UnitError.unknownUnit(input: q.input, unit: q.unit, expected: "a proportion such as 80% or 0.8")
        }
        try Fraction(value).check(range: range, openLowerBound: openLowerBound, input: q.input)
        return Fraction(value)
    }

    /// Throws unless the value lies in `range` (excluding its lower end when asked).
    /// - Throws: `UnitError.outOfRange` naming the range.
    public func check(range: ClosedRange<Double>, openLowerBound: Bool = false, input: String) throws {
        let low = openLowerBound ? value > range.lowerBound : value >= range.lowerBound
        guard value.isFinite, low, value <= range.upperBound else {
            let lowText = (openLowerBound ? "> " : "≥ ") + Quantity.trim(range.lowerBound)
            let highText = range.upperBound.isInfinite ? "" : " and ≤ \(Quantity.trim(range.upperBound))"
            throw UnitError.outOfRange(input: input, requirement: "expected a value \(lowText)\(highText)")
        }
    }

    /// Renders as a percentage, e.g. `80 %`.
    public func formattedPercent() -> String { "\(Quantity.trim(value * 100, decimals: 2)) %" }
}

/// A compound growth rate per period, e.g. `5%/month`.
public struct GrowthRate: Sendable, Equatable, Hashable, Codable {
    /// Growth per month as a plain number (5 %/month → 0.05).
    public var perMonth: Double

    /// Creates a monthly growth rate.
    /// - Parameter perMonth: e.g. 0.05 for 5 % a month; > −1.
    public init(perMonth: Double) { self.perMonth = perMonth }

    /// Reads `5%/month`, `60%/year` (converted to the equivalent compound monthly rate),
    /// `1%/week`, or `0` for no growth.
    /// - Throws: `UnitError` naming the input.
    public static func parse(_ text: String) throws -> GrowthRate {
        let expected = "a growth rate such as 5%/month or 60%/year"
        let q = try QuantityText(text, expected: expected)
        if q.unit.isEmpty && q.value == 0 { return GrowthRate(perMonth: 0) }
        guard q.unit.hasPrefix("%/") else {
            throw UnitError.unknownUnit(input: q.input, unit: q.unit, expected: expected)
        }
        let period = String(q.unit.dropFirst(2)).trimmingCharacters(in: .whitespaces)
        let seconds = try TimeSpan.seconds(inUnit: period, input: q.input, number: numberPart(q))
        let perPeriod = q.value / 100
        guard perPeriod > -1 else {
            throw UnitError.outOfRange(input: q.input, requirement: "growth must be > −100 %")
        }
        let months = seconds / TimeSpan.secondsPerMonth
        return GrowthRate(perMonth: try finiteResult(pow(1 + perPeriod, 1 / months) - 1, input: q.input))
    }

    /// The multiplier after `months` months of compound growth: (1 + g)^months.
    public func factor(afterMonths months: Double) -> Double { pow(1 + perMonth, months) }
}
