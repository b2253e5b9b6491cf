import FerryModels

/// The figures of one queue at one server count, with the key names every report uses
/// (`ferry capacity`, the plan's services): seconds, requests per second, fractions.
public struct QueueFigures: Encodable, Sendable, Equatable {
    /// The model used: `M/M/c` (exact) or `G/G/c (Allen–Cunneen)`.
    public var method: String
    /// Servers (nodes).
    public var servers: Int
    /// Offered arrivals, requests per second.
    public var arrivalRatePerSecond: Double
    /// Mean service time on one server, seconds.
    public var serviceTimeSeconds: Double
    /// Offered load λ·S, erlangs.
    public var offeredLoadErlangs: Double
    /// Server utilisation ρ = λS/N, a fraction.
    public var utilization: Double
    /// Probability an arrival waits (Erlang C for M/M/c), a fraction.
    public var pWait: Double
    /// Mean wait in the queue, seconds.
    public var meanWaitSeconds: Double
    /// Mean response (wait + service + fixed delay), seconds.
    public var meanResponseSeconds: Double
    /// Response-time percentiles, seconds.
    public var p50ResponseSeconds: Double, p90ResponseSeconds: Double, p95ResponseSeconds: Double, p99ResponseSeconds: Double
    /// Wait percentiles, seconds.
    public var p95WaitSeconds: Double, p99WaitSeconds: Double
    /// λ/N, requests per second per server (a load, not a response time).
    public var perNodeLoadPerSecond: Double
    /// Payload / bandwidth added to every response, seconds.
    public var fixedDelaySeconds: Double

    /// Copies the model's metrics (no arithmetic).
    public init(_ m: QueueMetrics) {
        method = m.method
        servers = m.servers
        arrivalRatePerSecond = m.arrivalRate
        serviceTimeSeconds = m.serviceTime
        offeredLoadErlangs = m.offeredLoad
        utilization = m.utilization
        pWait = m.probabilityOfWaiting
        meanWaitSeconds = m.meanWait
        meanResponseSeconds = m.meanResponse
        p50ResponseSeconds = m.response.p50
        p90ResponseSeconds = m.response.p90
        p95ResponseSeconds = m.response.p95
        p99ResponseSeconds = m.response.p99
        p95WaitSeconds = m.wait.p95
        p99WaitSeconds = m.wait.p99
        perNodeLoadPerSecond = m.perNodeLoad
        fixedDelaySeconds = m.fixedDelay
    }
}

/// One month of a growth forecast.
public struct MonthFigures: Encodable, Sendable, Equatable {
    /// Months from now (0 = now).
    public var month: Int
    /// Arrivals that month, requests per second.
    public var arrivalRatePerSecond: Double
    /// Servers needed that month.
    public var servers: Int
    /// Utilisation at that size, a fraction.
    public var utilization: Double
    /// Mean and 95th-percentile response, seconds.
    public var meanResponseSeconds: Double, p95ResponseSeconds: Double
    /// λ/N, requests per second per server.
    public var perNodeLoadPerSecond: Double

    /// Copies the model's month (no arithmetic).
    public init(_ m: ServicePlan.Month) {
        month = m.month
        arrivalRatePerSecond = m.arrivalRate
        servers = m.servers
        utilization = m.utilization
        meanResponseSeconds = m.meanResponse
        p95ResponseSeconds = m.p95Response
        perNodeLoadPerSecond = m.perNodeLoad
    }
}

/// The discrete-event check of a queue, with ± one batch-means standard error.
public struct SimulationFigures: Encodable, Sendable, Equatable {
    /// Customers simulated after warm-up.
    public var customers: Int
    /// Servers simulated.
    public var servers: Int
    /// Measured utilisation and P(wait), fractions.
    public var utilization: Double, pWait: Double
    /// Measured mean wait and response, seconds, and the standard error of the mean response.
    public var meanWaitSeconds: Double, meanResponseSeconds: Double, meanResponseStdErrorSeconds: Double
    /// Measured response percentiles, seconds, and the standard error of the 95th.
    public var p50ResponseSeconds: Double, p90ResponseSeconds: Double, p95ResponseSeconds: Double,
               p95ResponseStdErrorSeconds: Double, p99ResponseSeconds: Double

    /// Copies the simulator's result.
    public init(_ s: SimulationResult) {
        customers = s.customers
        servers = s.servers
        utilization = s.utilization
        pWait = s.probabilityOfWaiting
        meanWaitSeconds = s.meanWait
        meanResponseSeconds = s.meanResponse
        meanResponseStdErrorSeconds = s.meanResponseStandardError
        p50ResponseSeconds = s.response.p50
        p90ResponseSeconds = s.response.p90
        p95ResponseSeconds = s.response.p95
        p95ResponseStdErrorSeconds = s.p95ResponseStandardError
        p99ResponseSeconds = s.response.p99
    }
}

/// A service of a plan: its figures now (flattened at the top level, like `ferry capacity`),
/// its objective and utilisation cap, and the month-by-month forecast.
public struct ServiceFigures: Encodable, Sendable {
    /// The service's name as written in the scenario.
    public var name: String
    /// The queue now.
    public var now: QueueFigures
    /// The objectives, as written (`p95 ≤ 250 ms`).
    public var objectives: [String]
    /// The utilisation cap, a fraction; `null` when none applies.
    @EncodedAsNull public var maxUtilization: Double?
    /// Load growth per month, a fraction.
    public var growthPerMonth: Double
    /// Servers at the end of the horizon.
    public var finalServers: Int
    /// One entry per month.
    public var months: [MonthFigures]

    /// Copies a service plan.
    public init(_ p: ServicePlan) {
        name = p.spec.name
        now = QueueFigures(p.now)
        objectives = p.spec.objectives.map(\.description)
        maxUtilization = p.spec.maxUtilization
        growthPerMonth = p.spec.growthPerMonth
        finalServers = p.finalServers
        months = p.months.map(MonthFigures.init)
    }

    enum CodingKeys: String, CodingKey { case name, objectives, maxUtilization, growthPerMonth, finalServers, months }

    public func encode(to encoder: Encoder) throws {
        try now.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(objectives, forKey: .objectives)
        try c.encode(_maxUtilization, forKey: .maxUtilization)
        try c.encode(growthPerMonth, forKey: .growthPerMonth)
        try c.encode(finalServers, forKey: .finalServers)
        try c.encode(months, forKey: .months)
    }
}
