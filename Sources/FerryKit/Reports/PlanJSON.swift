import Foundation
import FerryModels

/// The machine-readable form of a plan (`--format json`). Keys are snake_case with the unit
/// in the name: `seconds`, `bytes`, `effective_rate_bytes_per_second`.
public enum PlanJSON {
    /// The plan as a JSON-compatible dictionary.
    public static func object(_ plan: MigrationPlan) -> [String: Any] {
        let e = plan.estimate
        var o: [String: Any] = [
            "name": plan.scenario.name,
            "seconds": e.seconds,
            "hours": e.seconds / 3600,
            "bytes": e.bytes,
            "wire_bytes": e.wireBytes,
            "files": plan.scenario.workload.files,
            "byte_seconds": e.byteSeconds,
            "per_file_seconds": e.perFileSeconds,
            "effective_rate_bytes_per_second": e.effectiveRate,
            "bottleneck": e.bottleneck.rawValue,
            "streams": e.streams,
            "assumptions": plan.assumptions,
        ]
        if let d = e.delta {
            o["converges"] = d.converges
            o["shrink_factor"] = d.shrinkFactor
            o["change_rate_bytes_per_second"] = d.changeRate
            o["max_downtime_seconds"] = d.maxDowntime
            o["rounds"] = d.rounds.map { r -> [String: Any] in
                ["round": r.index, "bytes": r.bytes, "seconds": r.seconds, "cutover": r.isCutover]
            }
            if let c = d.cutoverSeconds { o["cutover_seconds"] = c }
            if d.converges { o["window_seconds"] = e.windowSeconds }
            if let r = d.requiredRate { o["required_rate_bytes_per_second"] = r }
            if let reason = d.reason { o["reason"] = reason }
        } else {
            o["window_seconds"] = e.windowSeconds
        }
        if let m = plan.distribution {
            o["samples"] = m.samples
            o["seed"] = m.seed
            o["mean_seconds"] = m.meanSeconds
            o["analytic_mean_seconds"] = m.analyticMeanSeconds
            o["p10_seconds"] = m.p10Seconds
            o["p50_seconds"] = m.p50Seconds
            o["p90_seconds"] = m.p90Seconds
            o["p99_seconds"] = m.p99Seconds
            if e.delta != nil {
                o["window_p50_seconds"] = m.windowP50Seconds ?? NSNull()
                o["window_p90_seconds"] = m.windowP90Seconds ?? NSNull()
                o["window_p99_seconds"] = m.windowP99Seconds ?? NSNull()
                o["cutover_p50_seconds"] = m.cutoverP50Seconds ?? NSNull()
                o["cutover_p90_seconds"] = m.cutoverP90Seconds ?? NSNull()
                o["cutover_p99_seconds"] = m.cutoverP99Seconds ?? NSNull()
                o["non_converging_share"] = m.nonConvergingShare
            }
        }
        if !plan.services.isEmpty { o["services"] = ServiceReport.json(plan.services) }
        if let costs = plan.costs { o["costs"] = CostJSON.object(costs) }
        if let a = plan.calibration {
            o["calibration"] = ["id": a.calibration.id, "created_at": ISO8601DateFormatter().string(from: a.calibration.createdAt),
                                "machine": a.calibration.machine, "streams": a.streams,
                                "stream_rate_bytes_per_second": a.streamRate, "per_file_seconds": a.perFileSeconds,
                                "rate_cv": a.rateCV, "per_file_cv": a.perFileCV,
                                "flagged": a.flagged, "failures": a.calibration.failures ?? [],
                                "per_directory_seconds": a.perDirectorySeconds,
                                "round_floor_seconds": a.roundFloorSeconds ?? NSNull()]
            if let warning = a.warning { o["warnings"] = [warning] }
        }
        if let c = plan.claimCheck {
            o["claim"] = ["claimed_seconds": c.claimedSeconds, "ratio": c.ratio, "holds": c.holds, "source": c.source]
        }
        return o
    }

    /// The plan as JSON text.
    public static func render(_ plan: MigrationPlan) -> String { JSONText.render(object(plan)) }
}
