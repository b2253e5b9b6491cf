import Foundation
import FerryModels

/// The S3 path fitted to stored `ferry bench --target s3://…` runs: per-request latency, the
/// store's request-rate limit, per-stream rate, path bandwidth and start-up
/// (`S3PathModel`), checked on a held-out upload. Plans with `target: { kind: s3,
/// calibration: latest }` take their object-store terms from it.
///
/// Units: seconds, bytes/s, requests/s.
public struct ObjectStoreCalibration: Sendable, Codable, Equatable {
    /// Store id (0 until saved).
    public var id: Int64
    /// When it was fitted.
    public var createdAt: Date
    /// The benchmark runs whose uploads were fitted.
    public var sourceRuns: [Int64]
    /// The benched prefix, e.g. `s3://bench/cal`.
    public var target: String
    /// Median round trip measured by the bench (HEAD probes), seconds; `nil` when not recorded.
    public var roundTripSeconds: Double?
    /// The fitted model.
    public var model: S3PathModel
    /// Whether the path bandwidth was given to the bench (`--path-bandwidth`) rather than fitted.
    public var pathBandwidthGiven: Bool
    /// Uploads fitted.
    public var sampleCount: Int
    /// Root-mean-square relative error of the fit on its own samples.
    public var rmsRelativeError: Double
    /// Uploads kept out of the fit and predicted by it (`--hold-out`).
    public var holdOut: [ObjectStoreHoldOut]
    /// Why the calibration failed its validation; empty when it passed.
    public var failures: [String]

    /// The held-out error target: |predicted − measured| / measured ≤ 25 %, as for local calibrations.
    public static let validationTarget = 0.25

    /// Whether it failed validation (stored, but `latest` skips it).
    public var isFlagged: Bool { !failures.isEmpty }

    /// One line for plan reports: `S3 path calibration 2 (2026-11-25, s3://bench/cal, RTT 52.1 ms)`.
    public var citation: String {
        let date = ISO8601DateFormatter.string(from: createdAt, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        let rtt = roundTripSeconds.map { String(format: ", RTT %.1f ms", $0 * 1000) } ?? ""
        return "S3 path calibration \(id) (\(date), \(target)\(rtt))"
    }
}

/// One upload kept out of an S3 path fit, and what the fit predicted for it.
public struct ObjectStoreHoldOut: Sendable, Codable, Equatable {
    /// Its profile.
    public var profile: String
    /// Streams, requests and payload bytes of the upload.
    public var streams: Int, requests: Int, bytes: Int64
    /// Measured wall time, seconds.
    public var measuredSeconds: Double
    /// The fit's prediction, seconds.
    public var predictedSeconds: Double
    /// (predicted − measured) / measured.
    public var relativeError: Double { (predictedSeconds - measuredSeconds) / measuredSeconds }
}

/// One timed upload of an S3 bench run, as stored (`FerryStore.addObjectStoreSample`).
public struct ObjectStoreSample: Sendable, Codable, Equatable {
    /// The run it belongs to.
    public var runID: Int64
    /// The profile uploaded.
    public var profile: String
    /// Streams (requests in flight).
    public var streams: Int
    /// Repetition index.
    public var repetition: Int
    /// Objects written.
    public var files: Int
    /// Payload bytes.
    public var bytes: Int64
    /// Write requests made (PUT, UploadPart, Create/CompleteMultipartUpload).
    public var requests: Int
    /// Wall time, seconds.
    public var seconds: Double
    /// Objects that failed.
    public var errors: Int
    /// Kept out of the fit (a `--hold-out` upload).
    public var heldOut: Bool

    /// Creates a sample; bytes, seconds.
    public init(runID: Int64, profile: String, streams: Int, repetition: Int, files: Int, bytes: Int64, requests: Int,
                seconds: Double, errors: Int, heldOut: Bool) {
        self.runID = runID
        self.profile = profile
        self.streams = streams
        self.repetition = repetition
        self.files = files
        self.bytes = bytes
        self.requests = requests
        self.seconds = seconds
        self.errors = errors
        self.heldOut = heldOut
    }
}

/// What an S3 bench run measured about its path besides the uploads.
public struct ObjectStoreRunInfo: Sendable, Codable, Equatable {
    /// The run.
    public var runID: Int64
    /// The benched prefix.
    public var target: String
    /// Median and minimum round trip of the HEAD probes, seconds.
    public var roundTripSeconds: Double, roundTripMinSeconds: Double
    /// The path bandwidth given with `--path-bandwidth`, bytes/s; `nil` when it is fitted.
    public var pathBandwidth: Double?

    /// Creates the record; seconds, bytes/s.
    public init(runID: Int64, target: String, roundTripSeconds: Double, roundTripMinSeconds: Double, pathBandwidth: Double?) {
        self.runID = runID
        self.target = target
        self.roundTripSeconds = roundTripSeconds
        self.roundTripMinSeconds = roundTripMinSeconds
        self.pathBandwidth = pathBandwidth
    }
}
