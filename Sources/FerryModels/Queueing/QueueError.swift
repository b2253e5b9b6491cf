import FerryUnits
import Foundation

/// Why a queueing model could not be evaluated or sized.
public enum QueueError: LocalizedError, Equatable, Sendable {
    /// Utilisation ρ = λ/(cμ) ≥ 1: the queue grows without bound; no response time exists.
    case unstable(utilization: Double, servers: Int, offeredLoad: Double)
    /// The arrival rate (per second) is not a positive finite number.
    case invalidArrivalRate(Double)
    /// The mean service time (seconds) is not a positive finite number.
    case invalidServiceTime(Double)
    /// The number of servers is below 1.
    case invalidServers(Int)
    /// A coefficient of variation is negative or not finite.
    case invalidCoefficientOfVariation(name: String, value: Double)
    /// A fixed delay (seconds) is negative or not finite.
    case invalidDelay(Double)
    /// A percentile level outside (0, 1).
    case invalidPercentile(Double)
    /// A utilisation cap outside (0, 1].
    case invalidUtilizationCap(Double)
    /// An objective string that could not be read, e.g. `p95:250` instead of `p95=250ms`.
    case invalidObjective(String)
    /// No number of servers meets the objective (it is below the service time itself).
    case unreachableObjective(objective: String, bestPossibleSeconds: Double)
    /// Sizing needs neither an objective nor a utilisation cap to aim at.
    case nothingToSizeFor
    /// Sizing went past the server limit without meeting the objective.
    case tooManyServers(limit: Int)
    /// A simulation parameter is out of range.
    case invalidSimulation(String)
    /// A monthly growth rate at or below −100 %, or not finite.
    case invalidGrowth(perMonth: Double)
    /// A forecast horizon below 0 or above `CapacityPlanner.maxMonths`.
    case invalidHorizon(months: Int)
    /// A result (or an intermediate load) too large to be meaningful; the text says which.
    case outOfRange(String)

    public var errorDescription: String? {
        switch self {
        case let .unstable(rho, servers, load):
            let needed = WholeNumber.text(load.rounded(.down) + 1)
            return "utilisation \(fmt(rho)) ≥ 1 with \(servers) server\(servers == 1 ? "" : "s"): the queue grows without bound "
                + "(offered load \(fmt(load)) erlangs needs at least \(needed) servers)"
        case let .invalidArrivalRate(v):
            return "arrival rate \(fmt(v))/s must be a positive finite number"
        case let .invalidServiceTime(v):
            return "service time \(fmt(v)) s must be a positive finite number"
        case let .invalidServers(n):
            return "servers \(n) must be at least 1"
        case let .invalidCoefficientOfVariation(name, v):
            return "\(name) coefficient of variation \(fmt(v)) must be a finite number from 0 to \(fmt(QueueModel.maxCoefficientOfVariation))"
        case let .invalidDelay(v):
            return "fixed delay \(fmt(v)) s must be a finite number ≥ 0"
        case let .invalidPercentile(p):
            return "percentile level \(fmt(p)) must lie strictly between 0 and 1 (e.g. 0.95 for p95)"
        case let .invalidUtilizationCap(u):
            return "maximum utilisation \(fmt(u)) must be > 0 and ≤ 1"
        case let .invalidObjective(text):
            return "objective '\(text)' not understood; expected mean=200ms or pNN=250ms (e.g. p95=250ms, p99.9=1s)"
        case let .unreachableObjective(objective, best):
            return "objective \(objective) cannot be met with any number of servers: "
                + "with no queueing at all the response is still \(fmt(best)) s"
        case .nothingToSizeFor:
            return "sizing needs a response-time objective or a maximum utilisation"
        case let .tooManyServers(limit):
            return "the objective needs more than \(limit) servers"
        case let .invalidSimulation(text):
            return text
        case let .invalidGrowth(g):
            return "growth \(fmt(g * 100)) %/month must be a finite number > −100 %/month"
        case let .invalidHorizon(months):
            return "horizon \(months) months must be between 0 and \(CapacityPlanner.maxMonths)"
        case let .outOfRange(text):
            return text
        }
    }

    private func fmt(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "∞" : "-∞" }
        return String(format: "%.6g", x)
    }
}
