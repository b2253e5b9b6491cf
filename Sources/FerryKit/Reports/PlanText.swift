import Foundation
import FerryModels
import FerryUnits

/// The short human summary printed on a terminal (`--format text`).
public enum PlanText {
    /// A few lines: bulk time, bottleneck, delta rounds and cutover, percentiles, claim check.
    public static func render(_ plan: MigrationPlan) -> String {
        let e = plan.estimate
        var lines: [String] = []
        if let warning = plan.calibration?.warning { lines.append("WARNING: \(warning)") }
        lines.append("\(plan.scenario.title ?? plan.scenario.name)")
        lines.append("  bulk transfer   \(PlanText.duration(e.seconds))  (\(ByteCount(bytes: e.bytes).formatted())"
                     + (e.wireBytes < e.bytes ? ", \(ByteCount(bytes: e.wireBytes).formatted()) on the wire" : "")
                     + " at \(DataRate(bytesPerSecond: e.effectiveRate).formatted()))")
        if e.perFileSeconds > 0 {
            lines.append("    of which      \(PlanText.duration(e.perFileSeconds)) per-file overhead")
        }
        lines.append("  bottleneck      \(e.bottleneck.explanation)")
        if let d = e.delta {
            if d.converges, let cut = d.cutoverSeconds {
                lines.append("  delta rounds    \(d.rounds.count) (shrink factor \(NumberText.trim(d.shrinkFactor, decimals: 4)) per round)")
                lines.append("  cutover         \(PlanText.duration(cut)) of downtime (target \(TimeSpan(seconds: d.maxDowntime).formatted()))")
                lines.append("  whole window    \(PlanText.duration(e.windowSeconds))")
            } else {
                lines.append("  delta rounds    do not converge: \(d.reason ?? "")")
                if let r = d.requiredRate {
                    lines.append("                  an effective rate above \(DataRate(bytesPerSecond: r).formatted()) is needed")
                }
            }
        }
        if let m = plan.distribution {
            lines.append("  uncertainty     P10 \(PlanText.duration(m.p10Seconds)) · P50 \(PlanText.duration(m.p50Seconds)) · P90 \(PlanText.duration(m.p90Seconds)) · P99 \(PlanText.duration(m.p99Seconds)) (bulk, \(m.samples) samples)")
            if e.delta != nil {
                let w = [m.windowP50Seconds, m.windowP90Seconds, m.windowP99Seconds].map { $0.map(PlanText.duration) ?? "never" }
                lines.append("                  window P50 \(w[0]) · P90 \(w[1]) · P99 \(w[2])")
            }
        }
        for s in plan.services {
            lines.append("  service \(s.spec.name)  \(s.now.servers) nodes now (utilisation \(NumberText.fixed(s.now.utilization * 100, 1)) %, p95 \(NumberText.trim(s.now.response.p95 * 1000, decimals: 1)) ms), \(s.finalServers) at month \(s.months.last?.month ?? 0)")
        }
        if let costs = plan.costs {
            if let m = costs.finance.migration {
                lines.append("  migration cost  \(Money(m.total, currency: costs.currency).formatted()) one-off")
            }
            if let best = costs.primary {
                lines.append("  run cost        \(Money(best.total, currency: costs.currency).formatted()) over \(best.months.count) months (\(best.commitment.label), the cheapest option)")
            }
        }
        if let c = plan.claimCheck, !c.holds {
            lines.append("  note            \(c.source) says \(NumberText.trim(c.claimedSeconds / 3600, decimals: 2)) h; "
                         + "the correct figure is \(NumberText.fixed(c.computedSeconds / 3600, 2)) h (off by a factor of \(NumberText.fixed(c.ratio, 1)))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "100000 s (27.78 h)" for long spans, "53.58 s" for short ones.
    static func duration(_ s: Double) -> String {
        guard s.isFinite else { return "never" }
        if s < 120 { return "\(NumberText.fixed(s, 2)) s" }
        return "\(NumberText.grouped(s)) s (\(TimeSpan(seconds: s).formatted()))"
    }
}
