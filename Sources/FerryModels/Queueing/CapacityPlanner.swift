import Foundation

/// Sizes services: the smallest node count meeting the objectives, now and over growth (S2-3).
///
/// For month m the load is λ_m = λ₀ (1 + g)^m and the node count is the smallest c with
/// every objective met and ρ = λ_m S / c ≤ the utilisation cap, found by
/// `QueueModel.smallestServers(meeting:maxUtilization:)`. This replaces the documents'
/// ill-defined `n = k / L`: with only a cap it reduces to n(t) = ⌈λ(t) S / ρ_max⌉.
public enum CapacityPlanner {
    /// The longest forecast horizon, months (100 years): bounds the work and memory before it starts.
    public static let maxMonths = 1200

    /// λ₀(1 + g)^m, checked: a load that overflows or exceeds 1e15 requests/s is an error
    /// naming the month, not an infinite arrival rate.
    static func loadFactor(_ spec: ServiceSpec, month m: Int) throws -> Double {
        let factor = Foundation.pow(1 + spec.growthPerMonth, Double(m))
        guard factor.isFinite, factor > 0, spec.arrivalRate * factor <= 1e15 else {
            throw QueueError.outOfRange("growth of \(String(format: "%.6g", spec.growthPerMonth * 100)) %/month takes the load past 1e15 requests/s by month \(m); shorten --months or check --growth")
        }
        return factor
    }

    /// Plans one service.
    /// - Parameters:
    ///   - spec: the service.
    ///   - months: horizon in months, ≥ 0 (0 gives only "now").
    /// - Returns: the plan with `months + 1` monthly entries.
    /// - Throws: `QueueError` for invalid specs or unreachable objectives.
    public static func plan(_ spec: ServiceSpec, months: Int) throws -> ServicePlan {
        guard (0...maxMonths).contains(months) else { throw QueueError.invalidHorizon(months: months) }
        guard spec.growthPerMonth.isFinite, spec.growthPerMonth > -1 else {
            throw QueueError.invalidGrowth(perMonth: spec.growthPerMonth)
        }
        let base = try spec.model()
        let first = try base.sized(meeting: spec.objectives, maxUtilization: spec.maxUtilization)
        let now = try base.metrics(first)
        var entries: [ServicePlan.Month] = []
        entries.reserveCapacity(months + 1)
        entries.append(ServicePlan.Month(
            month: 0, arrivalRate: base.arrivalRate, servers: now.servers, utilization: now.utilization,
            meanResponse: now.meanResponse, p95Response: now.response.p95, perNodeLoad: now.perNodeLoad))
        if months > 0 {
            for m in 1...months {
                let model = try spec.model(loadFactor: try loadFactor(spec, month: m))
                let s = try model.sized(meeting: spec.objectives, maxUtilization: spec.maxUtilization)
                entries.append(ServicePlan.Month(
                    month: m, arrivalRate: model.arrivalRate, servers: s.servers, utilization: s.utilization,
                    meanResponse: s.meanWait + model.serviceTime + model.fixedDelay,
                    p95Response: model.fixedDelay + (try model.queueResponsePercentile(0.95, s)),
                    perNodeLoad: model.arrivalRate / Double(s.servers)))
            }
        }
        return ServicePlan(spec: spec, now: now, months: entries)
    }

    /// Evaluates a fixed number of servers over the forecast, without sizing.
    /// - Returns: metrics per month; a month where ρ ≥ 1 throws `QueueError.unstable`.
    public static func evaluate(_ spec: ServiceSpec, servers: Int, months: Int) throws -> [QueueMetrics] {
        guard (0...maxMonths).contains(months) else { throw QueueError.invalidHorizon(months: months) }
        guard spec.growthPerMonth.isFinite, spec.growthPerMonth > -1 else {
            throw QueueError.invalidGrowth(perMonth: spec.growthPerMonth)
        }
        return try (0...months).map { m in
            try spec.model(loadFactor: try loadFactor(spec, month: m)).metrics(servers: servers)
        }
    }
}
