import Foundation

/// Erlang's formulas for c parallel servers offered A erlangs of load.
///
/// Computed by the Erlang-B recursion, which never forms `Aᶜ` or `c!` and so is stable for
/// any c (tested to 100,000):
/// ```
/// B(0) = 1,   B(k) = A·B(k−1) / (k + A·B(k−1))
/// C(c, A) = B(c) / (1 − ρ(1 − B(c))),   ρ = A / c
/// ```
public enum ErlangC {
    /// Erlang B: the blocking probability of an M/M/c/c loss system.
    /// - Parameters:
    ///   - servers: c ≥ 0.
    ///   - offeredLoad: A = λ/μ in erlangs, ≥ 0.
    /// - Returns: B(c, A) in [0, 1].
    public static func erlangB(servers: Int, offeredLoad a: Double) -> Double {
        var b = 1.0
        if servers <= 0 { return b }
        for k in 1...servers {
            let ab = a * b
            b = ab / (Double(k) + ab)
        }
        return b
    }

    /// Erlang C from an Erlang B value: the probability an arrival must wait in M/M/c.
    /// ```
    /// C = B / (1 − ρ(1 − B))
    /// ```
    /// - Parameters:
    ///   - erlangB: B(c, A).
    ///   - utilization: ρ = A/c in [0, 1).
    @inlinable
    public static func fromErlangB(_ erlangB: Double, utilization rho: Double) -> Double {
        erlangB / (1 - rho * (1 - erlangB))
    }

    /// Erlang C: the probability that an arrival waits in an M/M/c queue.
    /// - Parameters:
    ///   - servers: c ≥ 1.
    ///   - offeredLoad: A = λ/μ in erlangs, 0 ≤ A < c.
    /// - Throws: `QueueError.invalidServers`, `.unstable` when A ≥ c.
    public static func probabilityOfWaiting(servers: Int, offeredLoad a: Double) throws -> Double {
        guard servers >= 1 else { throw QueueError.invalidServers(servers) }
        let rho = a / Double(servers)
        guard rho < 1 else { throw QueueError.unstable(utilization: rho, servers: servers, offeredLoad: a) }
        return fromErlangB(erlangB(servers: servers, offeredLoad: a), utilization: rho)
    }
}
