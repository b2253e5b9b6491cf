import ArgumentParser
import FerryKit
import FerryModels
import Foundation

/// `ferry calibrate` on runs of `ferry bench --target s3://…`: fits the S3 path (per-request
/// latency, request-rate limit, per-stream rate, path bandwidth, start-up) to their uploads,
/// checks it on the held-out upload, and stores it for plans with `target: { kind: s3,
/// calibration: latest }`.
enum S3Calibrate {
    /// Calibrates when `ids` are S3 bench runs.
    /// - Returns: false (doing nothing) when the runs hold no S3 uploads.
    /// - Throws: `ExitCode(2)` when the calibration is stored but failed its validation.
    static func runIfObjectStore(store: FerryStore, runs ids: [Int64], global: GlobalOptions) throws -> Bool {
        let (samples, runs) = try store.objectStoreSamples(runs: ids)
        guard !samples.isEmpty else { return false }
        let calibration = try store.save(ObjectStoreCalibrator.fit(samples: samples, runs: runs))
        let m = calibration.model
        let body: [String: Any] = [
            "id": calibration.id, "kind": "s3_path", "source_runs": calibration.sourceRuns, "target": calibration.target,
            "round_trip_seconds": calibration.roundTripSeconds ?? NSNull(),
            "request_latency_seconds": m.requestLatency,
            "request_rate_limit_per_second": m.requestRateLimit.isFinite ? m.requestRateLimit : NSNull(),
            "stream_rate_bytes_per_second": m.streamRate < S3PathCalibration.streamRateCeiling ? m.streamRate : NSNull(),
            "path_bandwidth_bytes_per_second": m.pathBandwidth.isFinite ? m.pathBandwidth : NSNull(),
            "fixed_seconds": m.fixedSeconds, "samples": calibration.sampleCount, "rms_relative_error": calibration.rmsRelativeError,
            "hold_out": calibration.holdOut.map {
                ["profile": $0.profile, "streams": $0.streams, "requests": $0.requests, "bytes": $0.bytes,
                 "measured_seconds": $0.measuredSeconds, "predicted_seconds": $0.predictedSeconds,
                 "relative_error": $0.relativeError] as [String: Any]
            },
            "failures": calibration.failures,
        ]
        switch global.format {
        case .json: emit(JSONText.render(body))
        default:
            var lines = [calibration.citation + ": fitted to \(calibration.sampleCount) uploads of runs "
                         + calibration.sourceRuns.map(String.init).joined(separator: ",")]
            lines.append(String(format: "  request latency %.1f ms, request-rate limit %@, stream rate %@, path %@, start-up %.3f s, rms %.1f %%",
                                m.requestLatency * 1000, m.requestRateLimit.isFinite ? String(format: "%.0f/s", m.requestRateLimit) : "none",
                                m.streamRate < S3PathCalibration.streamRateCeiling ? String(format: "%.2f MB/s", m.streamRate / 1e6) : "not limiting",
                                m.pathBandwidth.isFinite ? String(format: "%.2f MB/s", m.pathBandwidth / 1e6) : "not limiting",
                                m.fixedSeconds, calibration.rmsRelativeError * 100))
            for h in calibration.holdOut {
                lines.append(String(format: "  held out %@ at %d streams: measured %.3f s, predicted %.3f s (%+.1f %%)",
                                    h.profile, h.streams, h.measuredSeconds, h.predictedSeconds, h.relativeError * 100))
            }
            lines.append("  plans use it with target: { kind: s3, calibration: \(calibration.isFlagged ? String(calibration.id) : "latest") }")
            emit(lines.joined(separator: "\n"))
        }
        if calibration.isFlagged {
            warn("Error: S3 path calibration \(calibration.id) failed validation: \(calibration.failures.joined(separator: "; ")). "
                 + "It is stored, but `latest` skips it.")
            throw ExitCode(2)
        }
        return true
    }
}
