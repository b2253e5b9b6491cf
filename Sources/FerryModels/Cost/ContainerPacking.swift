import Foundation

/// Containers (CPU and memory requests × replicas) placed on nodes of catalogue types at
/// minimum node cost (S2-4), with each node's balancing shares (S2-2).
///
/// Integer program over candidate node slots b (each of one type t(b)):
/// ```
/// minimise   Σ_b p_t(b) y_b
/// subject to Σ_b x_cb = r_c                           every container spec c ("place c")
///            Σ_c cpu_c x_cb ≤ vcpu_t(b) y_b           every slot ("cpu b")
///            Σ_c mem_c x_cb ≤ mem_t(b)  y_b           every slot ("memory b")
///            y_b ≥ y_b+1 for slots of the same type    (symmetry)
///            y binary, x integer ≥ 0
/// ```
/// Candidate types are the few with the lowest lower bound p_t · max(Σcpu/vcpu_t, Σmem/mem_t)
/// among undominated types; the slots per type are bounded by a first-fit-decreasing
/// packing whose bins are right-sized to the cheapest type that holds them. That packing is
/// handed to GLPK as the first incumbent, so a time-limited search returns at least it.
public struct ContainerPacking: Sendable {
    /// A container spec: one service's container, replicated.
    public struct Container: Sendable, Equatable {
        /// Name, e.g. `api`.
        public var name: String
        /// CPU request, vCPU.
        public var vcpu: Double
        /// Memory request, GiB.
        public var memoryGiB: Double
        /// Replicas, ≥ 1.
        public var replicas: Int

        /// Creates a container spec.
        public init(name: String, vcpu: Double, memoryGiB: Double, replicas: Int = 1) {
            self.name = name
            self.vcpu = vcpu
            self.memoryGiB = memoryGiB
            self.replicas = replicas
        }
    }

    /// One node and what runs on it.
    public struct Node: Sendable {
        /// Its type.
        public var type: InstanceType
        /// Hourly price under the packing's commitment.
        public var hourly: Double
        /// Containers on it: name and replica count.
        public var containers: [(name: String, count: Int)]
        /// vCPU requested on it.
        public var vcpuUsed: Double
        /// GiB requested on it.
        public var memoryUsedGiB: Double
        /// This node's share of the cluster's CPU requests, c_node / Σc (S2-2).
        public var cpuShare: Double
        /// This node's share of the cluster's memory requests, m_node / Σm (S2-2).
        public var memoryShare: Double
        /// vcpuUsed / type.vcpu.
        public var cpuUtilisation: Double { vcpuUsed / type.vcpu }
        /// memoryUsedGiB / type.memoryGiB.
        public var memoryUtilisation: Double { memoryUsedGiB / type.memoryGiB }
    }

    /// The most replicas one packing places (Σ replicas): each replica is placed individually,
    /// so the work is bounded before it starts.
    public static let maxReplicas = 2_000

    /// The nodes, in slot order.
    public var nodes: [Node]
    /// Total node cost, currency units per hour.
    public var hourlyCost: Double
    /// Cost of the best first-fit-decreasing packing found before the integer search.
    public var heuristicHourlyCost: Double
    /// Proven optimal over the candidate types, or best found within the time limit.
    public var status: LinearSolution.Status
    /// The candidate types the integer program chose from.
    public var candidateTypes: [String]
    /// The continuous relaxation's cost per hour: no packing over the candidates is cheaper.
    public var lowerBoundHourly: Double

    /// Packs containers onto nodes.
    /// - Parameters:
    ///   - containers: the container specs (vCPU, GiB, replicas).
    ///   - types: instance types to choose from.
    ///   - commitment: which price column to use.
    ///   - assumedDiscount: discount assumed for types without a committed price (opt-in).
    ///   - candidates: how many types enter the integer program (the rest are ruled out by
    ///     their lower bound), ≥ 1.
    ///   - timeLimitSeconds: limit for the integer search.
    ///   - relativeGap: the search stops once the packing is proven within this fraction of
    ///     the optimum (status `.optimal` then means "within the gap"), e.g. 0.01.
    /// - Throws: `CostError.containerTooLarge` when a container fits no type,
    ///   `CostError.invalid` for non-positive requests, `CostError.noPrices`.
    public static func pack(_ containers: [Container], onto types: [InstanceType], commitment: Commitment = .none,
                            assumedDiscount: Double? = nil, candidates: Int = 3,
                            timeLimitSeconds: Double = 1.0, relativeGap: Double = 0.01) throws -> ContainerPacking {
        for c in containers {
            guard c.vcpu > 0, c.vcpu.isFinite else { throw CostError.invalid(name: "container '\(c.name)' vcpu", value: c.vcpu, requirement: "expected > 0") }
            guard c.memoryGiB > 0, c.memoryGiB.isFinite else { throw CostError.invalid(name: "container '\(c.name)' memory", value: c.memoryGiB, requirement: "expected > 0 GiB") }
            guard c.replicas >= 1 else { throw CostError.invalid(name: "container '\(c.name)' replicas", value: Double(c.replicas), requirement: "expected ≥ 1") }
        }
        let replicaTotal = containers.reduce(0.0) { $0 + Double($1.replicas) }
        guard replicaTotal <= Double(maxReplicas) else {
            throw CostError.invalid(name: "replicas", value: replicaTotal, requirement: "expected at most \(maxReplicas) replicas in all (each is placed individually)")
        }
        let priced = InstanceSelection.undominated(types.compactMap { t in
            t.hourly(commitment, assumedDiscount: assumedDiscount).map { (t, $0) }
        }.filter { $0.0.vcpu > 0 && $0.0.memoryGiB > 0 && $0.1 >= 0 })
        guard !priced.isEmpty else { throw CostError.noPrices(commitment: commitment) }
        for c in containers where !priced.contains(where: { fits(c, $0.0) }) {
            throw CostError.containerTooLarge(name: c.name, vcpu: c.vcpu, memoryGiB: c.memoryGiB,
                                              largestVCPU: priced.map(\.0.vcpu).max() ?? 0,
                                              largestMemoryGiB: priced.map(\.0.memoryGiB).max() ?? 0)
        }
        let totalCPU = containers.reduce(0) { $0 + $1.vcpu * Double($1.replicas) }
        let totalMem = containers.reduce(0) { $0 + $1.memoryGiB * Double($1.replicas) }
        guard !containers.isEmpty else {
            return ContainerPacking(nodes: [], hourlyCost: 0, heuristicHourlyCost: 0, status: .optimal, candidateTypes: [], lowerBoundHourly: 0)
        }
        func bound(_ t: InstanceType, _ p: Double) -> Double { p * max(totalCPU / t.vcpu, totalMem / t.memoryGiB) }
        let ranked = priced.sorted { bound($0.0, $0.1) < bound($1.0, $1.1) }
        var chosen = Array(ranked.prefix(max(1, candidates)))
        let fitsAll = ranked.filter { p in containers.allSatisfy { fits($0, p.0) } }
        if let universal = fitsAll.first, !chosen.contains(where: { $0.0 == universal.0 }) { chosen.append(universal) }
        // A container no chosen type fits: add the cheapest-bound type that fits it.
        for c in containers where !chosen.contains(where: { fits(c, $0.0) }) {
            if let t = ranked.first(where: { fits(c, $0.0) }) { chosen.append(t) }
        }

        // Heuristic: first-fit decreasing on each universal candidate, then every bin
        // right-sized to the cheapest type (of all priced types) that holds its load.
        var best: (cost: Double, bins: [(type: Int, items: [Int])])?
        for (t, _) in chosen where containers.allSatisfy({ fits($0, t) }) {
            let bins = firstFitDecreasing(containers, t).map { items -> (type: Int, items: [Int]) in
                let cpu = items.reduce(0) { $0 + containers[$1].vcpu }, mem = items.reduce(0) { $0 + containers[$1].memoryGiB }
                let k = priced.indices.filter { priced[$0].0.vcpu >= cpu - 1e-12 && priced[$0].0.memoryGiB >= mem - 1e-12 }
                    .min { priced[$0].1 < priced[$1].1 }!
                return (k, items)
            }
            let cost = bins.reduce(0) { $0 + priced[$1.type].1 }
            if best == nil || cost < best!.cost { best = (cost, bins) }
        }
        if let best {
            for b in best.bins where !chosen.contains(where: { $0.0 == priced[b.type].0 }) { chosen.append(priced[b.type]) }
        }
        func chosenIndex(_ pricedIndex: Int) -> Int { chosen.firstIndex { $0.0 == priced[pricedIndex].0 }! }
        let usedInBest = Dictionary(grouping: best?.bins ?? [], by: { chosenIndex($0.type) }).mapValues(\.count)

        // Slots per type: enough for that type's own packing (and the heuristic's use of it),
        // and never more than the heuristic's cost allows.
        var lp = LinearProgram(sense: .minimize, timeLimitSeconds: timeLimitSeconds, relativeGap: relativeGap)
        var slots: [(type: Int, y: Int, x: [Int: Int])] = []
        for (k, (t, price)) in chosen.enumerated() {
            let own = containers.allSatisfy({ fits($0, t) }) ? firstFitDecreasing(containers, t).count
                : firstFitDecreasing(containers.filter { fits($0, t) }, t).count
            let affordable = best.map { Int(($0.cost / max(price, 1e-12) + 1e-9).rounded(.down)) } ?? own
            let count = max(usedInBest[k] ?? 0, min(own, affordable))
            var previous: Int?
            for s in 0..<count {
                let y = lp.add(.init(name: "\(t.name)#\(s + 1)", lower: 0, upper: 1, isInteger: true, cost: price))
                var x: [Int: Int] = [:]
                for (ci, c) in containers.enumerated() where fits(c, t) {
                    let cap = min(Double(c.replicas), (t.vcpu / c.vcpu).rounded(.down), (t.memoryGiB / c.memoryGiB).rounded(.down))
                    x[ci] = lp.add(.init(name: "\(c.name)@\(t.name)#\(s + 1)", lower: 0, upper: cap, isInteger: true))
                }
                lp.add(.init(name: "cpu \(t.name)#\(s + 1)", coefficients: x.reduce(into: [y: -t.vcpu]) { $0[$1.value] = containers[$1.key].vcpu },
                             relation: .lessOrEqual, rhs: 0, unit: "vCPU"))
                lp.add(.init(name: "memory \(t.name)#\(s + 1)", coefficients: x.reduce(into: [y: -t.memoryGiB]) { $0[$1.value] = containers[$1.key].memoryGiB },
                             relation: .lessOrEqual, rhs: 0, unit: "GiB"))
                if let p = previous { lp.add(.init(name: "order \(t.name)#\(s + 1)", coefficients: [p: 1, y: -1], relation: .greaterOrEqual, rhs: 0)) }
                previous = y
                slots.append((k, y, x))
            }
        }
        for (ci, c) in containers.enumerated() {
            var row: [Int: Double] = [:]
            for slot in slots { if let x = slot.x[ci] { row[x] = 1 } }
            lp.add(.init(name: "place \(c.name)", coefficients: row, relation: .equal, rhs: Double(c.replicas), unit: "replicas"))
        }
        if let best {
            var start = Array(repeating: 0.0, count: lp.variables.count)
            var next: [Int: Int] = [:]
            for bin in best.bins {
                let k = chosenIndex(bin.type)
                let ofType = slots.filter { $0.type == k }
                let slot = ofType[next[k, default: 0]]
                next[k, default: 0] += 1
                start[slot.y] = 1
                for ci in bin.items { start[slot.x[ci]!] += 1 }
            }
            lp.incumbent = start
        }
        let solution: LinearSolution
        do {
            solution = try lp.solve()
        } catch LinearProgramError.infeasible(let shortfalls) {
            throw CostError.infeasible(what: "container packing", shortfalls: shortfalls)
        }
        var nodes: [Node] = []
        for slot in slots where solution.values[slot.y] > 0.5 {
            let (t, price) = chosen[slot.type]
            var placed: [(String, Int)] = []
            var cpu = 0.0, mem = 0.0
            for (ci, x) in slot.x.sorted(by: { $0.key < $1.key }) {
                let n = Int(solution.values[x].rounded())
                guard n > 0 else { continue }
                placed.append((containers[ci].name, n))
                cpu += containers[ci].vcpu * Double(n)
                mem += containers[ci].memoryGiB * Double(n)
            }
            nodes.append(Node(type: t, hourly: price, containers: placed, vcpuUsed: cpu, memoryUsedGiB: mem,
                              cpuShare: totalCPU > 0 ? cpu / totalCPU : 0, memoryShare: totalMem > 0 ? mem / totalMem : 0))
        }
        return ContainerPacking(nodes: nodes, hourlyCost: nodes.reduce(0) { $0 + $1.hourly },
                                heuristicHourlyCost: best?.cost ?? .infinity, status: solution.status,
                                candidateTypes: chosen.map(\.0.name), lowerBoundHourly: solution.relaxationObjective)
    }

    static func fits(_ c: Container, _ t: InstanceType) -> Bool { c.vcpu <= t.vcpu && c.memoryGiB <= t.memoryGiB }

    /// First-fit decreasing of every replica onto nodes of one type; bins hold container indices.
    static func firstFitDecreasing(_ containers: [Container], _ t: InstanceType) -> [[Int]] {
        var replicas: [Int] = []
        for (i, c) in containers.enumerated() { replicas += Array(repeating: i, count: c.replicas) }
        replicas.sort {
            max(containers[$0].vcpu / t.vcpu, containers[$0].memoryGiB / t.memoryGiB)
                > max(containers[$1].vcpu / t.vcpu, containers[$1].memoryGiB / t.memoryGiB)
        }
        var bins: [[Int]] = [], free: [(cpu: Double, mem: Double)] = []
        for i in replicas {
            let c = containers[i]
            if let b = free.firstIndex(where: { $0.cpu >= c.vcpu - 1e-12 && $0.mem >= c.memoryGiB - 1e-12 }) {
                bins[b].append(i)
                free[b].cpu -= c.vcpu
                free[b].mem -= c.memoryGiB
            } else {
                bins.append([i])
                free.append((t.vcpu - c.vcpu, t.memoryGiB - c.memoryGiB))
            }
        }
        return bins
    }
}
