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
        var calibration = Calibration(id: 0, createdAt: date, machine: fingerprint.summary, fingerprint: fingerprint,
                                      sourceRuns: sourceRuns.sorted(), sampleCount: usable.count, profiles: curves,
                                      byteProfile: byteBound.profile, byteRate: byteBound.byteRate,
                                      fileProfile: fileBound.profile, fileRate: fileBound.fileRate, wallTime: wallTime,
                                      recommendedStreams: byteBound.byteRate.recommendedStreams(),
                                      recommendedFileStreams: fileBound.fileRate.recommendedStreams(),
                                      validation: validation)
        calibration.noiseFloor = noiseFloor(usable)
        calibration.rescan = rescanModel(samples)
        var residuals = curves.count >= 2 ? leaveOneOutLogResiduals(usable, curves: curves) : []
        if residuals.count < minimumLeaveOneOut {
            let folds = validation.contains(where: \.interpolates) ? validation.filter(\.interpolates) : validation
            residuals = folds.flatMap(\.points).filter { $0.measuredSeconds > 0 && $0.predictedSeconds > 0 }
                .map { log($0.measuredSeconds / $0.predictedSeconds) }
        }
        calibration.heldOutLogResiduals = residuals.isEmpty ? nil : residuals
        calibration.failures = CalibrationCheck.failures(calibration)
        return calibration
    }

    /// Fewest leave-one-out residuals used for the band (below it, the profile folds' points).
    public static let minimumLeaveOneOut = 5

    /// Leave-one-out residuals of the wall-time model: for each (profile, streams) group, the
    /// model fitted on every other group's median predicts this group's median,
    /// `rⱼ = ln(T̃ⱼ / T̂₋ⱼ)`. Groups whose fit fails (too few points left, solver failure) or
    /// whose prediction is not positive are skipped. The starting σ, κ come from `curves`
    /// (all profiles), which only seeds the solver.
    public static func leaveOneOutLogResiduals(_ samples: [BenchSample], curves: [ProfileScaling]) -> [Double] {
        let groups = Dictionary(grouping: samples) { "\($0.profile)\u{0}\($0.streams)" }
        guard groups.count > 8 else { return [] }
        return groups.keys.sorted().compactMap { key -> Double? in
            let held = groups[key]!
            let training = samples.filter { "\($0.profile)\u{0}\($0.streams)" != key }
            guard let model = try? fitWallTime(training, curves: curves) else { return nil }
            let measured = median(held.map(\.seconds))
            let predicted = model.seconds(files: Double(held[0].files), bytes: Double(held[0].bytes), streams: held[0].streams,
                                          directories: Double(held[0].directories))
            guard measured > 0, predicted > 0, predicted.isFinite else { return nil }
            return log(measured / predicted)
        }
    }

    /// The median of `values` (mean of the middle two for an even count); NaN when empty.
    public static func median(_ values: [Double]) -> Double {
        Statistics.median(values) ?? .nan
    }

    /// The median absolute deviation from the median (unscaled); 0 for fewer than 2 values.
    public static func mad(_ values: [Double]) -> Double {
        guard values.count >= 2 else { return 0 }
        let m = median(values)
        return median(values.map { abs($0 - m) })
    }

    /// The run's noise floor: the median over (profile, streams) groups with at least two
    /// timed copies of MAD/median of their seconds (each sample's own repeated copies count
    /// through its `madSeconds`); `nil` when no group was repeated.
    /// ```
    /// floor = median_g ( MAD(T_g) / median(T_g) )
    /// ```
    public static func noiseFloor(_ samples: [BenchSample]) -> Double? {
        var spreads: [Double] = []
        for group in Dictionary(grouping: samples, by: { "\($0.profile)\u{0}\($0.streams)" }).values {
            let seconds = group.map(\.seconds)
            if group.count >= 2, median(seconds) > 0 {
                spreads.append(mad(seconds) / median(seconds))
            } else if let only = group.first, only.copies >= 2, only.seconds > 0 {
                spreads.append(only.madSeconds / only.seconds)
            }
        }
        return spreads.isEmpty ? nil : median(spreads)
    }

    /// The no-change re-run model from the `ferry-rescan` samples (medians per profile and streams).
    public static func rescanModel(_ samples: [BenchSample]) -> RescanModel? {
        let rescans = samples.filter { $0.tool == BenchSample.rescanTool && !$0.warmup && $0.errors == 0 && $0.seconds > 0 }
        let groups = Dictionary(grouping: rescans) { "\($0.profile)\u{0}\($0.streams)" }
        return RescanModel.fit(groups.values.map { g in (Double(g[0].files), g[0].streams, median(g.map(\.seconds))) })
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
        let points = groups.keys.sorted().map { key -> (files: Double, directories: Double, bytes: Double, streams: Double, seconds: Double) in
            let g = groups[key]!
            return (Double(g[0].files), Double(g[0].directories), Double(g[0].bytes), Double(g[0].streams), median(g.map(\.seconds)))
        }
        return try WallTimeModel.fit(
            points: points,
            start: (min(max(f.sigma, 0), 1), max(f.kappa, 0), min(max(b.sigma, 0), 1), max(b.kappa, 0)),
            fitDirectories: WallTimeModel.separatesDirectories(points))
    }

    /// Compares `model`'s predictions with one profile's median wall time per stream count.
    public static func holdOut(_ model: WallTimeModel, profile: String, samples: [BenchSample],
                               trainedOn: [String], interpolates: Bool) -> HoldOutValidation {
        let byStreams = Dictionary(grouping: samples, by: \.streams)
        let points = byStreams.keys.sorted().map { n -> HoldOutValidation.Point in
            let group = byStreams[n]!
            let measured = median(group.map(\.seconds))
            let files = Double(group.reduce(0) { $0 + $1.files }) / Double(group.count)
            let directories = Double(group.reduce(0) { $0 + $1.directories }) / Double(group.count)
            let bytes = Double(group.reduce(Int64(0)) { $0 + $1.bytes }) / Double(group.count)
            return .init(streams: n, measuredSeconds: measured,
                         predictedSeconds: model.seconds(files: files, bytes: bytes, streams: n, directories: directories))
        }
        return HoldOutValidation(profile: profile, trainedOn: trainedOn, interpolates: interpolates, points: points)
    }
}
