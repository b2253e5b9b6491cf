import Foundation

/// Why a migration-time model cannot give an answer.
public enum MigrationError: LocalizedError, Equatable, Sendable {
    /// A size, rate, count or duration is negative, zero where it must be positive, or not finite.
    case invalidInput(field: String, value: Double, requirement: String)
    /// No rate was given: neither an effective rate nor a link bandwidth.
    case noRate

    public var errorDescription: String? {
        switch self {
        case let .invalidInput(field, value, requirement):
            let shown = value.isNaN ? "NaN" : "\(value)"
            return "\(field) = \(shown): \(requirement)"
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
