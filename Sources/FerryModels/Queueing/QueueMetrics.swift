import Foundation

/// The response-time figures of a queue with a given number of servers.
public struct QueueMetrics: Sendable, Equatable, Codable {
    /// `"M/M/c"` (exact) or `"G/G/c (Allen–Cunneen; P(wait) from M/M/c)"` (approximate).
    public var method: String
    /// Number of servers c.
    public var servers: Int
    /// Arrival rate λ, requests per second.
    public var arrivalRate: Double
    /// Mean service time S, seconds.
    public var serviceTime: Double
    /// Offered load A = λS, erlangs.
    public var offeredLoad: Double
    /// Utilisation ρ = λS / c, in [0, 1).
    public var utilization: Double
    /// Probability an arrival waits (Erlang C).
    public var probabilityOfWaiting: Double
    /// Mean time in queue Wq, seconds.
    public var meanWait: Double
    /// Mean response R = Wq + S + fixed delay, seconds.
    public var meanResponse: Double
    /// Response-time percentiles, seconds.
    public var response: Percentiles
    /// Waiting-time percentiles, seconds.
    public var wait: Percentiles
    /// Per-node load λ / c, requests per second per server (the document's `R = L / N`, S0-2:
    /// a load, not a response time).
    public var perNodeLoad: Double
    /// The constant delay included in every response figure, seconds.
    public var fixedDelay: Double
}

/// The p50, p90, p95 and p99 of a distribution, in seconds.
public struct Percentiles: Sendable, Equatable, Codable {
    /// The levels reported, in order: 0.50, 0.90, 0.95, 0.99.
    public static let levels: [Double] = [0.50, 0.90, 0.95, 0.99]
    /// Median, seconds.
    public var p50: Double
    /// 90th percentile, seconds.
    public var p90: Double
    /// 95th percentile, seconds.
    public var p95: Double
    /// 99th percentile, seconds.
    public var p99: Double

    /// Creates the four percentiles, seconds.
    public init(p50: Double, p90: Double, p95: Double, p99: Double) {
        self.p50 = p50
        self.p90 = p90
        self.p95 = p95
        self.p99 = p99
    }

    /// From values at `levels`, in order.
    init(_ values: [Double]) {
        self.init(p50: values[0], p90: values[1], p95: values[2], p99: values[3])
    }
}
