import Foundation
import FerryModels

/// Fits an `ObjectStoreCalibration` to stored S3 bench uploads (`S3PathCalibration.fit`) and
/// checks it on the held-out ones.
public enum ObjectStoreCalibrator {
    /// Fits the S3 path.
    /// - Parameters:
    ///   - samples: the runs' uploads; those with errors are left out, held-out ones only predicted
    ///     (the median of each held-out profile's repetitions).
    ///   - runs: what the runs measured about the path (RTT, a given bandwidth).
    ///   - date: the calibration's time stamp.
    /// - Returns: the calibration, flagged when a held-out upload misses by more than 25 %, none
    ///   was held out, or the fit's own error is over 25 %.
    /// - Throws: `S3PathCalibration.FitError` with fewer than 3 usable uploads.
    public static func fit(samples: [ObjectStoreSample], runs: [ObjectStoreRunInfo], at date: Date = Date()) throws -> ObjectStoreCalibration {
        let usable = samples.filter { $0.errors == 0 && $0.seconds > 0 }
        let fitted = usable.filter { !$0.heldOut }.map {
            S3PathSample(requests: $0.requests, bytes: $0.bytes, streams: $0.streams, seconds: $0.seconds)
        }
        let given = runs.compactMap(\.pathBandwidth).min()
        let (model, rms) = try S3PathCalibration.fit(fitted, pathBandwidth: given)
        // One check per held-out (profile, streams): its repetitions' median against the prediction.
        let groups = Dictionary(grouping: usable.filter(\.heldOut)) { "\($0.profile)\u{0}\($0.streams)" }
        let holdOut = groups.keys.sorted().map { key -> ObjectStoreHoldOut in
            let g = groups[key]!
            let first = g[0]
            return ObjectStoreHoldOut(profile: first.profile, streams: first.streams, requests: first.requests, bytes: first.bytes,
                                      measuredSeconds: Statistics.median(g.map(\.seconds)) ?? first.seconds,
                                      predictedSeconds: model.predict(requests: first.requests, bytes: first.bytes, streams: first.streams).seconds)
        }
        var failures: [String] = []
        let target = ObjectStoreCalibration.validationTarget
        if holdOut.isEmpty {
            failures.append("not validated: no upload was held out (run `ferry bench --target … --hold-out PROFILE`)")
        }
        for h in holdOut where abs(h.relativeError) > target {
            failures.append(String(format: "held-out %@ at %d streams missed by %+.1f %% (target ±%.0f %%)",
                                   h.profile, h.streams, h.relativeError * 100, target * 100))
        }
        if rms > target { failures.append(String(format: "the fit's own rms error is %.1f %% (over %.0f %%)", rms * 100, target * 100)) }
        let rtts = runs.map(\.roundTripSeconds).sorted()
        return ObjectStoreCalibration(id: 0, createdAt: date, sourceRuns: Array(Set(samples.map(\.runID))).sorted(),
                                      target: runs.first?.target ?? "", roundTripSeconds: rtts.isEmpty ? nil : rtts[rtts.count / 2],
                                      model: model, pathBandwidthGiven: given != nil, sampleCount: fitted.count,
                                      rmsRelativeError: rms, holdOut: holdOut, failures: failures)
    }
}
