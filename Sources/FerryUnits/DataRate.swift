import Foundation

/// A data transfer rate, stored in bytes per second.
///
/// Parsed from `100MB/s` (10^8 B/s), `100MiB/s`, `1Gbps` (1.25·10^8 B/s), `1Gbit/s`,
/// `500Mb/s`, `200GB/day`. Bytes `B` vs bits `b` are case-sensitive.
public struct DataRate: Sendable, Equatable, Hashable, Comparable, Codable {
    /// The rate in bytes per second.
    public var bytesPerSecond: Double

    /// Creates a rate.
    /// - Parameter bytesPerSecond: bytes per second, > 0 for a usable rate.
    public init(bytesPerSecond: Double) { self.bytesPerSecond = bytesPerSecond }

    /// The rate in bits per second.
    public var bitsPerSecond: Double { bytesPerSecond * 8 }

    public static func < (lhs: DataRate, rhs: DataRate) -> Bool { lhs.bytesPerSecond < rhs.bytesPerSecond }
    public static func * (lhs: DataRate, rhs: Double) -> DataRate { DataRate(bytesPerSecond: lhs.bytesPerSecond * rhs) }

    static let expected = "a rate such as 100MB/s, 1Gbps, 500Mb/s or 200GB/day"

    /// Reads a rate such as `100MB/s`, `1 Gbps`, `1Gbit/s`, `100MiB/s`, `200GB/day`.
    /// - Parameters:
    ///   - text: the string to read.
    ///   - allowZero: whether `0MB/s` is acceptable (default `false`: a zero rate never finishes).
    /// - Throws: `UnitError` naming the input (`100M/s` → readings MB/s, MiB/s, Mb/s).
    public static func parse(_ text: String, allowZero: Bool = false) throws -> DataRate {
        let q = try QuantityText(text, expected: expected)
        let number = numberPart(q)
        let sizeUnit: String
        let timeUnit: String
        if let slash = q.unit.firstIndex(of: "/") {
            sizeUnit = q.unit[..<slash].trimmingCharacters(in: .whitespaces)
            timeUnit = q.unit[q.unit.index(after: slash)...].trimmingCharacters(in: .whitespaces)
        } else if q.unit.hasSuffix("ps") {
            let stem = String(q.unit.dropLast(2))
            // "Mbps" → Mb per second, "MBps" → MB per second, "bps" → bits; "Gps" is ambiguous.
            sizeUnit = stem.isEmpty ? "b" : stem
            timeUnit = "s"
        } else if q.unit.isEmpty {
            throw UnitError.ambiguousUnit(input: q.input, readings: ["\(number)MB/s", "\(number)Mbps", "\(number)GB/s"])
        } else {
            throw UnitError.unknownUnit(input: q.input, unit: q.unit, expected: expected)
        }
        let unit: ByteUnit
        do {
            unit = try ByteCount.unit(sizeUnit, input: q.input, number: number, expected: expected)
        } catch let UnitError.ambiguousUnit(input, readings) {
            // "100M/s" → "100MB/s (bytes, SI)", not "100MB (bytes, SI)".
            let suffix = "/" + (timeUnit.isEmpty ? "s" : timeUnit)
            throw UnitError.ambiguousUnit(input: input, readings: readings.map { reading in
                let parts = reading.split(separator: " ", maxSplits: 1)
                return parts.count == 2 ? "\(parts[0])\(suffix) \(parts[1])" : reading + suffix
            })
        }
        let per = try TimeSpan.seconds(inUnit: timeUnit.isEmpty ? "?" : timeUnit, input: q.input, number: number)
        try checkNonNegative(q.value, allowZero: allowZero, input: q.input, what: "a rate")
        return DataRate(bytesPerSecond: try finiteResult(q.value * unit.bytes / per, input: q.input))
    }

    /// Renders in bytes per second, e.g. `100 MB/s` (SI) or `95.367 MiB/s` (IEC).
    public func formatted(_ convention: UnitConvention = .si) -> String {
        Quantity.render(bytesPerSecond, in: convention == .si ? ByteUnit.siBytes : ByteUnit.iecBytes, suffix: "/s")
    }

    /// Renders in bits per second, e.g. `1 Gbps`, the way links are quoted.
    public func formattedBits() -> String {
        Quantity.render(bytesPerSecond, in: ByteUnit.siBits, suffix: "ps")
    }
}

extension DataRate: CustomStringConvertible {
    public var description: String { formatted() }
}
