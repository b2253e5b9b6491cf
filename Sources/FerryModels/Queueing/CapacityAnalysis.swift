import Foundation

/// One capacity question as the `ferry capacity` command asks it: evaluate a server count or
/// size one, optionally over a growth forecast, optionally checked by simulation.
public struct CapacityRequest: Sendable, Equatable {
    /// The service: load, service time, variability, objectives, cap, growth (name is a label).
    public var service: ServiceSpec
    /// Servers to evaluate; `nil` to size for `service.objectives` / `service.maxUtilization`.
    public var servers: Int?
    /// Forecast horizon in months (0 = now only).
    public var months: Int
    /// Simulation to run at the evaluated (or sized) server count, or `nil`.
    public var simulation: Simulation?

    /// Parameters of a simulation run.
    public struct Simulation: Sendable, Equatable {
        /// Customers measured (2,000 … `QueueSimulator.maxCustomers`).
        public var customers: Int
        /// RNG seed.
        public var seed: UInt64
        /// Creates simulation parameters.
        public init(customers: Int, seed: UInt64) {
            self.customers = customers
            self.seed = seed
        }
    }

    /// Creates a request.
    /// - Parameters:
    ///   - service: the service description.
    ///   - servers: a fixed count to evaluate, or `nil` to size.
    ///   - months: horizon, ≥ 0.
    ///   - simulation: optional simulation.
    public init(service: ServiceSpec, servers: Int? = nil, months: Int = 0, simulation: Simulation? = nil) {
        self.service = service
        self.servers = servers
        self.months = months
        self.simulation = simulation
    }
}

/// The answer to a `CapacityRequest`.
public struct CapacityReport: Sendable, Equatable {
    /// Figures now, at the evaluated or sized server count.
    public var now: QueueMetrics
    /// Whether `now.servers` was sized (true) or given (false).
    public var sized: Bool
    /// Month-by-month entries when a horizon was asked for (month 0 … months), else empty.
    public var months: [ServicePlan.Month]
    /// The simulation's measurements, when one was asked for.
    public var simulation: SimulationResult?
}

/// Answers capacity requests (the library side of `ferry capacity`).
public enum CapacityAnalysis {
    /// Evaluates or sizes, over the horizon, and simulates if asked.
    /// - Throws: `QueueError` (unstable, unreachable objective, bad input).
    public static func run(_ request: CapacityRequest) throws -> CapacityReport {
        let spec = request.service
        guard (0...CapacityPlanner.maxMonths).contains(request.months) else { throw QueueError.invalidHorizon(months: request.months) }
        let model = try spec.model()
        var months: [ServicePlan.Month] = []
        let now: QueueMetrics
        if let servers = request.servers {
            now = try model.metrics(servers: servers)
            if request.months > 0 {
                months = try CapacityPlanner.evaluate(spec, servers: servers, months: request.months).enumerated().map { m, q in
                    ServicePlan.Month(month: m, arrivalRate: q.arrivalRate, servers: q.servers, utilization: q.utilization,
                                      meanResponse: q.meanResponse, p95Response: q.response.p95, perNodeLoad: q.perNodeLoad)
                }
            }
        } else {
            let plan = try CapacityPlanner.plan(spec, months: request.months)
            now = plan.now
            if request.months > 0 { months = plan.months }
        }
        var simulation: SimulationResult?
        if let sim = request.simulation {
            simulation = try QueueSimulator(model: model, servers: now.servers, customers: sim.customers, seed: sim.seed).run()
        }
        return CapacityReport(now: now, sized: request.servers == nil, months: months, simulation: simulation)
    }
}
