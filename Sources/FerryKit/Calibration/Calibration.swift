import FerryModels
import Foundation

/// Models fitted to stored benchmark runs of Ferry's copy engine, used by plans
/// (`copy.calibration: latest|ID`) for per-file overhead and stream scaling.
///
/// Units: rates in bytes/s or files/s, times in seconds, streams as counts. The byte-rate
/// USL comes from the most byte-bound profile (largest mean file size), the file-rate USL
/// from the most file-bound one (smallest mean file size).
public struct Calibration: Sendable, Codable, Equatable {
    /// Store id (0 until saved).
    public var id: Int64
    /// When it was fitted.
    public var createdAt: Date
    /// One-line description of the machine the runs were on (`EnvironmentFingerprint.summary`).
    public var machine: String
    /// The machine, in full (of the newest source run).
    public var fingerprint: EnvironmentFingerprint
    /// The benchmark runs whose samples were fitted.
    public var sourceRuns: [Int64]
    /// Fittable samples used.
    public var sampleCount: Int
    /// Per-profile USL fits, by increasing mean file size.
    public var profiles: [ProfileScaling]
    /// Name of the profile behind `byteRate`.
    public var byteProfile: String
    /// Byte throughput against streams (λ in bytes/s) of the most byte-bound profile.
    public var byteRate: ScalingCurve
    /// Name of the profile behind `fileRate`.
    public var fileProfile: String
    /// File rate against streams (λ in files/s) of the most file-bound profile.
    public var fileRate: ScalingCurve
    /// Wall time from (files, bytes, streams), fitted to all profiles; `nil` with one profile.
    public var wallTime: WallTimeModel?
    /// Recommended streams for byte throughput (`ScalingCurve.recommendedStreams`).
    public var recommendedStreams: Int
    /// Recommended streams for file rate.
    public var recommendedFileStreams: Int
    /// Leave-one-profile-out checks of the wall-time model (empty with fewer than 3 profiles).
    public var validation: [HoldOutValidation]
    /// Why this calibration failed its validation, one sentence each; `nil` or empty when it
    /// passed (`CalibrationCheck`). A flagged calibration is stored but `latest` skips it.
    public var failures: [String]?
    /// The noise floor of the runs: the median over (profile, streams) groups of the relative
    /// median absolute deviation of repeated copies, MAD/median; `nil` without repetitions.
    public var noiseFloor: Double?
    /// The cost of a no-change re-run (checking every file and finding nothing to copy): the
    /// floor of every delta round; `nil` when the runs measured none.
    public var rescan: RescanModel?
    /// ln(measured / predicted) of every held-out point: each (profile, streams) median predicted
    /// by the wall-time model fitted on all the other points (leave one out; at least 5 points),
    /// or, when fewer than 5 such fits succeed, the leave-one-profile-out folds' points. The
    /// empirical prediction error the plan's Monte Carlo draws from (centred: `bandLogResiduals`);
    /// `nil` without any.
    public var heldOutLogResiduals: [Double]?

    /// The held-out residuals centred on their median, `rᵢ − median(r)`: the prediction band's
    /// shape without its shift, so the plan's P50 stays at the point estimate. (Residuals of
    /// a few extrapolating folds are biased — one mis-fitted profile moved every band — and a
    /// systematic bias is the model's to fix, not the band's to hide.) `nil` without residuals.
    public var bandLogResiduals: [Double]? {
        guard let r = heldOutLogResiduals, !r.isEmpty, let m = Statistics.median(r) else { return nil }
        return r.map { $0 - m }
    }

    /// The run-to-run noise of one copy as a standard deviation of ln(seconds):
    /// `1.4826 · noiseFloor` (MAD → σ for a normal law; for small spreads the relative MAD of T
    /// is the MAD of ln T). `nil` without repeated copies.
    public var noiseLogSigma: Double? {
        guard let f = noiseFloor, f.isFinite, f > 0 else { return nil }
        return 1.4826 * f
    }

    /// The held-out error target: mean relative error ≤ 25 %.
    public static let validationTarget = 0.25

    /// Whether the calibration failed validation (stored, but skipped by `latest`).
    public var isFlagged: Bool { !(failures ?? []).isEmpty }

    /// The held-out error: the mean of the interpolating folds' mean relative errors (with
    /// small-, mixed- and large-file profiles: fit on small and large, predict mixed), or of all
    /// folds when none interpolates; `nil` without validation.
    public var validationError: Double? {
        let inner = validation.filter(\.interpolates)
        let folds = inner.isEmpty ? validation : inner
        return folds.isEmpty ? nil : folds.reduce(0) { $0 + $1.meanError } / Double(folds.count)
    }

    /// Predicted byte throughput with `streams` parallel streams, bytes/s (the byte-rate USL
    /// X(N); local disk-to-disk, so a plan still caps it by its network).
    /// With a wall-time model this is its per-byte term's rate `N / (b·s_b(N))`, so a plan's
    /// byte time and per-file time come from one fit; otherwise the byte-rate USL.
    public func streamRate(streams: Int) -> Double {
        let n = max(1, streams)
        if let wallTime, wallTime.perByteSeconds > 0 { return wallTime.byteRate(streams: n) }
        return byteRate.throughput(streams: Double(n))
    }

    /// Predicted file rate with `streams` streams, files/s (the file-rate USL).
    public func fileRate(streams: Int) -> Double { fileRate.throughput(streams: Double(max(1, streams))) }

    /// Seconds of per-file overhead per file, in the migration-time model's form where
    /// `files × perFileSeconds / streams` is the per-file time: the wall-time model's
    /// `a·s_f(N)`, or `N / fileRate(N)` when there is no wall-time model.
    public func perFileSeconds(streams: Int) -> Double {
        let n = max(1, streams)
        if let wallTime { return wallTime.perFileSeconds(streams: n) }
        return Double(n) / fileRate(streams: n)
    }

    /// Predicted wall time of copying `files` files totalling `bytes` bytes with `streams`
    /// streams on the calibrated machine, seconds; `nil` without a wall-time model.
    public func predictedSeconds(files: Double, bytes: Double, streams: Int) -> Double? {
        wallTime?.seconds(files: files, bytes: bytes, streams: max(1, streams))
    }

    /// Coefficient of variation to give the Monte Carlo for the rate at `streams`:
    /// the byte-rate curve's relative standard error at N combined with the run-to-run
    /// scatter, `√((se(X(N))/X(N))² + scatter²)`.
    public func rateCV(streams: Int) -> Double { byteRate.rateCV(streams: Double(max(1, streams))) }

    /// Coefficient of variation for the per-file overhead: relative standard error of the
    /// wall-time model's `a` combined with its relative scatter (or the file-rate curve's
    /// cv at one stream without a wall-time model).
    public var perFileCV: Double {
        guard let w = wallTime else { return fileRate.rateCV(streams: 1) }
        let se = w.standardErrors.count > 1 && w.standardErrors[1].isFinite ? w.standardErrors[1] / w.perFileSeconds : 0
        return (se * se + w.relativeScatter * w.relativeScatter).squareRoot()
    }

    /// One line for plan reports: `calibration 3 (2025-01-02, AMD EPYC × 2, Linux …)`.
    public var citation: String {
        let date = ISO8601DateFormatter.string(from: createdAt, timeZone: TimeZone(identifier: "UTC")!,
                                               formatOptions: [.withFullDate])
        return "calibration \(id) (\(date), \(machine))"
    }
}
