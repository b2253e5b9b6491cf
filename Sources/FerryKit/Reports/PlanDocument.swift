import Foundation
import FerryModels

/// The machine-readable plan (`--format json`, and `--format csv` as `key,value` rows).
/// Keys are snake_case with the unit in the name: `seconds`, `bytes`,
/// `effective_rate_bytes_per_second`. Values are copied from the plan — nothing is computed here.
public struct PlanDocument: ReportDocument, Sendable {
    public static let kind = "plan"

    /// One phase after the bulk copy.
    public struct Round: Encodable, Sendable {
        /// 1, 2, …
        public var round: Int
        /// Changed data copied in the round, bytes.
        public var bytes: Double
        /// Duration, seconds.
        public var seconds: Double
        /// Whether writes are frozen (the last, cutover round).
        public var cutover: Bool
    }
    /// The calibration a plan took its rates from.
    public struct CalibrationUsed: Encodable, Sendable {
        public var id: Int64
        public var createdAt: String
        public var machine: String
        /// Streams the calibration was evaluated at.
        public var streams: Int
        /// Aggregate copy throughput at those streams, bytes per second.
        public var streamRateBytesPerSecond: Double
        /// Per-file overhead, seconds.
        public var perFileSeconds: Double
        /// Coefficients of variation (dimensionless).
        public var rateCV: Double, perFileCV: Double
        /// Whether the calibration failed its validation, and why.
        public var flagged: Bool = false
        public var failures: [String] = []
        /// Per-directory cost folded into `perFileSeconds`, seconds per directory.
        public var perDirectorySeconds: Double = 0
        /// Seconds each delta round pays to check the unchanged tree; absent when not measured.
        public var roundFloorSeconds: Double? = nil
    }
    /// A figure quoted by a source document, checked.
    public struct Claim: Encodable, Sendable {
        public var claimedSeconds: Double
        public var computedSeconds: Double
        /// claimed / computed.
        public var ratio: Double
        /// Whether the claim is within 5 % of the computed figure.
        public var holds: Bool
        public var source: String
    }

    public var name: String
    public var title: String?
    /// The plan's outcome: `ok`, or `never_converges` when the delta rounds never fit the downtime.
    public var status: String
    /// What the summary leads with: defaults that move the answer, with the size of the effect.
    public var caveats: [String]
    /// Bulk transfer time, seconds (and hours).
    public var seconds: Double, hours: Double
    /// Data and bytes on the wire after compression.
    public var bytes: Double, wireBytes: Double
    public var files: Int
    /// The bytes' share and the per-file share of `seconds`.
    public var byteSeconds: Double, perFileSeconds: Double
    /// R_eff, bytes per second, and the limit that set it.
    public var effectiveRateBytesPerSecond: Double
    public var bottleneck: String
    /// Every limit on the rate, bytes per second (R_eff is the smallest).
    public var rateLimits: [RateLimit]
    public var streams: Int
    public var assumptions: [String]
    /// The whole window (bulk + delta rounds), seconds; absent when the sync never converges.
    public var windowSeconds: Double?
    // Delta rounds (present when the data changes).
    public var converges: Bool?
    public var shrinkFactor: Double?
    public var changeRateBytesPerSecond: Double?
    public var maxDowntimeSeconds: Double?
    public var rounds: [Round]?
    public var cutoverSeconds: Double?
    public var requiredRateBytesPerSecond: Double?
    public var reason: String?
    // Monte Carlo (present with `uncertainty:`).
    public var distribution: MigrationDistribution?
    public var services: [ServiceFigures]
    public var costs: JSONValue?
    public var calibration: CalibrationUsed?
    public var claim: Claim?
    /// What the report leads with before anything else (a calibration that failed validation).
    public var warnings: [String] = []
    /// An object-store target's request terms (present with `target: { kind: s3 }`).
    public var objectStore: ObjectStoreFigures?

    /// An object-store target's requests: how many, their time and what limits it.
    public struct ObjectStoreFigures: Encodable, Sendable {
        /// Requests (files + multipart parts); seconds spent on them; `request_latency` or `request_rate`.
        public var requests: Double, requestSeconds: Double, requestLimit: String
        /// Per-request latency, seconds; the store's limit, requests/s (absent when unlimited).
        public var requestLatencySeconds: Double, requestRateLimitPerSecond: Double?
        /// The S3 path calibration used, when any.
        public var calibrationId: Int64?
    }

    /// Copies the plan.
    public init(_ plan: MigrationPlan) {
        let e = plan.estimate
        name = plan.scenario.name
        title = plan.scenario.title
        status = e.delta.map { $0.converges ? "ok" : "never_converges" } ?? "ok"
        caveats = plan.caveats
        seconds = e.seconds
        hours = e.seconds / 3600
        bytes = e.bytes
        wireBytes = e.wireBytes
        files = plan.scenario.workload.files
        byteSeconds = e.byteSeconds
        perFileSeconds = e.perFileSeconds
        effectiveRateBytesPerSecond = e.effectiveRate
        bottleneck = e.bottleneck.rawValue
        rateLimits = plan.scenario.path.rateLimits
        streams = e.streams
        assumptions = plan.assumptions
        if let d = e.delta {
            converges = d.converges
            shrinkFactor = d.shrinkFactor
            changeRateBytesPerSecond = d.changeRate
            maxDowntimeSeconds = d.maxDowntime
            rounds = d.rounds.map { Round(round: $0.index, bytes: $0.bytes, seconds: $0.seconds, cutover: $0.isCutover) }
            cutoverSeconds = d.cutoverSeconds
            windowSeconds = d.converges ? e.windowSeconds : nil
            requiredRateBytesPerSecond = d.requiredRate
            reason = d.reason
        } else {
            windowSeconds = e.windowSeconds
        }
        distribution = plan.distribution
        services = plan.services.map(ServiceFigures.init)
        costs = plan.costs.map { JSONValue(any: CostJSON.object($0)) }
        calibration = plan.calibration.map {
            CalibrationUsed(id: $0.calibration.id, createdAt: ISO8601DateFormatter().string(from: $0.calibration.createdAt),
                            machine: $0.calibration.machine, streams: $0.streams, streamRateBytesPerSecond: $0.streamRate,
                            perFileSeconds: $0.perFileSeconds, rateCV: $0.rateCV, perFileCV: $0.perFileCV,
                            flagged: $0.flagged, failures: $0.calibration.failures ?? [],
                            perDirectorySeconds: $0.perDirectorySeconds, roundFloorSeconds: $0.roundFloorSeconds)
        }
        warnings = plan.calibration?.warning.map { [$0] } ?? []
        if let store = plan.scenario.path.objectStore, let latency = plan.scenario.path.requestLatency {
            objectStore = ObjectStoreFigures(requests: e.requests, requestSeconds: e.requestSeconds,
                                             requestLimit: (e.requestLimit ?? .requestLatency).rawValue, requestLatencySeconds: latency,
                                             requestRateLimitPerSecond: store.requestRateLimit.isFinite ? store.requestRateLimit : nil,
                                             calibrationId: plan.objectStoreCalibration?.id)
        }
        claim = plan.claimCheck.map {
            Claim(claimedSeconds: $0.claimedSeconds, computedSeconds: $0.computedSeconds, ratio: $0.ratio, holds: $0.holds, source: $0.source)
        }
    }

    enum Key: String, CodingKey {
        case name, title, status, caveats, seconds, hours, bytes, wireBytes, files, byteSeconds, perFileSeconds
        case effectiveRateBytesPerSecond, bottleneck, rateLimits, streams, assumptions, windowSeconds
        case converges, shrinkFactor, changeRateBytesPerSecond, maxDowntimeSeconds, rounds, cutoverSeconds
        case requiredRateBytesPerSecond, reason
        case samples, seed, meanSeconds, analyticMeanSeconds, p10Seconds, p50Seconds, p90Seconds, p99Seconds
        case windowP50Seconds, windowP90Seconds, windowP99Seconds, cutoverP50Seconds, cutoverP90Seconds, cutoverP99Seconds
        case nonConvergingShare, services, costs, calibration, claim, warnings, objectStore
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(title, forKey: .title)
        try c.encode(status, forKey: .status)
        if !warnings.isEmpty { try c.encode(warnings, forKey: .warnings) }
        try c.encode(caveats, forKey: .caveats)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(hours, forKey: .hours)
        try c.encode(bytes, forKey: .bytes)
        try c.encode(wireBytes, forKey: .wireBytes)
        try c.encode(files, forKey: .files)
        try c.encode(byteSeconds, forKey: .byteSeconds)
        try c.encode(perFileSeconds, forKey: .perFileSeconds)
        try c.encodeIfPresent(objectStore, forKey: .objectStore)
        try c.encode(effectiveRateBytesPerSecond, forKey: .effectiveRateBytesPerSecond)
        try c.encode(bottleneck, forKey: .bottleneck)
        try c.encode(rateLimits, forKey: .rateLimits)
        try c.encode(streams, forKey: .streams)
        try c.encode(assumptions, forKey: .assumptions)
        try c.encodeIfPresent(windowSeconds, forKey: .windowSeconds)
        try c.encodeIfPresent(converges, forKey: .converges)
        try c.encodeIfPresent(shrinkFactor, forKey: .shrinkFactor)
        try c.encodeIfPresent(changeRateBytesPerSecond, forKey: .changeRateBytesPerSecond)
        try c.encodeIfPresent(maxDowntimeSeconds, forKey: .maxDowntimeSeconds)
        try c.encodeIfPresent(rounds, forKey: .rounds)
        try c.encodeIfPresent(cutoverSeconds, forKey: .cutoverSeconds)
        try c.encodeIfPresent(requiredRateBytesPerSecond, forKey: .requiredRateBytesPerSecond)
        try c.encodeIfPresent(reason, forKey: .reason)
        if let m = distribution {
            try c.encode(m.samples, forKey: .samples)
            try c.encode(m.seed, forKey: .seed)
            try c.encode(m.meanSeconds, forKey: .meanSeconds)
            try c.encode(m.analyticMeanSeconds, forKey: .analyticMeanSeconds)
            try c.encode(m.p10Seconds, forKey: .p10Seconds)
            try c.encode(m.p50Seconds, forKey: .p50Seconds)
            try c.encode(m.p90Seconds, forKey: .p90Seconds)
            try c.encode(m.p99Seconds, forKey: .p99Seconds)
            if converges != nil {
                // Present whenever the data changes; null when that percentile never converges.
                try c.encode(EncodedAsNull(wrappedValue: m.windowP50Seconds), forKey: .windowP50Seconds)
                try c.encode(EncodedAsNull(wrappedValue: m.windowP90Seconds), forKey: .windowP90Seconds)
                try c.encode(EncodedAsNull(wrappedValue: m.windowP99Seconds), forKey: .windowP99Seconds)
                try c.encode(EncodedAsNull(wrappedValue: m.cutoverP50Seconds), forKey: .cutoverP50Seconds)
                try c.encode(EncodedAsNull(wrappedValue: m.cutoverP90Seconds), forKey: .cutoverP90Seconds)
                try c.encode(EncodedAsNull(wrappedValue: m.cutoverP99Seconds), forKey: .cutoverP99Seconds)
                try c.encode(m.nonConvergingShare, forKey: .nonConvergingShare)
            }
        }
        if !services.isEmpty { try c.encode(services, forKey: .services) }
        try c.encodeIfPresent(costs, forKey: .costs)
        try c.encodeIfPresent(calibration, forKey: .calibration)
        try c.encodeIfPresent(claim, forKey: .claim)
    }
}
