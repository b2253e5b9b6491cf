import Foundation
import FerryModels

/// Everything `ferry plan` and `ferry time` computed for a scenario, ready for the writers.
public struct MigrationPlan: Sendable {
    /// The scenario planned.
    public var scenario: Scenario
    /// The point estimate: bulk time, bottleneck, delta rounds.
    public var estimate: MigrationEstimate
    /// The Monte Carlo distribution, when the scenario has `uncertainty:`.
    public var distribution: MigrationDistribution?
    /// How the claim of a source document compares, when the scenario has `claim:`.
    public var claimCheck: ClaimCheck?
    /// Each service's node plan, in the scenario's order (empty without `services:`).
    public var services: [ServicePlan] = []
    /// The calibration that set the per-file overhead and stream scaling (`copy.calibration`).
    public var calibration: AppliedCalibration?
    /// The cost projection, when the scenario has `costs:`.
    public var costs: CostProjection?
    /// Statements of what was assumed (defaults taken, conventions), for the report.
    public var assumptions: [String]
    /// The S3 path calibration behind an object-store target's terms (`target.calibration`).
    public var objectStoreCalibration: ObjectStoreCalibration? = nil
}

/// A source document's figure against Ferry's.
public struct ClaimCheck: Sendable, Equatable {
    /// The document's figure, seconds.
    public var claimedSeconds: Double
    /// Ferry's figure, seconds.
    public var computedSeconds: Double
    /// Where the claim comes from.
    public var source: String
    /// claimed / computed (36 for S0-1's 1000 h against 27.78 h).
    public var ratio: Double { claimedSeconds / computedSeconds }
    /// Whether the claim is within 5 % of Ferry's figure.
    public var holds: Bool { abs(ratio - 1) <= 0.05 }
}

/// What a calibration contributed to a plan.
public struct AppliedCalibration: Sendable {
    /// The calibration used.
    public var calibration: Calibration
    /// Streams the plan uses, at which the calibration was evaluated.
    public var streams: Int
    /// Aggregate copy rate the calibration predicts at `streams`, bytes/s (before the network cap).
    public var streamRate: Double
    /// Per-file overhead from the calibration at `streams`, seconds per file.
    public var perFileSeconds: Double
    /// The calibration's relative uncertainty of the rate at `streams`.
    public var rateCV: Double
    /// The calibration's relative uncertainty of the per-file overhead.
    public var perFileCV: Double
    /// Seconds per directory at `streams` folded into `perFileSeconds` (× directories / files
    /// of the scenario's inventory); 0 without an inventory or a per-directory term.
    public var perDirectorySeconds: Double = 0
    /// Seconds each delta round pays to check the unchanged tree (the calibration's no-change
    /// re-run at the scenario's files and streams); `nil` when not measured or the data is static.
    public var roundFloorSeconds: Double? = nil
    /// Whether the calibration failed its validation (the report says so at the top).
    public var flagged: Bool { calibration.isFlagged }
    /// The warning a plan on a flagged calibration leads with; `nil` when it passed.
    public var warning: String? {
        guard flagged else { return nil }
        return "calibration \(calibration.id) FAILED its validation (\((calibration.failures ?? []).joined(separator: "; "))): these times rest on a model that missed on data it had not seen"
    }
}
