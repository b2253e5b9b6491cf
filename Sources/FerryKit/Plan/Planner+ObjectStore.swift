import Foundation
import FerryModels
import FerryUnits

extension Planner {
    /// Sets an object-store target's terms from an S3 path calibration:
    /// ```
    /// a  = the fitted per-request latency          (replaces target.request_latency / network.rtt)
    /// t₀ = the fitted start-up
    /// λ  = the fitted request-rate limit           (unless target.request_rate_limit is given)
    /// r_stream = the fitted per-stream rate        (the network's limits still cap the total)
    /// ```
    /// The fitted path bandwidth is not carried over: the scenario's `network` describes the
    /// path being planned.
    static func apply(_ c: ObjectStoreCalibration, to s: inout Scenario) {
        guard var store = s.path.objectStore else { return }
        let m = c.model
        store.requestLatency = m.requestLatency
        store.fixedSeconds = m.fixedSeconds
        if !s.objectStoreRateLimitGiven { store.requestRateLimit = m.requestRateLimit }
        s.path.objectStore = store
        // A stream rate at the fit's upper edge means "not limiting" on the benched path.
        if m.streamRate.isFinite, m.streamRate < S3PathCalibration.streamRateCeiling {
            s.path.perStreamRate = s.path.perStreamRate.map { min($0, m.streamRate) } ?? m.streamRate
        }
    }
}

extension Planner {
    /// What an object-store plan took for granted, in words (empty for a file-system target).
    static func objectStoreAssumptions(_ s: Scenario, _ e: MigrationEstimate, _ c: ObjectStoreCalibration?) -> [String] {
        guard let store = s.path.objectStore, let latency = s.path.requestLatency else { return [] }
        var out: [String] = []
        let rate = store.requestRateLimit.isFinite ? "\(NumberText.grouped(store.requestRateLimit)) requests/s" : "no request-rate limit"
        let source = c.map { "from \($0.citation)" }
            ?? (store.requestLatency == nil ? "one round trip (network.rtt) per request" : "target.request_latency")
        out.append("Object store: \(NumberText.grouped(e.requests)) requests (files + multipart parts of "
                   + "\(ByteCount(bytes: store.partSize).formatted(.iec)) from \(ByteCount(bytes: store.multipartThreshold).formatted(.iec))), "
                   + "each \(TimeSpan(seconds: latency).formatted()) (\(source)), spread over \(s.path.streams) streams; "
                   + "store limit \(rate)\(s.objectStoreRateLimitGiven || c == nil ? "" : " (calibrated)").")
        if s.workload.sizeClasses == nil && s.workload.files > 0 {
            out.append("Multipart parts counted as if every file had the mean size (\(ByteCount(bytes: s.workload.bytes / Double(s.workload.files)).formatted())); a scan (data.inventory) counts them per size class.")
        }
        if let c, c.isFlagged {
            out.append("WARNING: \(c.citation) FAILED its validation (\(c.failures.joined(separator: "; "))).")
        }
        return out
    }
}
