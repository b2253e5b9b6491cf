import Foundation

/// An amount of data, stored in bytes.
///
/// Parsed from strings like `10TB` (10^13 bytes), `2.5 GiB` (2.5·2^30 bytes) or `500Mb`
/// (500·10^6 bits = 6.25·10^7 bytes). Units are case-sensitive: `B` is a byte, `b` a bit.
public struct ByteCount: Sendable, Equatable, Hashable, Comparable, Codable {
    /// The amount in bytes (may be fractional when it came from bits).
    public var bytes: Double

    /// Creates an amount of data.
    /// - Parameter bytes: bytes, ≥ 0 for a meaningful amount (not checked here; parsing checks).
    public init(bytes: Double) { self.bytes = bytes }

    public static func < (lhs: ByteCount, rhs: ByteCount) -> Bool { lhs.bytes < rhs.bytes }
    public static func + (lhs: ByteCount, rhs: ByteCount) -> ByteCount { ByteCount(bytes: lhs.bytes + rhs.bytes) }
    public static func * (lhs: ByteCount, rhs: Double) -> ByteCount { ByteCount(bytes: lhs.bytes * rhs) }

    /// Reads a size such as `10TB`, `2.5 GiB`, `1,000,000 B` or `500Mb`.
    /// - Parameters:
    ///   - text: the string to read.
    ///   - allowZero: whether `0B` is acceptable (default `true`); negative sizes never are.
    /// - Throws: `UnitError` naming the input; `10T` gets the readings TB, TiB and Tb.
    public static func parse(_ text: String, allowZero: Bool = true) throws -> ByteCount {
        let expected = "a size such as 10TB, 2.5GiB or 500Mb"
        let q = try QuantityText(text, expected: expected)
        let unit = try ByteCount.unit(q.unit, input: q.input, number: numberPart(q), expected: expected)
        let value = ByteCount(bytes: try finiteResult(q.value * unit.bytes, input: q.input))
        try checkNonNegative(q.value, allowZero: allowZero, input: q.input, what: "a size")
        return value
    }

    /// Resolves a unit spelling to a `ByteUnit`, or throws the right error for it.
    static func unit(_ spelling: String, input: String, number: String, expected: String) throws -> ByteUnit {
        if spelling.isEmpty {
            throw UnitError.ambiguousUnit(input: input, readings: ["\(number)B (bytes)", "\(number)MB", "\(number)GB", "\(number)TB"])
        }
        if let u = ByteUnit.table[spelling] { return u }
        if let readings = ByteUnit.readings(forAmbiguous: spelling, number: number) {
            throw UnitError.ambiguousUnit(input: input, readings: readings)
        }
        throw UnitError.unknownUnit(input: input, unit: spelling, expected: expected)
    }

    /// Renders with three significant decimals in the largest unit that keeps the number ≥ 1,
    /// e.g. `10 TB`, `1.5 GiB`.
    /// - Parameter convention: SI (powers of 1000) or IEC (powers of 1024).
    public func formatted(_ convention: UnitConvention = .si) -> String {
        let units = convention == .si ? ByteUnit.siBytes : ByteUnit.iecBytes
        return Quantity.render(bytes, in: units)
    }
}

extension ByteCount: CustomStringConvertible {
    public var description: String { formatted() }
}

/// Shared helpers for the quantity types.
enum Quantity {
    /// Picks the largest unit whose size does not exceed |value| and prints up to 3 decimals,
    /// trailing zeros removed.
    static func render(_ value: Double, in units: [ByteUnit], suffix: String = "") -> String {
        var chosen = units[0]
        for u in units where abs(value) >= u.bytes { chosen = u }
        return "\(trim(value / chosen.bytes)) \(chosen.symbol)\(suffix)"
    }

    /// Formats a number with at most `decimals` decimals and no trailing zeros: 27.7777 → "27.778".
    static func trim(_ x: Double, decimals: Int = 3) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        var s = String(format: "%.\(decimals)f", x)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}

/// The number part of a quantity as the user typed it, for suggestions (`10T` → `10`).
func numberPart(_ q: QuantityText) -> String {
    let raw = q.input.dropLast(q.unit.count).trimmingCharacters(in: .whitespaces)
    return raw.isEmpty ? Quantity.trim(q.value) : raw
}

/// Rejects negative values (and zero unless allowed) with an error quoting the input.
func checkNonNegative(_ value: Double, allowZero: Bool, input: String, what: String) throws {
    if value < 0 || (!allowZero && value == 0) {
        throw UnitError.outOfRange(input: input, requirement: "\(what) must be \(allowZero ? "≥ 0" : "> 0")")
    }
}
