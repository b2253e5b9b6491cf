import Foundation
import FerryUnits

/// A response-time target: the mean, or a percentile, must not exceed a number of seconds.
public enum ResponseObjective: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// Mean response ≤ `seconds`.
    case mean(seconds: Double)
    /// The `level` percentile (e.g. 0.95) of the response ≤ `seconds`.
    case percentile(level: Double, seconds: Double)

    /// Reads `mean=200ms`, `p95=250ms`, `p99.9=1s` (also `p95:250ms`).
    /// - Throws: `QueueError.invalidObjective`, `.invalidPercentile`, or the `UnitError` of the duration.
    public static func parse(_ text: String) throws -> ResponseObjective {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let sep = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
            throw QueueError.invalidObjective(text)
        }
        let key = trimmed[..<sep].trimmingCharacters(in: .whitespaces).lowercased()
        let value = trimmed[trimmed.index(after: sep)...].trimmingCharacters(in: .whitespaces)
        let seconds = try TimeSpan.parse(value, allowZero: false).seconds
        if key == "mean" || key == "avg" || key == "average" { return .mean(seconds: seconds) }
        guard key.hasPrefix("p"), let pct = Double(key.dropFirst()), pct.isFinite else {
            throw QueueError.invalidObjective(text)
        }
        let level = pct / 100
        guard level > 0, level < 1 else { throw QueueError.invalidPercentile(level) }
        return .percentile(level: level, seconds: seconds)
    }

    /// The target, seconds.
    public var seconds: Double {
        switch self {
        case let .mean(s): return s
        case let .percentile(_, s): return s
        }
    }

    /// `mean ≤ 0.2 s`, `p95 ≤ 0.25 s`.
    public var description: String {
        switch self {
        case let .mean(s): return "mean ≤ \(TimeSpan(seconds: s).formatted())"
        case let .percentile(level, s): return "\(Self.label(level)) ≤ \(TimeSpan(seconds: s).formatted())"
        }
    }

    /// `0.95` → `p95`, `0.999` → `p99.9`.
    public static func label(_ level: Double) -> String {
        let pct = level * 100
        let rounded = (pct * 1000).rounded() / 1000
        if rounded == rounded.rounded(), let whole = WholeNumber.int(rounded) { return "p\(whole)" }
        return "p\(rounded)"
    }
}
