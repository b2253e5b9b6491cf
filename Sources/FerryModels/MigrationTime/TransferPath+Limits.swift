/// One limit on the aggregate transfer rate, for reports that show how R_eff was chosen.
public struct RateLimit: Sendable, Equatable, Codable {
    /// Which part of the path imposes it.
    public var kind: Bottleneck
    /// The limit, bytes per second.
    public var bytesPerSecond: Double
}

extension TransferPath {
    /// Every limit that applies, in the order `effectiveRate()` considers them; R_eff is the
    /// smallest of them.
    /// ```
    /// rate (given)  or  bandwidth × efficiency
    /// streams × min(per-stream rate, tcp_window / rtt)   (whichever are given)
    /// source limit, target limit
    /// ```
    /// A tcp_window without an rtt is refused by `validate()`.
    public var rateLimits: [RateLimit] {
        var out: [RateLimit] = []
        if let r = rate {
            out.append(RateLimit(kind: .givenRate, bytesPerSecond: r))
        } else if let b = linkBandwidth {
            out.append(RateLimit(kind: .link, bytesPerSecond: b * efficiency))
        }
        if let s = streamLimitAndSource {
            // min(per-stream rate, window / rtt): every given per-stream limit applies.
            out.append(RateLimit(kind: s.isWindow ? .tcpWindow : .streams, bytesPerSecond: Double(streams) * s.rate))
        }
        if let s = sourceLimit { out.append(RateLimit(kind: .source, bytesPerSecond: s)) }
        if let t = targetLimit { out.append(RateLimit(kind: .target, bytesPerSecond: t)) }
        return out
    }
}
