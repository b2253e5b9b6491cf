import Foundation

/// A length of time, stored in seconds.
///
/// Parsed from `40ms`, `2h`, `1.5 d`, `36 months`. A month is 730 h (8760 h / 12) and a year
/// 8760 h, the convention cloud price lists use. `m` alone is rejected as ambiguous
/// (minutes or months?), and so is a bare number.
public struct TimeSpan: Sendable, Equatable, Hashable, Comparable, Codable {
    /// The length in seconds.
    public var seconds: Double

    /// Creates a length of time.
    /// - Parameter seconds: seconds, ≥ 0 for a meaningful span.
    public init(seconds: Double) { self.seconds = seconds }

    /// Hours in one billing month (8760 / 12).
    public static let hoursPerMonth = 730.0
    /// Seconds in one billing month (730 h).
    public static let secondsPerMonth = hoursPerMonth * 3600

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.seconds < rhs.seconds }

    /// Time units by spelling, in seconds.
    static let table: [String: Double] = {
        var t: [String: Double] = [:]
        for s in ["ns", "nanosecond", "nanoseconds"] { t[s] = 1e-9 }
        for s in ["us", "µs", "μs", "microsecond", "microseconds"] { t[s] = 1e-6 }
        for s in ["ms", "millisecond", "milliseconds", "msec"] { t[s] = 1e-3 }
        for s in ["s", "sec", "secs", "second", "seconds"] { t[s] = 1 }
        for s in ["min", "mins", "minute", "minutes"] { t[s] = 60 }
        for s in ["h", "hr", "hrs", "hour", "hours"] { t[s] = 3600 }
        for s in ["d", "day", "days"] { t[s] = 86_400 }
        for s in ["w", "wk", "week", "weeks"] { t[s] = 604_800 }
        for s in ["mo", "month", "months"] { t[s] = secondsPerMonth }
        for s in ["y", "yr", "year", "years"] { t[s] = 8760 * 3600 }
        return t
    }()

    static let expected = "a duration such as 40ms, 2h, 30min or 7d"

    /// Seconds in one `unit`, or the right error for the spelling.
    static func seconds(inUnit unit: String, input: String, number: String) throws -> Double {
        if unit.isEmpty {
            throw UnitError.ambiguousUnit(input: input, readings: ["\(number)s", "\(number)min", "\(number)h"])
        }
        if let f = table[unit] { return f }
        if unit == "m" || unit == "M" {
            throw UnitError.ambiguousUnit(input: input, readings: ["\(number)min (minutes)", "\(number)months"])
        }
        if let f = table[unit.lowercased()], unit.count > 1 { return f }
        throw UnitError.unknownUnit(input: input, unit: unit, expected: expected)
    }

    /// Reads a duration such as `40ms`, `2 h`, `30min`, `36 months`.
    /// - Parameters:
    ///   - text: the string to read.
    ///   - allowZero: whether a zero duration is acceptable (default `true`).
    /// - Throws: `UnitError`; negative durations are out of range.
    public static func parse(_ text: String, allowZero: Bool = true) throws -> TimeSpan {
        let q = try QuantityText(text, expected: expected)
        let f = try seconds(inUnit: q.unit, input: q.input, number: numberPart(q))
        try checkNonNegative(q.value, allowZero: allowZero, input: q.input, what: "a duration")
        return TimeSpan(seconds: try finiteResult(q.value * f, input: q.input))
    }

    /// Renders in the unit a person would pick: `850 ms`, `42 s`, `12.5 min`, `27.778 h`, `3.2 d`.
    public func formatted() -> String {
        let s = seconds
        if s.isInfinite { return "∞" }
        if s < 1 && s > 0 { return "\(Quantity.trim(s * 1000, decimals: 3)) ms" }
        if s < 120 { return "\(Quantity.trim(s, decimals: 2)) s" }
        if s < 2 * 3600 { return "\(Quantity.trim(s / 60, decimals: 2)) min" }
        if s < 4 * 86_400 { return "\(Quantity.trim(s / 3600, decimals: 2)) h" }
        return "\(Quantity.trim(s / 86_400, decimals: 2)) d"
    }

    /// Renders as hours with two decimals, the unit migration windows are quoted in: `27.78 h`.
    public var hoursText: String { String(format: "%.2f h", seconds / 3600) }
}

extension TimeSpan: CustomStringConvertible {
    public var description: String { formatted() }
}
