import Foundation

/// The cheapest mix of instance types that covers a CPU and memory demand with headroom
/// (S1-1), found by GLPK as an integer program:
/// ```
/// minimise   Σ_j p_j n_j                         (currency units per hour)
/// subject to Σ_j vcpu_j n_j ≥ (1 + h) · D_cpu     ("vcpu")
///            Σ_j mem_j  n_j ≥ (1 + h) · D_mem     ("memory")
///            Σ_j p_j n_j    ≤ budget              ("budget", when given)
///            0 ≤ n_j ≤ max per type, n_j integer
/// ```
public struct InstanceSelection: Sendable {
    /// A chosen type and how many.
    public struct Line: Sendable {
        /// The instance type.
        public var type: InstanceType
        /// How many nodes of it.
        public var count: Int
        /// Its hourly price under the selection's commitment.
        public var hourly: Double
    }

    /// The chosen types, most expensive share first.
    public var lines: [Line]
    /// Total cost, currency units per hour.
    public var hourlyCost: Double
    /// vCPU required (demand × (1 + headroom)).
    public var requiredVCPU: Double
    /// GiB required (demand × (1 + headroom)).
    public var requiredMemoryGiB: Double
    /// Proven optimal, or best found within the time limit.
    public var status: LinearSolution.Status
    /// Cost of the continuous relaxation per hour (a lower bound).
    public var lowerBoundHourly: Double
    /// The commitment whose prices were used.
    public var commitment: Commitment

    /// vCPU provided.
    public var vcpu: Double { lines.reduce(0) { $0 + $1.type.vcpu * Double($1.count) } }
    /// GiB provided.
    public var memoryGiB: Double { lines.reduce(0) { $0 + $1.type.memoryGiB * Double($1.count) } }
    /// Number of nodes.
    public var nodes: Int { lines.reduce(0) { $0 + $1.count } }
    /// Proven relative distance from the optimum: (cost − bound) / cost (0 when optimal).
    public var gap: Double { hourlyCost > 0 ? max(0, (hourlyCost - lowerBoundHourly) / hourlyCost) : 0 }
    /// The counts by type name (for warm-starting the next selection).
    public var countsByName: [String: Int] { lines.reduce(into: [:]) { $0[$1.type.name, default: 0] += $1.count } }

    /// The largest vCPU demand a selection accepts (with headroom and growth applied).
    public static let maxVCPUDemand = 1e7
    /// The largest memory demand a selection accepts, GiB (with headroom and growth applied).
    public static let maxMemoryDemandGiB = 1e8

    /// Selects instances.
    /// - Parameters:
    ///   - vcpu: CPU demand, vCPU (≥ 0).
    ///   - memoryGiB: memory demand, GiB (≥ 0).
    ///   - headroom: spare capacity as a fraction (0.2 = 20 %), ≥ 0.
    ///   - types: the catalogue's instance types.
    ///   - commitment: which price column to use.
    ///   - assumedDiscount: on-demand discount assumed for types without a committed price
    ///     (nil: such types are left out).
    ///   - maxPerType: availability limit per type (nil: unlimited).
    ///   - budgetHourly: maximum cost per hour (nil: none).
    ///   - timeLimitSeconds: limit for the integer search.
    ///   - relativeGap: the search stops once the incumbent is proven within this fraction of
    ///     the optimum (default 0.01 %); `status` and `lowerBoundHourly` say how close it is.
    ///   - warmStart: a previous selection's counts by type name (e.g. last month's), topped up
    ///     to cover this demand and offered as a starting incumbent.
    ///
    /// The result never depends on machine load: a rounded cover of the exact continuous bound
    /// (and of the warm start) is computed first; when it is within `relativeGap` of the bound it
    /// is the answer (`.optimal`, within the gap) without a search. Otherwise GLPK searches from
    /// it; if the search stops at the time limit, the deterministic cover is returned as
    /// `.feasible` with its proven bound (`gap`), never the search's load-dependent best.
    /// - Throws: `CostError.infeasible` naming the constraint and the shortfall,
    ///   `CostError.noPrices`, `CostError.invalid`.
    public static func select(vcpu: Double, memoryGiB: Double, headroom: Double = 0, from types: [InstanceType],
                              commitment: Commitment = .none, assumedDiscount: Double? = nil, maxPerType: Int? = nil,
                              budgetHourly: Double? = nil, timeLimitSeconds: Double = 2,
                              relativeGap: Double = 1e-4, warmStart: [String: Int]? = nil) throws -> InstanceSelection {
        for (name, value) in [("vcpu demand", vcpu), ("memory demand", memoryGiB), ("headroom", headroom)]
            where !(value >= 0) || !value.isFinite {
            throw CostError.invalid(name: name, value: value, requirement: "expected a finite value ≥ 0")
        }
        let needCPU = vcpu * (1 + headroom), needMem = memoryGiB * (1 + headroom)
        // Bounded before any work: instance counts are whole numbers, so a demand beyond these
        // (10 million vCPU, 100 million GiB — far past any region's capacity) is refused rather
        // than converted to an integer count that overflows.
        if needCPU > Self.maxVCPUDemand {
            throw CostError.invalid(name: "vcpu demand (with headroom and growth)", value: needCPU,
                                    requirement: "expected at most \(Int(Self.maxVCPUDemand)) vCPU")
        }
        if needMem > Self.maxMemoryDemandGiB {
            throw CostError.invalid(name: "memory demand (with headroom and growth), GiB", value: needMem,
                                    requirement: "expected at most \(Int(Self.maxMemoryDemandGiB)) GiB")
        }
        var priced: [(InstanceType, Double)] = types.compactMap { t in
            t.hourly(commitment, assumedDiscount: assumedDiscount).map { (t, $0) }
        }.filter { $0.1 >= 0 && ($0.0.vcpu > 0 || $0.0.memoryGiB > 0) }
        guard !priced.isEmpty else { throw CostError.noPrices(commitment: commitment) }
        // Multiples: a type that is exactly k × a smaller one in vCPU, memory and price can be
        // replaced by k of the smaller at the same cost, so the integer search needs only the
        // smallest of each proportional class (this removes the symmetry that stalls branch and
        // bound); whole groups are consolidated back into the larger types afterwards.
        var multiples: [String: [(InstanceType, Double, Int)]] = [:]
        if maxPerType == nil {
            priced = Self.undominated(priced)
            (priced, multiples) = Self.smallestOfEachMultiple(priced)
        }
        // Deterministic first: the exact continuous bound and a rounded cover (warm-started).
        var deterministic: [Int]?
        var bound = 0.0
        if maxPerType == nil && budgetHourly == nil {
            bound = relaxationBases(priced, cpu: needCPU, memory: needMem, limit: 1).first?.cost ?? 0
            var warm: [Int]?
            if let warmStart {
                var w = Array(repeating: 0, count: priced.count)
                for (name, count) in warmStart {
                    if let j = priced.firstIndex(where: { $0.0.name == name }) {
                        w[j] += count
                    } else if let (base, k) = multiples.lazy.compactMap({ base, list in list.first { $0.0.name == name }.map { (base, $0.2) } }).first,
                              let j = priced.firstIndex(where: { $0.0.name == base }) {
                        w[j] += count * k
                    }
                }
                warm = w
            }
            deterministic = roundedCover(priced, cpu: needCPU, memory: needMem, warmStart: warm)
        }
        func cost(_ c: [Int]) -> Double { zip(c, priced).reduce(0) { $0 + Double($1.0) * $1.1.1 } }
        var counts: [Int]
        var status: LinearSolution.Status
        if let d = deterministic, cost(d) - bound <= relativeGap * cost(d) + 1e-12 {
            counts = d
            status = .optimal
        } else {
            var lp = LinearProgram(sense: .minimize, timeLimitSeconds: timeLimitSeconds, relativeGap: relativeGap)
            var cpuRow: [Int: Double] = [:], memRow: [Int: Double] = [:], costRow: [Int: Double] = [:]
            for (t, price) in priced {
                let j = lp.add(.init(name: t.name, lower: 0, upper: maxPerType.map(Double.init) ?? .infinity, isInteger: true, cost: price))
                cpuRow[j] = t.vcpu
                memRow[j] = t.memoryGiB
                costRow[j] = price
            }
            lp.add(.init(name: "vcpu", coefficients: cpuRow, relation: .greaterOrEqual, rhs: needCPU, unit: "vCPU"))
            lp.add(.init(name: "memory", coefficients: memRow, relation: .greaterOrEqual, rhs: needMem, unit: "GiB"))
            if let budget = budgetHourly {
                lp.add(.init(name: "budget", coefficients: costRow, relation: .lessOrEqual, rhs: budget, unit: "per hour"))
            }
            lp.incumbent = deterministic.map { $0.map(Double.init) }
            do {
                let solution = try lp.solve()
                bound = max(bound, solution.relaxationObjective)
                if solution.status == .optimal || deterministic == nil {
                    counts = solution.values.map { Int($0.rounded()) }
                    status = solution.status
                } else {
                    // Stopped by the clock: the answer must not depend on load, so keep the
                    // deterministic cover and report it as a bounded-gap incumbent.
                    counts = deterministic!
                    status = .feasible
                }
            } catch LinearProgramError.infeasible(let shortfalls) {
                throw CostError.infeasible(what: "instance selection", shortfalls: shortfalls)
            } catch let error as LinearProgramError {
                // Out of time (even for the relaxation) or numerically doubtful: the
                // deterministic cover stands, reported as a bounded-gap incumbent.
                switch error {
                case .noSolutionWithinTimeLimit, .limitReached, .numericallyUnreliable:
                    guard let d = deterministic else { throw error }
                    counts = d
                    status = .feasible
                default:
                    throw error
                }
            }
        }
        var lines: [Line] = []
        for (j, (t, price)) in priced.enumerated() {
            var n = counts[j]
            // Fewer, larger nodes at the same price: largest multiple first.
            for (big, bigPrice, k) in multiples[t.name] ?? [] where n >= k {
                lines.append(Line(type: big, count: n / k, hourly: bigPrice))
                n %= k
            }
            if n > 0 { lines.append(Line(type: t, count: n, hourly: price)) }
        }
        lines.sort { $0.hourly * Double($0.count) > $1.hourly * Double($1.count) }
        return InstanceSelection(lines: lines, hourlyCost: lines.reduce(0) { $0 + $1.hourly * Double($1.count) },
                                 requiredVCPU: needCPU, requiredMemoryGiB: needMem, status: status,
                                 lowerBoundHourly: bound, commitment: commitment)
    }

    /// Drops types that another type matches or beats on vCPU, memory and price at once
    /// (never needed when counts are unlimited). Ties keep the first in catalogue order.
    /// Keeps the smallest type of each class of exact multiples (same vCPU : memory : price
    /// proportions, integer factor) and lists, per kept type, its multiples largest first.
    static func smallestOfEachMultiple(_ priced: [(InstanceType, Double)])
        -> ([(InstanceType, Double)], [String: [(InstanceType, Double, Int)]]) {
        let bySize = priced.sorted { ($0.0.vcpu, $0.0.memoryGiB) < ($1.0.vcpu, $1.0.memoryGiB) }
        var kept: [(InstanceType, Double)] = []
        var multiples: [String: [(InstanceType, Double, Int)]] = [:]
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1e-12) }
        for (t, price) in bySize {
            let base = kept.first { b, bp in
                guard b.vcpu > 0, bp > 0 else { return false }
                let k = (t.vcpu / b.vcpu).rounded()
                return k >= 2 && close(t.vcpu, k * b.vcpu) && close(t.memoryGiB, k * b.memoryGiB) && close(price, k * bp)
            }
            if let (b, _) = base {
                multiples[b.name, default: []].insert((t, price, Int((t.vcpu / b.vcpu).rounded())), at: 0)
            } else {
                kept.append((t, price))
            }
        }
        // Keep the caller's (catalogue) order for the kept types.
        let keptNames = Set(kept.map(\.0.name))
        return (priced.filter { keptNames.contains($0.0.name) }, multiples)
    }

    static func undominated(_ priced: [(InstanceType, Double)]) -> [(InstanceType, Double)] {
        // Sorted by price (then larger first, then catalogue order), a type is dominated exactly
        // when an earlier kept type has at least its vCPU and memory: O(n log n + n × kept)
        // instead of O(n²) — a 900-type catalogue is reduced thousands of times per projection.
        let order = priced.indices.sorted { a, b in
            let (ta, pa) = priced[a], (tb, pb) = priced[b]
            if pa != pb { return pa < pb }
            if ta.vcpu != tb.vcpu { return ta.vcpu > tb.vcpu }
            if ta.memoryGiB != tb.memoryGiB { return ta.memoryGiB > tb.memoryGiB }
            return a < b
        }
        var kept: [Int] = []
        for i in order {
            let t = priced[i].0
            if !kept.contains(where: { priced[$0].0.vcpu >= t.vcpu && priced[$0].0.memoryGiB >= t.memoryGiB }) { kept.append(i) }
        }
        return kept.sorted().map { priced[$0] }
    }
}
