import FerryModels
import FerryUnits

extension MigrationPlan {
    /// ESnet's published transfer times imply about this share of the nominal bandwidth
    /// (1 TB in ≈ 3 h at 1 Gbps); used to size the effect of the 100 % default.
    public static let referenceEfficiency = 0.74

    /// A per-file overhead used only to size the effect of leaving `copy.per_file` out, seconds.
    public static let referencePerFileSeconds = 0.010

    /// What the summary must lead with: a sync that never converges, and every default that
    /// moves the answer, with the size of its effect (the plan is re-estimated with the
    /// reference value; the figures come from the time model, not from the writers).
    public var caveats: [String] {
        var out: [String] = []
        let s = scenario, e = estimate
        if let d = e.delta, !d.converges {
            var line = "No cutover is reachable: \(d.reason ?? "each delta round takes longer than the one before")."
            if let r = d.requiredRate { line += " An effective rate above \(DataRate(bytesPerSecond: r).formatted()) is needed." }
            out.append(line)
        }
        if s.path.rate == nil, s.path.linkBandwidth != nil, s.path.efficiency == 1, calibration == nil {
            var slower = s.path
            slower.efficiency = Self.referenceEfficiency
            if let alt = try? MigrationTimeModel.estimate(s.workload, over: slower), alt.seconds > e.seconds * 1.005 {
                out.append("Assumes 100 % link efficiency (network.efficiency not set); at ESnet's \(ReportNumber.percent(Self.referenceEfficiency, decimals: 0)) "
                           + "the bulk copy takes \(ReportNumber.hours(alt.seconds)) instead of \(ReportNumber.hours(e.seconds)).")
            }
        }
        if s.workload.files > 0, s.workload.perFileSeconds == 0, calibration == nil, s.path.objectStore == nil {  // an object store counts its requests
            var slower = s.workload
            slower.perFileSeconds = Self.referencePerFileSeconds
            if let alt = try? MigrationTimeModel.estimate(slower, over: s.path) {
                out.append("Assumes files cost nothing beyond their bytes (copy.per_file not set); at \(ReportNumber.duration(Self.referencePerFileSeconds)) per file "
                           + "the \(ReportNumber.grouped(Double(s.workload.files))) files add \(ReportNumber.duration(alt.perFileSeconds)) over \(e.streams) "
                           + (e.streams == 1 ? "stream." : "streams."))
            }
        }
        if s.path.roundTripTime != nil, s.path.tcpWindow == nil, s.path.perStreamRate == nil {
            out.append("network.rtt is ignored: it limits a stream only with network.tcp_window (per-stream rate = window / rtt).")
        }
        if let d = e.delta, !d.downtimeGiven {
            out.append("Cutover downtime target \(ReportNumber.duration(d.maxDowntime)) is Ferry's default (cutover.max_downtime not set).")
        }
        for p in services where p.spec.maxUtilization == nil {
            out.append("Service \(p.spec.name) has no utilisation cap (max_utilization not set): sized for its objective alone, it runs at \(ReportNumber.percent(p.now.utilization)) now.")
        }
        return out
    }
}
