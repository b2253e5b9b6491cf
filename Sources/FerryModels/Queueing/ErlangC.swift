import Foundation

/// Erlang's formulas for c parallel servers offered A erlangs of load.
///
/// Computed by the Erlang-B recursion, which never forms `Aᶜ` or `c!` and so is stable for
/// any c (tested to 100,000). It runs on the reciprocal r = 1/B, which needs no division and
/// adds only positive terms (no cancellation); r overflowing to +∞ means B underflows to 0:
/// ```
/// B(0) = 1,   B(k) = A·B(k−1) / (k + A·B(k−1))   ⇔   r(k) = 1 + (k/A)·r(k−1)
/// C(c, A) = B(c) / (1 − ρ(1 − B(c))),   ρ = A / c
/// ```
public enum ErlangC {
    /// Erlang B: the blocking probability of an M/M/c/c loss system.
    /// - Parameters:
    ///   - servers: c ≥ 0.
    ///   - offeredLoad: A = λ/μ in erlangs, ≥ 0.
    /// - Returns: B(c, A) in [0, 1].
    public static func erlangB(servers: Int, offeredLoad a: Double) -> Double {
        if servers <= 0 { return 1 }
        return 1 / reciprocalErlangB(servers: servers, offeredLoad: a, from: (0, 1))
    }

    /// Continues the reciprocal recursion r(k) = 1 + (k/A)·r(k−1) from `(k, r(k))` up to `servers`.
    @inlinable
    static func reciprocalErlangB(servers: Int, offeredLoad a: Double, from start: (k: Int, r: Double)) -> Double {
        // Only the multiply-add is on the dependency chain; k/A pipelines alongside it.
        var r = start.r
        var k = start.k
        while k < servers {
            k += 1
            r = 1 + (Double(k) / a) * r
            // Once r overflows, B = 1/r is 0 for every larger k: stop (a tiny load with many
            // servers would otherwise spin through every k).
            if r == .infinity { return r }
        }
        return r
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
