import FerryModels
import Foundation

/// How one profile's copies scale with streams: the USL for byte throughput and for file rate.
public struct ProfileScaling: Sendable, Codable, Equatable {
    /// Profile name.
    public var profile: String
    /// Mean bytes per file of the profile's samples.
    public var meanFileBytes: Double
    /// Files per copy.
    public var files: Int
    /// Bytes per copy.
    public var bytes: Int64
    /// Byte throughput against streams, λ in bytes/s.
    public var byteRate: ScalingCurve
    /// File rate against streams, λ in files/s.
    public var fileRate: ScalingCurve

    /// Fits both curves to one profile's fittable samples.
    /// - Throws: `CalibrationError.tooFewStreamCounts`, `.fitFailed`.
    public init(profile: String, samples: [BenchSample]) throws {
        let streamCounts = Set(samples.map(\.streams))
        guard streamCounts.count >= 3 else { throw CalibrationError.tooFewStreamCounts(profile: profile, count: streamCounts.count) }
        self.profile = profile
        files = samples.first?.files ?? 0
        bytes = samples.first?.bytes ?? 0
        let totalFiles = samples.reduce(0) { $0 + $1.files }
        meanFileBytes = Double(samples.reduce(Int64(0)) { $0 + $1.bytes }) / Double(max(totalFiles, 1))
        do {
            byteRate = try ScalingCurve(samples: samples.map { ThroughputSample(concurrency: Double($0.streams), throughput: $0.bytesPerSecond) },
                                        unit: "bytes/s")
            fileRate = try ScalingCurve(samples: samples.map { ThroughputSample(concurrency: Double($0.streams), throughput: $0.filesPerSecond) },
                                        unit: "files/s")
        } catch {
            throw CalibrationError.fitFailed(what: "USL for \(profile)", reason: error.localizedDescription)
        }
    }
}
