import Foundation

/// The nodes a service needs now and month by month over a growth forecast.
public struct ServicePlan: Sendable, Equatable, Codable {
    /// The service planned.
    public var spec: ServiceSpec
    /// The figures at today's load with the sized number of servers.
    public var now: QueueMetrics
    /// One entry per month, 0 (now) through the horizon.
    public var months: [Month]

    /// One month of the forecast.
    public struct Month: Sendable, Equatable, Codable {
        /// Months from now (0 = now).
        public var month: Int
        /// Forecast arrival rate, requests per second: λ₀ (1 + g)^month.
        public var arrivalRate: Double
        /// Servers needed that month.
        public var servers: Int
        /// Utilisation with those servers.
        public var utilization: Double
        /// Mean response, seconds.
        public var meanResponse: Double
        /// 95th-percentile response, seconds.
        public var p95Response: Double
        /// Per-node load λ / c, requests per second per server (S0-2).
        public var perNodeLoad: Double
    }

    /// The most servers any month needs.
    public var peakServers: Int { months.map(\.servers).max() ?? now.servers }
    /// Servers needed at the end of the horizon.
    public var finalServers: Int { months.last?.servers ?? now.servers }
}
