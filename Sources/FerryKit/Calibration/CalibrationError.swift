import Foundation

/// Why a calibration could not be fitted.
public enum CalibrationError: LocalizedError, Equatable, Sendable {
    /// No fittable samples (Ferry's engine, not warm-up, no failures) in the chosen runs.
    case noSamples(runs: [Int64])
    /// A profile was measured at fewer than 3 distinct stream counts: the USL has 3 parameters.
    case tooFewStreamCounts(profile: String, count: Int)
    /// The wall-time model needs profiles with different bytes-per-file to tell per-file from per-byte cost.
    case needTwoProfiles(found: [String])
    /// The solver failed.
    case fitFailed(what: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case let .noSamples(runs):
            return "no usable samples in run\(runs.count == 1 ? "" : "s") \(runs.map(String.init).joined(separator: ", ")) (Ferry's engine, not warm-up, without failures)"
        case let .tooFewStreamCounts(profile, count):
            return "profile \(profile) was measured at \(count) stream count\(count == 1 ? "" : "s"); the USL needs at least 3 (e.g. --streams 1,2,4,8)"
        case let .needTwoProfiles(found):
            return "the per-file + per-byte model needs at least 2 profiles with different file sizes, found \(found.isEmpty ? "none" : found.joined(separator: ", "))"
        case let .fitFailed(what, reason):
            return "\(what) fit failed: \(reason)"
        }
    }
}
