import FerryModels
import Foundation

/// Decides whether a calibration can be trusted by a plan: the reasons it fails, if any.
///
/// A calibration fails when
/// - it has no held-out validation (fewer than 3 profiles: nothing checks its predictions),
/// - its held-out error exceeds `Calibration.validationTarget` (25 %),
/// - its wall-time model explains less than half the variance (R² < 0.5), or
/// - a USL fit it relies on is not physical (σ outside [0, 1] or κ < 0).
public enum CalibrationCheck {
    /// Smallest acceptable R² of the wall-time model.
    public static let minimumRSquared = 0.5

    /// The failures of `c`, empty when it passes.
    public static func failures(_ c: Calibration) -> [String] {
        var out: [String] = []
        if let e = c.validationError {
            if !(e <= Calibration.validationTarget) {
                out.append("held-out error \(percent(e)) exceeds the \(percent(Calibration.validationTarget)) target")
            }
        } else {
            out.append("not validated: held-out checks need at least 3 profiles with different file sizes")
        }
        if let w = c.wallTime, !(w.rSquared >= minimumRSquared) {
            out.append("wall-time fit R² = \(String(format: "%.2f", w.rSquared)) < \(minimumRSquared)")
        }
        for (name, curve) in [("byte-rate", c.byteRate), ("file-rate", c.fileRate)] {
            let m = curve.model
            if !(m.sigma >= 0 && m.sigma <= 1) || !(m.kappa >= 0) {
                out.append("\(name) USL is not physical (σ = \(String(format: "%.3g", m.sigma)), κ = \(String(format: "%.3g", m.kappa)); needs σ ∈ [0, 1], κ ≥ 0)")
            }
        }
        return out
    }

    static func percent(_ x: Double) -> String { x.isFinite ? String(format: "%.0f %%", 100 * x) : "unknown" }
}
