import Foundation
import FerryModels
import FerryUnits

/// The short human summary printed on a terminal (`--format text`).
public enum PlanText {
    /// A few lines: first what the answer hangs on (a sync that never converges, defaults that
    /// flatter it), then bulk time, bottleneck, delta rounds and cutover, percentiles,
    /// services, costs, claim check.
    public static func render(_ plan: MigrationPlan) -> String {
        let e = plan.estimate
        var lines: [String] = []
        if let warning = plan.calibration?.warning { lines.append("WARNING: \(warning)") }
        lines.append("\(plan.scenario.title ?? plan.scenario.name)")
        for caveat in plan.caveats { lines.append("  ! " + caveat) }
        lines.append("  bulk transfer   \(duration(e.seconds))  (\(ByteCount(bytes: e.bytes).formatted())"
                     + (e.wireBytes < e.bytes ? ", \(ByteCount(bytes: e.wireBytes).formatted()) on the wire" : "")
                     + " at \(DataRate(bytesPerSecond: e.effectiveRate).formatted()))")
        if e.perFileSeconds > 0 {
            lines.append("    of which      \(duration(e.perFileSeconds)) per-file overhead")
        }
        if e.requestLimit != nil {
            lines.append("    of which      \(duration(e.requestSeconds)) object-store requests (\(NumberText.grouped(e.requests)) requests)")
        }
        lines.append("  bottleneck      \(e.bottleneck.explanation)")
        if let d = e.delta {
            if d.converges, let cut = d.cutoverSeconds {
                lines.append("  delta sync      \(ReportNumber.counted(d.rounds.count, "delta round")), each q = \(ReportNumber.significant(d.shrinkFactor, digits: 3)) × the one before")
                lines.append("  cutover         \(duration(cut)) of downtime (target \(ReportNumber.duration(d.maxDowntime)))")
                lines.append("  whole window    \(duration(e.windowSeconds))")
            } else {
                lines.append("  delta rounds    do not converge: \(d.reason ?? "")")
                if let r = d.requiredRate {
                    lines.append("                  an effective rate above \(DataRate(bytesPerSecond: r).formatted()) is needed")
                }
            }
        }
        if let m = plan.distribution {
            lines.append("  uncertainty     P10 \(duration(m.p10Seconds)) · P50 \(duration(m.p50Seconds)) · P90 \(duration(m.p90Seconds)) · P99 \(duration(m.p99Seconds)) (bulk, \(ReportNumber.grouped(Double(m.samples))) samples)")
            if e.delta != nil {
                let w = [m.windowP50Seconds, m.windowP90Seconds, m.windowP99Seconds].map { $0.map(duration) ?? "never" }
                lines.append("                  window P50 \(w[0]) · P90 \(w[1]) · P99 \(w[2])")
            }
        }
        for s in plan.services {
            lines.append("  service \(s.spec.name)  \(s.now.servers) nodes now (utilisation \(ReportNumber.percent(s.now.utilization)), p95 \(ReportNumber.duration(s.now.response.p95))), \(s.finalServers) at month \(s.months.last?.month ?? 0)")
        }
        if let costs = plan.costs {
            if let m = costs.finance.migration {
                lines.append("  migration cost  \(Money(m.total, currency: costs.currency).formatted()) one-off")
            }
            if let best = costs.primary {
                lines.append("  run cost        \(Money(best.total, currency: costs.currency).formatted()) over \(best.months.count) months (\(best.commitment.label), \(costs.primaryComparison))")
            }
        }
        if let c = plan.claimCheck, !c.holds {
            lines.append("  note            \(c.source) says \(NumberText.trim(c.claimedSeconds / 3600, decimals: 2)) h; "
                         + "the correct figure is \(ReportNumber.hours(c.computedSeconds)) (off by a factor of \(NumberText.fixed(c.ratio, 1)))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "100,000 s (27.78 h)" for spans over 2 h, "29.3 min" or "53.6 s" for shorter ones;
    /// "never" when infinite.
    static func duration(_ s: Double) -> String {
        guard s.isFinite else { return "never" }
        if s < 2 * 3600 { return ReportNumber.duration(s) }
        return "\(ReportNumber.grouped(s)) s (\(ReportNumber.hours(s)))"
    }
}
