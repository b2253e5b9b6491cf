import Foundation
import FerryModels
import FerryUnits

/// The Markdown report of a plan (`plan.md`).
public enum PlanMarkdown {
    /// Renders the report.
    /// - Parameter charts: file names of the SVG charts written beside the report, to embed.
    public static func render(_ plan: MigrationPlan, charts: [String: String] = [:]) -> String {
        let s = plan.scenario, e = plan.estimate
        var md = "# Migration plan: \(s.title ?? s.name)\n\n"
        if let warning = plan.calibration?.warning { md += "> **Warning:** \(warning).\n\n" }
        md += "Scenario `\(s.source)` · Ferry \(FerryInfo.version) · sizes and rates in SI units (1 TB = 10¹² B, 1 Gbps = 10⁹ bit/s)\n\n"

        if !plan.caveats.isEmpty {
            md += plan.caveats.map { "> **Note.** \($0)\n" }.joined(separator: ">\n") + "\n"
        }
        md += "## Answer\n\n| | |\n|---|---|\n"
        md += "| Bulk transfer time | **\(hours(e.seconds))** (\(NumberText.grouped(e.seconds)) s) |\n"
        if let d = e.delta {
            if d.converges, let cut = d.cutoverSeconds {
                md += "| Cutover downtime | **\(TimeSpan(seconds: cut).formatted())** (target \(TimeSpan(seconds: d.maxDowntime).formatted())\(d.downtimeGiven ? "" : ", Ferry's default")) |\n"
                md += "| Whole window (bulk + \(ReportNumber.counted(d.rounds.count, "delta round"))) | \(hours(e.windowSeconds)) |\n"
            } else {
                md += "| Cutover | **not reachable**: the delta rounds never converge |\n"
            }
        }
        if let m = plan.distribution {
            md += "| P10 / P50 / P90 / P99 (bulk) | \(hours(m.p10Seconds)) / \(hours(m.p50Seconds)) / \(hours(m.p90Seconds)) / \(hours(m.p99Seconds)) |\n"
        }
        md += "| Data | \(ByteCount(bytes: e.bytes).formatted()) (\(NumberText.grouped(e.bytes)) bytes)"
        if s.workload.files > 0 { md += " in \(NumberText.grouped(Double(s.workload.files))) files" }
        md += " |\n"
        if e.wireBytes < e.bytes {
            md += "| On the wire | \(ByteCount(bytes: e.wireBytes).formatted()) (compression ratio \(NumberText.trim(s.workload.compressionRatio))) |\n"
        }
        md += "| Effective rate | \(DataRate(bytesPerSecond: e.effectiveRate).formatted()) (\(DataRate(bytesPerSecond: e.effectiveRate).formattedBits())) |\n"
        md += "| Bottleneck | \(e.bottleneck.explanation) |\n"
        if e.requestLimit != nil {
            md += "| Object-store requests | \(NumberText.grouped(e.requests)) requests: \(ReportNumber.duration(e.requestSeconds)) |\n"
        }
        md += "| Streams | \(e.streams) |\n\n"

        if let c = plan.claimCheck {
            md += "## The source document's figure\n\n"
            if c.holds {
                md += "\(c.source) gives \(hours(c.claimedSeconds)); Ferry agrees (\(hours(c.computedSeconds))).\n\n"
            } else {
                md += "\(c.source) gives **\(NumberText.trim(c.claimedSeconds / 3600, decimals: 2)) h**. The correct figure is **\(hours(c.computedSeconds))**: "
                md += "the document is wrong by a factor of \(NumberText.fixed(c.ratio, 1)).\n\n"
            }
        }

        if let a = plan.calibration {
            md += "## Calibration\n\n"
            md += "Rates from \(a.calibration.citation). At \(a.streams) streams it predicts \(DataRate(bytesPerSecond: a.streamRate).formatted()) "
            md += "of copy throughput (± \(NumberText.fixed(a.rateCV * 100, 1)) %) and \(TimeSpan(seconds: a.perFileSeconds).formatted()) per file "
            md += "(± \(NumberText.fixed(a.perFileCV * 100, 1)) %); these uncertainties are carried into the Monte Carlo.\n\n"
        }
        md += "## How the time is made up\n\n```\n"
        md += "T = D × ratio / R_eff + files × t_file / streams\n"
        md += "  = \(ByteCount(bytes: e.bytes).formatted()) × \(NumberText.trim(s.workload.compressionRatio)) / \(DataRate(bytesPerSecond: e.effectiveRate).formatted())"
        md += " + \(NumberText.grouped(Double(s.workload.files))) × \(TimeSpan(seconds: s.workload.perFileSeconds).formatted()) / \(e.streams)\n"
        if let store = s.path.objectStore, let a = s.path.requestLatency, e.requestLimit != nil {
            // The object store's requests (docs/models.md, "Object-store target").
            let lambda = store.requestRateLimit.isFinite ? "\(NumberText.grouped(store.requestRateLimit))/s" : "∞"
            md += "  + t₀ + max(R × (a + 1/λ) / streams, R / λ)      R = \(NumberText.grouped(e.requests)) requests, a = \(TimeSpan(seconds: a).formatted()), λ = \(lambda), t₀ = \(TimeSpan(seconds: store.fixedSeconds).formatted())\n"
            md += "  = \(NumberText.grouped(e.byteSeconds, decimals: 1)) s + \(NumberText.grouped(e.perFileSeconds, decimals: 1)) s + \(NumberText.grouped(e.requestSeconds, decimals: 1)) s = \(NumberText.grouped(e.seconds, decimals: 1)) s\n```\n\n"
        } else {
            md += "  = \(NumberText.grouped(e.byteSeconds, decimals: 1)) s + \(NumberText.grouped(e.perFileSeconds, decimals: 1)) s = \(NumberText.grouped(e.seconds, decimals: 1)) s\n```\n\n"
        }
        md += "R_eff is the smallest of the limits given:\n\n"
        for (label, value) in limits(s.path) {
            md += "- \(label): \(DataRate(bytesPerSecond: value).formatted()) (\(DataRate(bytesPerSecond: value).formattedBits()))\n"
        }
        md += "\n"

        if let d = e.delta {
            md += "## Incremental sync and cutover\n\n"
            md += "The data changes at \(DataRate(bytesPerSecond: d.changeRate).formatted()) (\(ByteCount(bytes: d.changeRate * 86_400).formatted())/day). "
            md += "Each delta round copies what changed during the previous one, so rounds shrink by the factor q = c × τ = \(NumberText.trim(d.shrinkFactor, decimals: 5)) "
            md += "(τ = seconds per byte including per-file overhead).\n\n"
            if !d.converges {
                md += "**The sync never converges.** \(d.reason ?? "")"
                if let r = d.requiredRate {
                    md += " An effective rate above \(DataRate(bytesPerSecond: r).formatted()) (\(DataRate(bytesPerSecond: r).formattedBits())) is needed, or the changes must be reduced (freeze writes earlier, migrate in segments)."
                } else {
                    md += " Per-file overhead alone outpaces the changes: no rate suffices; reduce per-file cost (more streams, bundling small files)."
                }
                md += "\n\n"
            }
            md += "| round | data changed | duration | writes frozen |\n|---:|---:|---:|:---:|\n"
            md += "| bulk | \(ByteCount(bytes: e.bytes).formatted()) | \(TimeSpan(seconds: e.seconds).formatted()) | no |\n"
            for r in d.rounds {
                md += "| \(r.index) | \(ByteCount(bytes: r.bytes).formatted()) | \(TimeSpan(seconds: r.seconds).formatted()) | \(r.isCutover ? "**yes**" : "no") |\n"
            }
            md += "\n"
            if let chart = charts["delta"] { md += "![Delta rounds](\(chart))\n\n" }
        }

        if let m = plan.distribution {
            md += "## Uncertainty\n\n"
            md += "\(NumberText.grouped(Double(m.samples))) Monte Carlo samples (seed \(m.seed)).\n\n"
            md += "| | P50 | P90 | P99 |\n|---|---:|---:|---:|\n"
            md += "| Bulk transfer | \(hours(m.p50Seconds)) | \(hours(m.p90Seconds)) | \(hours(m.p99Seconds)) |\n"
            if e.delta != nil {
                md += "| Whole window | \(hoursOrNever(m.windowP50Seconds)) | \(hoursOrNever(m.windowP90Seconds)) | \(hoursOrNever(m.windowP99Seconds)) |\n"
                md += "| Cutover downtime | \(spanOrNever(m.cutoverP50Seconds)) | \(spanOrNever(m.cutoverP90Seconds)) | \(spanOrNever(m.cutoverP99Seconds)) |\n"
            }
            md += "\nSample mean \(hours(m.meanSeconds)) against the model's exact mean \(hours(m.analyticMeanSeconds)) "
            md += "(E[1/R] = (1 + cv²)/E[R] for a lognormal rate, so the mean exceeds the point estimate)."
            if m.nonConvergingShare > 0 {
                md += " In \(NumberText.fixed(m.nonConvergingShare * 100, 1)) % of samples the delta rounds never converge."
            }
            md += "\n\n"
            if let chart = charts["distribution"] { md += "![Distribution of the bulk transfer time](\(chart))\n\n" }
        }

        md += ServiceReport.markdown(plan.services, charts: charts)
        if let costs = plan.costs { md += costSummary(costs, linked: charts["cost"]) }
        md += "## Assumptions\n\n"
        for a in plan.assumptions { md += "- \(a)\n" }
        return md
    }

    /// A short cost section pointing at `cost.md`, which has the full projection.
    static func costSummary(_ p: CostProjection, linked: String?) -> String {
        var md = "## Cost\n\n| | |\n|---|---|\n"
        if let m = p.finance.migration {
            md += "| One-off migration cost | **\(Money(m.total, currency: p.currency).formatted())** |\n"
        }
        for option in p.finance.options {
            if let reason = option.unavailable {
                md += "| \(option.commitment.label) | not available: \(reason) |\n"
            } else {
                let first = option.months.first.map { Money($0.recurring, currency: p.currency).formatted() } ?? "–"
                md += "| \(option.commitment.label): first month / total over \(option.months.count) months | \(first) / \(Money(option.total, currency: p.currency).formatted()) |\n"
            }
        }
        if let best = p.primary { md += "| Recommended purchase option | \(best.commitment.label): \(p.primaryComparison) |\n" }
        if let c = p.catalog { md += "| Catalogue | \(c.provider) \(c.region), prices as of \(c.asOf) |\n" }
        md += "\n"
        if let link = linked { md += "The full projection (monthly table, commitments, break-even, sensitivity) is in [\(link)](\(link)).\n\n" }
        return md
    }

    /// The limits on the rate, labelled, with the values the time model used
    /// (`TransferPath.rateLimits`; R_eff is the smallest).
    static func limits(_ p: TransferPath) -> [(String, Double)] {
        p.rateLimits.map { limit in
            let label: String
            switch limit.kind {
            case .givenRate: label = "given effective rate"
            case .link: label = "link \(DataRate(bytesPerSecond: p.linkBandwidth ?? 0).formattedBits()) × efficiency \(NumberText.trim(p.efficiency))"
            case .streams: label = "\(p.streams) streams × per-stream rate"
            case .tcpWindow: label = "\(p.streams) streams × TCP window \(ByteCount(bytes: p.tcpWindow ?? 0).formatted(.iec)) / RTT \(TimeSpan(seconds: p.roundTripTime ?? 0).formatted())"
            case .source: label = "source read limit"
            case .target: label = "target write limit"
            case .requestLatency, .requestRate: label = limit.kind.explanation  // request limits are not rate limits
            }
            return (label, limit.bytesPerSecond)
        }
    }

    static func hours(_ s: Double) -> String { ReportNumber.hours(s) }
    static func hoursOrNever(_ s: Double?) -> String { s.map(hours) ?? "never" }
    static func spanOrNever(_ s: Double?) -> String { s.map { TimeSpan(seconds: $0).formatted() } ?? "never" }
}

/// Facts about this build of Ferry, for reports and the environment fingerprint.
public enum FerryInfo {
    /// The semantic version.
    public static let version = "0.1.0"
}
