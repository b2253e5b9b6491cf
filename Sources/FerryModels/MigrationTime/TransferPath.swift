import Foundation

/// What limits the speed of a transfer: the link, the streams, and either end.
///
/// The effective rate is the smallest of the limits that are given:
/// ```
/// R_eff = min(R_given or B × η, N × r_stream, R_source, R_target)
/// r_stream = min(given, W / RTT)   (whichever are given; W / RTT is the bandwidth-delay limit)
/// ```
public struct TransferPath: Sendable, Equatable, Codable {
    /// An aggregate rate already known (measured, or quoted by a tool), bytes/s. Efficiency
    /// does not apply to it. Either this or `linkBandwidth` is needed.
    public var rate: Double?
    /// The link's nominal bandwidth, bytes/s (1 Gbps = 1.25·10^8 B/s).
    public var linkBandwidth: Double?
    /// The share of the link bandwidth a transfer achieves, in (0, 1]; protocol overhead,
    /// congestion, sharing. ESnet's rules of thumb imply about 0.74.
    public var efficiency: Double
    /// Parallel streams (connections or workers), ≥ 1.
    public var streams: Int
    /// The most one stream can carry, bytes/s, when known directly.
    public var perStreamRate: Double?
    /// Round-trip time, seconds; with `tcpWindow` gives the per-stream limit W / RTT.
    public var roundTripTime: Double?
    /// TCP window (or socket buffer) per stream, bytes.
    public var tcpWindow: Double?
    /// The most the source can read, bytes/s.
    public var sourceLimit: Double?
    /// The most the target can write, bytes/s.
    public var targetLimit: Double?
    /// The target is an object store (S3): requests cost round trips and are rate-limited;
    /// `nil` for a file system.
    public var objectStore: ObjectStoreTarget? = nil

    /// Creates a transfer path; all rates in bytes/s, durations in seconds.
    public init(rate: Double? = nil, linkBandwidth: Double? = nil, efficiency: Double = 1, streams: Int = 1,
                perStreamRate: Double? = nil, roundTripTime: Double? = nil, tcpWindow: Double? = nil,
                sourceLimit: Double? = nil, targetLimit: Double? = nil) {
        self.rate = rate
        self.linkBandwidth = linkBandwidth
        self.efficiency = efficiency
        self.streams = streams
        self.perStreamRate = perStreamRate
        self.roundTripTime = roundTripTime
        self.tcpWindow = tcpWindow
        self.sourceLimit = sourceLimit
        self.targetLimit = targetLimit
    }

    /// The per-stream limit in bytes/s: the smaller of the given per-stream rate and W / RTT
    /// (each when known); `nil` when neither is known. Every given limit applies.
    public var streamLimit: Double? { streamLimitAndSource?.rate }

    /// The per-stream limit and whether the TCP window (W / RTT) is what sets it.
    var streamLimitAndSource: (rate: Double, isWindow: Bool)? {
        var window: Double?
        if let w = tcpWindow, let rtt = roundTripTime, rtt > 0 { window = w / rtt }
        switch (perStreamRate, window) {
        case let (r?, w?): return w < r ? (w, true) : (r, false)
        case let (r?, nil): return (r, false)
        case let (nil, w?): return (w, true)
        case (nil, nil): return nil
        }
    }

    /// Checks every field.
    /// - Throws: `MigrationError` naming the first bad field.
    public func validate() throws {
        guard rate != nil || linkBandwidth != nil else { throw MigrationError.noRate }
        if let r = rate { try require(r, "rate (bytes/s)", positive: true) }
        if let b = linkBandwidth { try require(b, "bandwidth (bytes/s)", positive: true) }
        try require(efficiency, "efficiency", positive: true, atMost: 1)
        guard streams >= 1 else {
            throw MigrationError.invalidInput(field: "streams", value: Double(streams), requirement: "must be ≥ 1")
        }
        if let r = perStreamRate { try require(r, "per-stream rate (bytes/s)", positive: true) }
        if let rtt = roundTripTime { try require(rtt, "rtt (s)", positive: true) }
        if let w = tcpWindow { try require(w, "tcp window (bytes)", positive: true) }
        if tcpWindow != nil, roundTripTime == nil {
            throw MigrationError.invalidInput(field: "tcp window", value: tcpWindow ?? 0,
                                              requirement: "needs an rtt too: the per-stream limit is window / rtt")
        }
        if let s = sourceLimit { try require(s, "source limit (bytes/s)", positive: true) }
        if let t = targetLimit { try require(t, "target limit (bytes/s)", positive: true) }
        if let store = objectStore {
            try store.validate()
            guard store.requestLatency != nil || roundTripTime != nil else {
                throw MigrationError.invalidInput(field: "request latency", value: .nan,
                                                  requirement: "an object-store target needs its request latency or the path's rtt")
            }
        }
    }

    /// The object store's per-request latency a, seconds: its own, else the path's RTT (one
    /// round trip per request); `nil` without an object store.
    public var requestLatency: Double? {
        guard let store = objectStore else { return nil }
        return store.requestLatency ?? roundTripTime
    }

    /// The effective rate and what sets it.
    /// - Returns: the smallest limit, bytes/s, and which limit it is (the first listed wins a tie:
    ///   rate/link, then streams, source, target).
    /// - Throws: `MigrationError` for invalid fields.
    public func effectiveRate() throws -> (bytesPerSecond: Double, bottleneck: Bottleneck) {
        try validate()
        let candidates = rateLimits.map { ($0.bytesPerSecond, $0.kind) }
        var best = candidates[0]
        for c in candidates.dropFirst() where c.0 < best.0 { best = c }
        return best
    }
}

/// The limit that sets a transfer's effective rate.
public enum Bottleneck: String, Sendable, Codable, CaseIterable {
    /// The aggregate rate given by the user.
    case givenRate = "rate"
    /// The network link (bandwidth × efficiency).
    case link
    /// Streams × the per-stream rate.
    case streams
    /// Streams × TCP window / RTT (the bandwidth-delay product).
    case tcpWindow = "tcp_window"
    /// The source's read rate.
    case source
    /// The target's write rate.
    case target
    /// An object store's requests, each waiting a round trip: R · (a + 1/λ) / N.
    case requestLatency = "request_latency"
    /// An object store's request-rate limit: R / λ (S3: 3,500 PUT/s per prefix).
    case requestRate = "request_rate"

    /// A phrase for reports, e.g. "the link (bandwidth × efficiency)".
    public var explanation: String {
        switch self {
        case .givenRate: return "the given effective rate"
        case .link: return "the network link (bandwidth × efficiency)"
        case .streams: return "the streams (streams × per-stream rate)"
        case .tcpWindow: return "the TCP window (streams × window / RTT)"
        case .source: return "the source's read rate"
        case .target: return "the target's write rate"
        case .requestLatency: return "the object store's per-request round trips (requests × latency / streams)"
        case .requestRate: return "the object store's request-rate limit (requests / limit)"
        }
    }
}
