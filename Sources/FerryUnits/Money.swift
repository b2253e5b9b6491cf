import Foundation

/// An amount of money in one currency.
///
/// Parsed from `$1,200`, `1200 USD`, `USD 1200`, `€5.50`. Amounts are kept as `Double` in
/// currency units (not cents): cost models are estimates, and rounding happens only when
/// rendering.
public struct Money: Sendable, Equatable, Hashable, Codable {
    /// The amount in currency units (e.g. dollars).
    public var amount: Double
    /// ISO 4217 code, e.g. `USD`.
    public var currency: String

    /// Creates an amount of money.
    /// - Parameters:
    ///   - amount: currency units.
    ///   - currency: ISO 4217 code (default `USD`).
    public init(_ amount: Double, currency: String = "USD") {
        self.amount = amount
        self.currency = currency
    }

    static let symbols: [String: String] = ["$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"]

    /// Reads `$1,200`, `1200 USD`, `USD 1200`, `€5.50`, or a bare number (in `defaultCurrency`).
    /// - Throws: `UnitError` naming the input; negative amounts are allowed (credits).
    public static func parse(_ text: String, defaultCurrency: String = "USD") throws -> Money {
        var t = text.trimmingCharacters(in: .whitespaces)
        var currency: String?
        if let first = t.first, let code = symbols[String(first)] {
            currency = code
            t.removeFirst()
        } else if t.count > 3, t.prefix(3).allSatisfy({ $0.isUppercase && $0.isLetter }), t.dropFirst(3).first == " " {
            currency = String(t.prefix(3))
            t = String(t.dropFirst(4))
        }
        let q = try QuantityText(t, expected: "an amount such as $1,200 or 1200 USD")
        if !q.unit.isEmpty {
            guard currency == nil, q.unit.count == 3, q.unit.allSatisfy({ $0.isUppercase && $0.isLetter }) else {
                throw UnitError.unknownUnit(input: text, unit: q.unit, expected: "a currency code such as USD")
            }
            currency = q.unit
        }
        return Money(q.value, currency: currency ?? defaultCurrency)
    }

    /// Renders with thousands separators and two decimals: `$2,110.00`, `1,234.50 EUR`.
    public func formatted(decimals: Int = 2) -> String {
        let sign = amount < 0 ? "-" : ""
        let body = Money.grouped(abs(amount), decimals: decimals)
        if currency == "USD" { return "\(sign)$\(body)" }
        return "\(sign)\(body) \(currency)"
    }

    /// `1234567.891` → `"1,234,567.89"`.
    static func grouped(_ x: Double, decimals: Int) -> String {
        let s = String(format: "%.\(decimals)f", x)
        let parts = s.split(separator: ".", maxSplits: 1)
        var digits = Array(parts[0])
        var out: [Character] = []
        while digits.count > 3 {
            out = [","] + digits.suffix(3) + out
            digits.removeLast(3)
        }
        out = digits + out
        return String(out) + (parts.count > 1 ? "." + parts[1] : "")
    }
}

extension Money: CustomStringConvertible {
    public var description: String { formatted() }
}
