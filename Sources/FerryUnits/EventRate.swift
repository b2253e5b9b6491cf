import Foundation

/// A rate of events (requests, calls, files), stored per second.
///
/// Parsed from `1200/s`, `30/min`, `1200 req/s` or `360/30min` (read as 12/min): the
/// denominator is a time unit, optionally with a count. Words before the slash (`req`,
/// `calls`) are allowed and ignored. `rps`, `qps`, `tps` and `Hz` mean per second.
public struct EventRate: Sendable, Equatable, Hashable, Comparable, Codable {
    /// Events per second.
    public var perSecond: Double

    /// Creates an event rate.
    /// - Parameter perSecond: events per second, > 0 for a usable rate.
    public init(perSecond: Double) { self.perSecond = perSecond }

    public static func < (lhs: EventRate, rhs: EventRate) -> Bool { lhs.perSecond < rhs.perSecond }

    static let expected = "an event rate such as 1200/s, 30/min or 1200 req/s"

    /// Reads an event rate.
    /// - Parameters:
    ///   - text: e.g. `1200/s`, `30/min`, `1200 req/s`, `360/30min`, `500rps`.
    ///   - allowZero: whether a zero rate is acceptable (default `false`).
    /// - Throws: `UnitError` naming the input; a bare number is ambiguous (per second? minute?).
    public static func parse(_ text: String, allowZero: Bool = false) throws -> EventRate {
        let q = try QuantityText(text, expected: expected)
        let number = numberPart(q)
        let lowered = q.unit.lowercased()
        if ["rps", "qps", "tps", "hz"].contains(lowered) {
            try checkNonNegative(q.value, allowZero: allowZero, input: q.input, what: "a rate")
            return EventRate(perSecond: q.value)
        }
        guard let slash = q.unit.firstIndex(of: "/") else {
            if q.unit.isEmpty {
                throw UnitError.ambiguousUnit(input: q.input, readings: ["\(number)/s", "\(number)/min", "\(number)/h"])
            }
            throw UnitError.unknownUnit(input: q.input, unit: q.unit, expected: expected)
        }
        let denominator = q.unit[q.unit.index(after: slash)...].trimmingCharacters(in: .whitespaces)
        var per: Double
        if let count = try? QuantityText(denominator, expected: expected) {
            // "360/30min": events per a counted span.
            guard count.value > 0 else {
                throw UnitError.outOfRange(input: q.input, requirement: "the period must be > 0")
            }
            per = count.value * (try TimeSpan.seconds(inUnit: count.unit, input: q.input, number: number))
        } else {
            per = try TimeSpan.seconds(inUnit: denominator, input: q.input, number: number)
        }
        try checkNonNegative(q.value, allowZero: allowZero, input: q.input, what: "a rate")
        return EventRate(perSecond: try finiteResult(q.value / per, input: q.input))
    }

    /// Renders per second (or per minute/hour when small), e.g. `1200/s`, `2.5/min`.
    public func formatted() -> String {
        if perSecond >= 1 || perSecond == 0 { return "\(Quantity.trim(perSecond))/s" }
        if perSecond * 60 >= 1 { return "\(Quantity.trim(perSecond * 60))/min" }
        return "\(Quantity.trim(perSecond * 3600))/h"
    }
}

extension EventRate: CustomStringConvertible {
    public var description: String { formatted() }
}
