import FerryModels
import FerryUnits
import Foundation

/// Renders a `Calibration` as text, Markdown or a JSON object (snake_case, units in names).
public struct CalibrationReport {
    /// The calibration.
    public var calibration: Calibration

    /// Creates a renderer.
    public init(_ calibration: Calibration) { self.calibration = calibration }

    /// Rows of (quantity, value) shared by text and Markdown.
    func rows() -> [(String, String)] {
        let c = calibration
        let b = c.byteRate.model, bse = c.byteRate.fit.standardErrors
        let f = c.fileRate.model, fse = c.fileRate.fit.standardErrors
        var rows: [(String, String)] = [
            ("calibration", "\(c.id) · \(ISO8601DateFormatter().string(from: c.createdAt))"),
            ("status", c.isFlagged ? "FAILED validation: " + (c.failures ?? []).joined(separator: "; ")
                + " (stored; `latest` skips it unless --allow-failed)" : "passed validation"),
            ("machine", c.machine),
            ("source runs", c.sourceRuns.map(String.init).joined(separator: ", ") + " (\(c.sampleCount) samples)"),
            ("byte-rate USL (\(c.byteProfile))", "σ = \(g(b.sigma)) ± \(g(bse.sigma)), κ = \(g(b.kappa)) ± \(g(bse.kappa)), "
                + "λ = \(DataRate(bytesPerSecond: b.lambda).formatted()) ± \(DataRate(bytesPerSecond: bse.lambda).formatted()), R² = \(NumberText.fixed(c.byteRate.fit.rSquared, 4))"),
            ("file-rate USL (\(c.fileProfile))", "σ = \(g(f.sigma)) ± \(g(fse.sigma)), κ = \(g(f.kappa)) ± \(g(fse.kappa)), "
                + "λ = \(g(f.lambda)) ± \(g(fse.lambda)) files/s, R² = \(NumberText.fixed(c.fileRate.fit.rSquared, 4))"),
            ("peak N* (bytes, files)", "\(b.peakConcurrency.map { NumberText.trim($0, decimals: 1) } ?? "none") , \(f.peakConcurrency.map { NumberText.trim($0, decimals: 1) } ?? "none")"),
            ("recommended streams", "\(c.recommendedStreams) for bytes, \(c.recommendedFileStreams) for files (next stream adds < 5 % of λ, not past N*)"),
        ]
        for (name, curve) in [("byte-rate USL", c.byteRate), ("file-rate USL", c.fileRate)] {
            if let why = curve.notFitted { rows.append(("  \(name)", "not fitted, flat at the median: \(why)")) }
        }
        if let w = c.wallTime {
            let se = w.standardErrors
            rows.append(("wall-time model", "T = t₀ + a·F·s_f(N)/N + b·B·s_b(N)/N\(w.jointFit ? "" : " (σ, κ held at the USL fits)")"))
            rows.append(("  t₀ (fixed)", "\(g(w.fixedSeconds)) ± \(g(se[0])) s"))
            rows.append(("  a (per file, 1 stream)", "\(g(w.perFileSeconds * 1e3)) ± \(g(se[1] * 1e3)) ms"))
            rows.append(("  b (per byte, 1 stream)", "\(g(w.perByteSeconds * 1e9)) ± \(g(se[2] * 1e9)) s/GB (\(DataRate(bytesPerSecond: 1 / w.perByteSeconds).formatted()))"))
            rows.append(("  d (per directory, 1 stream)", w.perDirectorySeconds.map { d in "\(g(d * 1e3))" + (w.perDirectoryStandardError.map { " ± \(g($0 * 1e3))" } ?? "") + " ms" }
                         ?? w.perDirectoryNote ?? "not separable from a (the profiles have about the same directories per file)"))
            rows.append(("  σ_f, κ_f / σ_b, κ_b", "\(g(w.fileSigma)), \(g(w.fileKappa)) / \(g(w.byteSigma)), \(g(w.byteKappa))"))
            rows.append(("  fit", "R² = \(NumberText.fixed(w.rSquared, 4)), rms relative residual \(pct(w.relativeScatter)), \(w.points) samples"))
        }
        for v in c.validation {
            rows.append(("held out: \(v.profile)", "mean error \(pct(v.meanError)), max \(pct(v.maxError)) (fitted on \(v.trainedOn.joined(separator: ", ")); \(v.interpolates ? "interpolation" : "extrapolation"))"))
        }
        if let e = c.validationError {
            rows.append(("validation error", "\(pct(e)) (\(c.validation.contains(where: \.interpolates) ? "interpolating folds" : "all folds"); target ≤ 25 %)"))
        }
        rows.append(("rate cv at recommended N", pct(c.rateCV(streams: c.recommendedStreams))))
        rows.append(("noise floor", c.noiseFloor.map { "\(pct($0)) (median MAD/median of repeated copies)" } ?? "unknown (no repeated copies)"))
        if let r = c.rescan {
            rows.append(("no-change re-run", r.lines.map { "N=\($0.streams): \(g($0.fixedSeconds)) s + \(g($0.perFileSeconds * 1e6)) µs/file" }
                .joined(separator: "; ")))
        } else {
            rows.append(("no-change re-run", "not measured (bench --rescan)"))
        }
        if let r = c.heldOutLogResiduals, !r.isEmpty {
            let sorted = r.sorted()
            let shift = Statistics.median(r) ?? 0
            rows.append(("prediction band", "held-out measured/predicted from \(g(exp(sorted.first!))) to \(g(exp(sorted.last!))) (\(r.count) points), median \(g(exp(shift))); "
                + "the plan's Monte Carlo draws them centred on the point estimate"
                + (c.noiseLogSigma.map { ", times run-to-run noise σ = \(g($0)) in ln T" } ?? "")))
        }
        return rows
    }

    /// Aligned text.
    public func text() -> String {
        let r = rows()
        let width = r.map(\.0.count).max() ?? 0
        return r.map { $0.0.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.1 }.joined(separator: "\n")
    }

    /// A Markdown table.
    public func markdown() -> String {
        (["| quantity | value |", "|---|---|"] + rows().map { "| \($0.0) | \($0.1) |" }).joined(separator: "\n")
    }

    /// A JSON-compatible object.
    public func object() -> [String: Any] {
        let c = calibration
        func usl(_ s: ScalingCurve, profile: String) -> [String: Any] {
            let m = s.model, se = s.fit.standardErrors
            return ["profile": profile, "unit": s.unit, "sigma": m.sigma, "kappa": m.kappa, "lambda": m.lambda,
                    "std_errors": ["sigma": se.sigma, "kappa": se.kappa, "lambda": se.lambda],
                    "r_squared": s.fit.rSquared, "residuals": s.fit.residuals, "relative_scatter": s.relativeScatter,
                    "peak_streams": m.peakConcurrency ?? Double.nan, "recommended_streams": s.recommendedStreams(),
                    "not_fitted": s.notFitted ?? NSNull()]
        }
        var object: [String: Any] = [
            "id": c.id, "created_at": ISO8601DateFormatter().string(from: c.createdAt), "machine": c.machine,
            "source_runs": c.sourceRuns, "samples": c.sampleCount,
            "bytes_usl": usl(c.byteRate, profile: c.byteProfile), "files_usl": usl(c.fileRate, profile: c.fileProfile),
            "recommended_streams": c.recommendedStreams, "recommended_file_streams": c.recommendedFileStreams,
            "rate_cv_at_recommended": c.rateCV(streams: c.recommendedStreams),
            "profiles": c.profiles.map { ["profile": $0.profile, "mean_file_bytes": $0.meanFileBytes,
                                          "bytes_usl": usl($0.byteRate, profile: $0.profile),
                                          "files_usl": usl($0.fileRate, profile: $0.profile)] as [String: Any] },
            "validation": c.validation.map { v in
                ["profile": v.profile, "trained_on": v.trainedOn, "interpolates": v.interpolates,
                 "mean_error": v.meanError, "max_error": v.maxError,
                 "points": v.points.map { ["streams": $0.streams, "measured_seconds": $0.measuredSeconds,
                                           "predicted_seconds": $0.predictedSeconds] }] as [String: Any]
            },
            "validation_error": c.validationError ?? Double.nan,
            "validation_target": Calibration.validationTarget,
            "flagged": c.isFlagged, "failures": c.failures ?? [],
            "noise_floor": c.noiseFloor ?? Double.nan,
            "held_out_log_residuals": c.heldOutLogResiduals ?? [],
            "band_log_residuals": c.bandLogResiduals ?? [],
            "noise_log_sigma": c.noiseLogSigma ?? Double.nan,
        ]
        if let r = c.rescan {
            object["rescan"] = r.lines.map { ["streams": $0.streams, "fixed_seconds": $0.fixedSeconds, "per_file_seconds": $0.perFileSeconds] }
        }
        if let w = c.wallTime {
            object["wall_time"] = [
                "fixed_seconds": w.fixedSeconds, "per_file_seconds": w.perFileSeconds, "per_byte_seconds": w.perByteSeconds,
                "file_sigma": w.fileSigma, "file_kappa": w.fileKappa, "byte_sigma": w.byteSigma, "byte_kappa": w.byteKappa,
                "std_errors": Dictionary(uniqueKeysWithValues: zip(WallTimeModel.parameterNames, w.standardErrors)),
                "r_squared": w.rSquared, "relative_scatter": w.relativeScatter, "samples": w.points, "joint_fit": w.jointFit,
                "per_directory_seconds": w.perDirectorySeconds ?? Double.nan,
                "per_directory_std_error_seconds": w.perDirectoryStandardError ?? Double.nan,
                "per_directory_note": w.perDirectoryNote ?? NSNull(),
            ] as [String: Any]
        }
        return object
    }

    private func g(_ x: Double) -> String { x.isFinite ? String(format: "%.4g", x) : "n/a" }
    private func pct(_ x: Double) -> String { x.isFinite ? NumberText.trim(100 * x, decimals: 1) + " %" : "n/a" }
}
