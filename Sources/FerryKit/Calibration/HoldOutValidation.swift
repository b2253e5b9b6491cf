import Foundation

/// A check of the wall-time model on data it was not fitted to: fitted on the other
/// profiles, it predicts this profile's wall time at each stream count.
///
/// ```
/// error(N) = |T̂(F, D, B, N) − T̃(N)| / T̃(N),    T̃(N) = median measured seconds at N
/// meanError = mean over N of error(N)
/// ```
public struct HoldOutValidation: Sendable, Codable, Equatable {
    /// One stream count's comparison.
    public struct Point: Sendable, Codable, Equatable {
        /// Streams N.
        public var streams: Int
        /// Median measured wall time, seconds.
        public var measuredSeconds: Double
        /// Predicted wall time, seconds.
        public var predictedSeconds: Double
        /// |predicted − measured| / measured.
        public var relativeError: Double { abs(predictedSeconds - measuredSeconds) / measuredSeconds }
    }

    /// The held-out profile.
    public var profile: String
    /// The profiles the model was fitted on.
    public var trainedOn: [String]
    /// Whether the held-out profile's bytes per file lie between the training profiles'
    /// (interpolation, the check) rather than outside them (extrapolation: e.g.
    /// predicting a byte-bound profile from two file-bound ones, which the data cannot support).
    public var interpolates: Bool
    /// Per stream count.
    public var points: [Point]

    /// Mean relative error over stream counts (the headline number; the target is ≤ 0.25).
    public var meanError: Double {
        points.isEmpty ? .nan : points.reduce(0) { $0 + $1.relativeError } / Double(points.count)
    }

    /// Largest relative error over stream counts.
    public var maxError: Double { points.map(\.relativeError).max() ?? .nan }
}
