import Foundation

/// Why a migration-time model cannot give an answer.
public enum MigrationError: LocalizedError, Equatable, Sendable {
    /// A size, rate, count or duration is negative, zero where it must be positive, or not finite.
    case invalidInput(field: String, value: Double, requirement: String)
    /// No rate was given: neither an effective rate nor a link bandwidth.
    case noRate
    /// The answer is too large to be meaningful (or overflows): `what` took `seconds`.
    case resultOutOfRange(what: String, seconds: Double)

    public var errorDescription: String? {
        switch self {
        case let .invalidInput(field, value, requirement):
            let shown = value.isNaN ? "NaN" : "\(value)"
            return "\(field) = \(shown): \(requirement)"
        case let .resultOutOfRange(what, seconds):
            let years = seconds / 31_557_600
            let shown = seconds.isFinite ? String(format: "%.3g s (%.3g years)", seconds, years) : "longer than any finite time"
            return "\(what) would take \(shown), beyond the \(String(format: "%.0e", MigrationTimeModel.maxSeconds)) s Ferry reports; check the size and rate units"
        case .noRate:
            return "no transfer rate: give an effective rate (e.g. 100MB/s) or a link bandwidth (e.g. 1Gbps)"
        }
    }
}

/// Checks that a model input is finite and within its range.
/// - Throws: `MigrationError.invalidInput` naming the field.
func require(_ value: Double, _ field: String, positive: Bool = false, atMost: Double? = nil) throws {
    guard value.isFinite else {
        throw MigrationError.invalidInput(field: field, value: value, requirement: "must be a finite number")
    }
    if positive, value <= 0 {
        throw MigrationError.invalidInput(field: field, value: value, requirement: "must be > 0")
    }
    if value < 0 {
        throw MigrationError.invalidInput(field: field, value: value, requirement: "must be ≥ 0")
    }
    if let limit = atMost, value > limit {
        throw MigrationError.invalidInput(field: field, value: value, requirement: "must be ≤ \(limit)")
    }
}
