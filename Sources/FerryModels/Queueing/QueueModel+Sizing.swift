import FerryUnits
import Foundation

extension QueueModel {
    /// The smallest number of servers that meets every objective and keeps utilisation at or
    /// below `maxUtilization`.
    ///
    /// The mean and the tail P(R > T) both fall as c grows, so the search is monotone: the
    /// Erlang-B recursion runs once up to the answer (O(c) work, no factorials), with a
    /// galloping then binary search over the stored values; a percentile objective `pNN ≤ T`
    /// is tested as `P(R > T) ≤ 1 − NN/100`, so no percentile is inverted during the search.
    /// - Parameters:
    ///   - objectives: response-time targets (may be empty when `maxUtilization` is given).
    ///   - maxUtilization: cap on ρ in (0, 1], or `nil`.
    ///   - limit: give up above this many servers (default 10,000,000).
    /// - Returns: c ≥ 1 with ρ < 1.
    /// - Throws: `QueueError.nothingToSizeFor`, `.invalidUtilizationCap`, `.invalidPercentile`,
    ///   `.unreachableObjective` (target below the response with no queueing), `.tooManyServers`.
    public func smallestServers(meeting objectives: [ResponseObjective], maxUtilization: Double? = nil,
                                limit: Int = 10_000_000) throws -> Int {
        try sized(meeting: objectives, maxUtilization: maxUtilization, limit: limit).servers
    }

    /// `smallestServers` returning the state at the answer, so callers need no second recursion.
    func sized(meeting objectives: [ResponseObjective], maxUtilization: Double?, limit: Int = 10_000_000) throws -> State {
        guard !objectives.isEmpty || maxUtilization != nil else { throw QueueError.nothingToSizeFor }
        try checkReachable(objectives)

        guard offeredLoad.rounded(.down) + 1 <= Double(limit) else { throw QueueError.tooManyServers(limit: limit) }
        var low = minimumStableServers
        if let u = maxUtilization {
            guard u.isFinite, u > 0, u <= 1 else { throw QueueError.invalidUtilizationCap(u) }
            // Checked on the Double first: a tiny cap (1e-308 %) asks for an astronomical count.
            guard var c = WholeNumber.int(offeredLoad / u, rounding: .up, in: 1...limit) else {
                throw QueueError.tooManyServers(limit: limit)
            }
            while c > 1, offeredLoad / Double(c - 1) <= u * (1 + 1e-12) { c -= 1 }
            low = max(low, c)
        }
        guard low <= limit else { throw QueueError.tooManyServers(limit: limit) }

        // Reciprocal Erlang B values r[i] = 1/B(low + i), extended on demand.
        let a = offeredLoad
        var r = [ErlangC.reciprocalErlangB(servers: low, offeredLoad: a, from: (0, 1))]
        func erlangB(_ c: Int) -> Double {
            while low + r.count - 1 < c {
                let k = low + r.count
                r.append(1 + (Double(k) / a) * r[r.count - 1])
            }
            return 1 / r[c - low]
        }
        func meets(_ c: Int) throws -> Bool {
            let s = try state(servers: c, erlangB: erlangB(c))
            return objectives.allSatisfy { objectiveMet($0, s) }
        }
        func answer(_ c: Int) throws -> State { try state(servers: c, erlangB: erlangB(c)) }

        if try meets(low) { return try answer(low) }
        // Gallop: low + 1, low + 2, low + 4, … until met.
        var failed = low
        var step = 1
        var candidate = low + step
        while true {
            guard candidate <= limit else {
                if try meets(limit) { candidate = limit; break }
                throw QueueError.tooManyServers(limit: limit)
            }
            if try meets(candidate) { break }
            failed = candidate
            step *= 2
            candidate = low + step
        }
        // Binary search in (failed, candidate].
        var lo = failed, hi = candidate
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if try meets(mid) { hi = mid } else { lo = mid }
        }
        return try answer(hi)
    }

    /// Whether `objective` holds in `state`.
    func objectiveMet(_ objective: ResponseObjective, _ s: State) -> Bool {
        switch objective {
        case let .mean(seconds):
            return s.meanWait + serviceTime + fixedDelay <= seconds
        case let .percentile(level, seconds):
            return queueResponseSurvival(seconds - fixedDelay, s) <= 1 - level
        }
    }

    /// Throws when an objective is at or below what infinitely many servers would give.
    func checkReachable(_ objectives: [ResponseObjective]) throws {
        for objective in objectives {
            switch objective {
            case let .mean(seconds):
                let best = serviceTime + fixedDelay
                if seconds <= best {
                    throw QueueError.unreachableObjective(objective: objective.description, bestPossibleSeconds: best)
                }
            case let .percentile(level, seconds):
                guard level > 0, level < 1 else { throw QueueError.invalidPercentile(level) }
                // With no queueing R = S + d: the service-time percentile is the floor.
                let noQueue = State(servers: Int.max, utilization: 0, pWait: 0, waitRate: .infinity)
                if queueResponseSurvival(seconds - fixedDelay, noQueue) >= 1 - level {
                    let best = fixedDelay + (try queueResponsePercentile(level, noQueue))
                    throw QueueError.unreachableObjective(objective: objective.description, bestPossibleSeconds: best)
                }
            }
        }
    }
}
