import FerryModels
import Foundation

/// Fits a `Calibration` to benchmark samples: per-profile USL curves, the wall-time model on
/// all profiles, and leave-one-profile-out validation.
public enum CalibrationFitter {
    /// Fits everything.
    /// - Parameters:
    ///   - samples: samples of the source runs; only fittable ones (Ferry's engine, not warm-up,
    ///     no failures) are used.
    ///   - sourceRuns: the run ids, recorded in the calibration.
    ///   - fingerprint: the machine (of the newest run).
    ///   - date: the calibration's timestamp.
    /// - Throws: `CalibrationError`.
    public static func fit(samples: [BenchSample], sourceRuns: [Int64], fingerprint: EnvironmentFingerprint,
                           date: Date = Date()) throws -> Calibration {
        let usable = samples.filter(\.isFittable)
        guard !usable.isEmpty else { throw CalibrationError.noSamples(runs: sourceRuns) }
        let curves = try profileCurves(usable)
        let byteBound = curves.last!, fileBound = curves.first!
        var wallTime: WallTimeModel?
        var validation: [HoldOutValidation] = []
        if curves.count >= 2 {
            wallTime = try fitWallTime(usable, curves: curves)
            if curves.count >= 3 {
                validation = try curves.map { held in
                    let training = usable.filter { $0.profile != held.profile }
                    let trainingCurves = curves.filter { $0.profile != held.profile }
                    let model = try fitWallTime(training, curves: trainingCurves)
                    let sizes = trainingCurves.map(\.meanFileBytes)
                    return holdOut(model, profile: held.profile, samples: usable.filter { $0.profile == held.profile },
                                   trainedOn: trainingCurves.map(\.profile),
                                   interpolates: held.meanFileBytes > sizes.min()! && held.meanFileBytes < sizes.max()!)
                }
            }
        }
        return Calibration(id: 0, createdAt: date, machine: fingerprint.summary, fingerprint: fingerprint,
                           sourceRuns: sourceRuns.sorted(), sampleCount: usable.count, profiles: curves,
                           byteProfile: byteBound.profile, byteRate: byteBound.byteRate,
                           fileProfile: fileBound.profile, fileRate: fileBound.fileRate, wallTime: wallTime,
                           recommendedStreams: byteBound.byteRate.recommendedStreams(),
                           recommendedFileStreams: fileBound.fileRate.recommendedStreams(),
                           validation: validation)
    }

    /// USL curves per profile, by increasing mean file size.
    public static func profileCurves(_ samples: [BenchSample]) throws -> [ProfileScaling] {
        let byProfile = Dictionary(grouping: samples, by: \.profile)
        return try byProfile.keys.sorted().map { try ProfileScaling(profile: $0, samples: byProfile[$0]!) }
            .sorted { $0.meanFileBytes < $1.meanFileBytes }
    }

    /// The wall-time model on `samples`, started from the file-rate USL of the most
    /// file-bound profile and the byte USL of the most byte-bound one. It is fitted to the
    /// median wall time of each (profile, streams) group, so one copy slowed by a neighbour on a
    /// shared machine does not pull the fit.
    /// - Throws: `CalibrationError.needTwoProfiles` unless two profiles differ in bytes per file.
    public static func fitWallTime(_ samples: [BenchSample], curves: [ProfileScaling]) throws -> WallTimeModel {
        guard curves.count >= 2, let first = curves.first, let last = curves.last,
              last.meanFileBytes > first.meanFileBytes * 1.5 else {
            throw CalibrationError.needTwoProfiles(found: curves.map(\.profile))
        }
        let f = first.fileRate.model, b = last.byteRate.model
        let groups = Dictionary(grouping: samples) { "\($0.profile)\u{0}\($0.streams)" }
        let points = groups.keys.sorted().map { key -> (files: Double, bytes: Double, streams: Double, seconds: Double) in
            let g = groups[key]!.sorted { $0.seconds < $1.seconds }
            let mid = g.count / 2
            let seconds = g.count % 2 == 1 ? g[mid].seconds : (g[mid - 1].seconds + g[mid].seconds) / 2
            return (Double(g[0].files), Double(g[0].bytes), Double(g[0].streams), seconds)
        }
        return try WallTimeModel.fit(
            points: points,
            start: (max(f.sigma, 0), max(f.kappa, 0), max(b.sigma, 0), max(b.kappa, 0)))
    }

    /// Compares `model`'s predictions with one profile's mean wall time per stream count.
    public static func holdOut(_ model: WallTimeModel, profile: String, samples: [BenchSample],
                               trainedOn: [String], interpolates: Bool) -> HoldOutValidation {
        let byStreams = Dictionary(grouping: samples, by: \.streams)
        let points = byStreams.keys.sorted().map { n -> HoldOutValidation.Point in
            let group = byStreams[n]!
            let measured = group.reduce(0) { $0 + $1.seconds } / Double(group.count)
            let files = Double(group.reduce(0) { $0 + $1.files }) / Double(group.count)
            let bytes = Double(group.reduce(Int64(0)) { $0 + $1.bytes }) / Double(group.count)
            return .init(streams: n, measuredSeconds: measured, predictedSeconds: model.seconds(files: files, bytes: bytes, streams: n))
        }
        return HoldOutValidation(profile: profile, trainedOn: trainedOn, interpolates: interpolates, points: points)
    }
}
