import Foundation

/// A price per unit of something: `0.09/GB` (per byte amount), `120/h` (per time),
/// `0.023/GB-month` (per byte per time), `$10/core-month` (per count per time).
///
/// Stored in base units: currency per byte, per second, or per byte-second, or per
/// `count`-second for named counts (core, Mbps, …).
public struct UnitPrice: Sendable, Equatable, Hashable {
    /// What the price is per.
    public enum Basis: Sendable, Equatable, Hashable {
        /// Per byte.
        case bytes
        /// Per second.
        case time
        /// Per byte per second (storage).
        case byteTime
        /// Per named unit per second, e.g. `core` or `Mbps` (the unit as written).
        case countTime(String)
        /// Per named unit, e.g. `request`.
        case count(String)
    }

    /// Currency units per base unit (per byte, per second, per byte-second, …).
    public var perBaseUnit: Double
    /// ISO 4217 code.
    public var currency: String
    /// What the base unit is.
    public var basis: Basis

    /// Creates a price.
    public init(perBaseUnit: Double, currency: String = "USD", basis: Basis) {
        self.perBaseUnit = perBaseUnit
        self.currency = currency
        self.basis = basis
    }

    /// Currency per GB (10^9 bytes); only meaningful for `.bytes`.
    public var perGB: Double { perBaseUnit * 1e9 }
    /// Currency per hour; only meaningful for `.time`.
    public var perHour: Double { perBaseUnit * 3600 }
    /// Currency per GB-month (730 h); only meaningful for `.byteTime`.
    public var perGBMonth: Double { perBaseUnit * 1e9 * TimeSpan.secondsPerMonth }
    /// Currency per unit-month (730 h); only meaningful for `.countTime`.
    public var perUnitMonth: Double { perBaseUnit * TimeSpan.secondsPerMonth }

    /// Reads `0.09/GB`, `$120/h`, `0.023/GB-month`, `10/core-month`, `15 USD/Mbps-month`.
    /// - Parameters:
    ///   - text: the price.
    ///   - expecting: the basis required (nil: any); `.countTime("")` accepts any named unit.
    /// - Throws: `UnitError` naming the input and what was expected.
    public static func parse(_ text: String, expecting: Basis? = nil) throws -> UnitPrice {
        let expected = "a price such as 0.09/GB, 120/h, 0.023/GB-month or 10/core-month"
        guard let slash = text.lastIndex(of: "/") else {
            throw UnitError.notANumber(input: text, expected: expected)
        }
        let money = try Money.parse(String(text[..<slash]))
        guard money.amount >= 0 else {
            throw UnitError.outOfRange(input: text, requirement: "a price must be ≥ 0")
        }
        let per = String(text[text.index(after: slash)...]).trimmingCharacters(in: .whitespaces)
        guard !per.isEmpty else { throw UnitError.notANumber(input: text, expected: expected) }
        var parts = per.split(whereSeparator: { $0 == "-" || $0 == "·" || $0 == "*" }).map(String.init)
        var seconds: Double?
        if parts.count == 2, let s = TimeSpan.table[parts[1]] ?? TimeSpan.table[parts[1].lowercased()] {
            seconds = s
            parts.removeLast()
        }
        let unit = parts.joined(separator: "-")
        let price: UnitPrice
        if let byteUnit = ByteUnit.table[unit] {
            price = seconds.map { UnitPrice(perBaseUnit: money.amount / (byteUnit.bytes * $0), currency: money.currency, basis: .byteTime) }
                ?? UnitPrice(perBaseUnit: money.amount / byteUnit.bytes, currency: money.currency, basis: .bytes)
        } else if seconds == nil, let s = TimeSpan.table[unit] ?? (unit.count > 1 ? TimeSpan.table[unit.lowercased()] : nil) {
            price = UnitPrice(perBaseUnit: money.amount / s, currency: money.currency, basis: .time)
        } else if unit == "m" || unit == "M" {
            throw UnitError.ambiguousUnit(input: text, readings: ["\(text.prefix(upTo: slash))/min", "\(text.prefix(upTo: slash))/month"])
        } else if let readings = ByteUnit.readings(forAmbiguous: unit, number: String(text[..<slash]) + "/") {
            throw UnitError.ambiguousUnit(input: text, readings: readings)
        } else {
            price = seconds.map { UnitPrice(perBaseUnit: money.amount / $0, currency: money.currency, basis: .countTime(unit)) }
                ?? UnitPrice(perBaseUnit: money.amount, currency: money.currency, basis: .count(unit))
        }
        _ = try finiteResult(price.perBaseUnit, input: text)
        if let want = expecting, !price.matches(want) {
            throw UnitError.unknownUnit(input: text, unit: per, expected: Self.describe(want))
        }
        return price
    }

    private func matches(_ want: Basis) -> Bool {
        switch (want, basis) {
        case (.bytes, .bytes), (.time, .time), (.byteTime, .byteTime): return true
        case (.countTime(let a), .countTime(let b)): return a.isEmpty || a == b
        case (.count(let a), .count(let b)): return a.isEmpty || a == b
        default: return false
        }
    }

    private static func describe(_ basis: Basis) -> String {
        switch basis {
        case .bytes: return "a price per amount of data such as 0.09/GB"
        case .time: return "a price per time such as 120/h"
        case .byteTime: return "a storage price such as 0.023/GB-month"
        case .countTime(let u): return "a price per unit-month such as 10/\(u.isEmpty ? "core" : u)-month"
        case .count(let u): return "a price per \(u.isEmpty ? "unit" : u)"
        }
    }
}
