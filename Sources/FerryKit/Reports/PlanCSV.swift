import Foundation
import FerryModels
import FerryUnits

/// Tabular forms of a plan: the phases (bulk copy, delta rounds, cutover) and the distribution.
public enum PlanCSV {
    /// One row per phase: `phase,round,data_bytes,wire_bytes,seconds,cumulative_seconds,writes_frozen`.
    public static func phases(_ plan: MigrationPlan) -> String {
        let e = plan.estimate
        var rows = ["phase,round,data_bytes,wire_bytes,seconds,cumulative_seconds,writes_frozen"]
        var cumulative = e.seconds
        rows.append("bulk,0,\(bytes(e.bytes)),\(bytes(e.wireBytes)),\(n(e.seconds)),\(n(cumulative)),false")
        let ratio = e.wireBytes / e.bytes
        for r in e.delta?.rounds ?? [] {
            cumulative += r.seconds
            rows.append("\(r.isCutover ? "cutover" : "delta"),\(r.index),\(bytes(r.bytes)),\(bytes(r.bytes * ratio)),\(n(r.seconds)),\(n(cumulative)),\(r.isCutover)")
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// Percentiles and histogram of the Monte Carlo: `statistic,seconds,count`.
    public static func distribution(_ m: MigrationDistribution) -> String {
        var rows = ["statistic,seconds,count"]
        rows.append("mean,\(n(m.meanSeconds)),\(m.samples)")
        rows.append("analytic_mean,\(n(m.analyticMeanSeconds)),")
        rows.append("p50,\(n(m.p50Seconds)),")
        rows.append("p90,\(n(m.p90Seconds)),")
        rows.append("p99,\(n(m.p99Seconds)),")
        for (i, c) in m.histogram.counts.enumerated() {
            rows.append("bin,\(n(m.histogram.lower + Double(i) * m.histogram.width)),\(c)")
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// The whole plan as `key,value` rows: the same keys as its JSON (`--format csv`).
    public static func whole(_ plan: MigrationPlan) -> String { ReportCSV.keyValues(PlanDocument(plan)) }

    /// Seconds in CSV: to the millisecond, no thousands separators; empty when not finite.
    static func n(_ x: Double) -> String { ReportNumber.seconds(x) }
    /// Bytes in CSV: whole bytes.
    static func bytes(_ x: Double) -> String { ReportNumber.wholeBytes(x) }
}
