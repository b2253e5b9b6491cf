import Foundation

/// A monthly cost table over a horizon, per commitment, with yearly totals, one-off vs
/// recurring, break-even against the current estate and a ±20 % sensitivity (tornado).
///
/// Month m (1-based) costs
/// ```
/// compute_m = hourly(demand × (1 + g)^(m−1)) × hours per month     (integer nodes: steps)
/// storage_m = GB × (1 + g)^(m−1) × price per GB-month
/// egress_m  = tiers(recurring GB per month)
/// one-off_m = migration total / ⌈window months⌉ for the first ⌈window months⌉ months
/// ```
/// A commitment bills every node at its committed hourly rate (terms bought as nodes are
/// added and renewed at the end of a term; no upfront payment). Break-even is the first
/// month in which the cumulative cloud cost (one-off included) is at or below the
/// cumulative current cost.
public struct FinanceProjection: Sendable {
    /// One month of one commitment option.
    public struct Month: Sendable {
        /// 1-based month.
        public var month: Int
        /// Compute, currency units.
        public var compute: Double
        /// Storage, currency units.
        public var storage: Double
        /// Recurring egress, currency units.
        public var egress: Double
        /// Other recurring cost, currency units.
        public var other: Double
        /// One-off migration cost in this month, currency units.
        public var oneOff: Double
        /// Nodes running (catalogue compute), else 0.
        public var nodes: Int
        /// Recurring part: compute + storage + egress + other.
        public var recurring: Double { compute + storage + egress + other }
        /// Everything this month.
        public var total: Double { recurring + oneOff }
        /// Σ total up to and including this month.
        public var cumulative: Double
        /// Σ current monthly cost up to this month (nil without a current cost).
        public var currentCumulative: Double?
    }

    /// The projection under one commitment.
    public struct Option: Sendable {
        /// The commitment.
        public var commitment: Commitment
        /// The monthly rows (empty when unavailable).
        public var months: [Month]
        /// Why this option could not be projected (no committed prices), else nil.
        public var unavailable: String?
        /// The discount assumed for missing committed prices, when the user opted in.
        public var assumedDiscount: Double?
        /// Σ per year (12-month blocks; the last may be shorter).
        public var yearlyTotals: [Double] {
            stride(from: 0, to: months.count, by: 12).map { start in
                months[start..<min(start + 12, months.count)].reduce(0) { $0 + $1.total }
            }
        }
        /// Σ over the horizon.
        public var total: Double { months.reduce(0) { $0 + $1.total } }
        /// Σ one-off.
        public var oneOffTotal: Double { months.reduce(0) { $0 + $1.oneOff } }
        /// Σ recurring.
        public var recurringTotal: Double { months.reduce(0) { $0 + $1.recurring } }
        /// First month at which cumulative cloud cost ≤ cumulative current cost (nil: not
        /// within the horizon, or no current cost given).
        public var breakEvenMonth: Int? {
            months.first { m in m.currentCumulative.map { m.cumulative <= $0 } ?? false }?.month
        }
    }

    /// One bar of the tornado: the horizon total with one input at −x % and +x %.
    public struct Sensitivity: Sendable {
        /// The input, e.g. `compute prices`.
        public var input: String
        /// Total with the input lowered.
        public var low: Double
        /// Total with the input raised.
        public var high: Double
        /// |high − low|.
        public var swing: Double { abs(high - low) }
    }

    /// The inputs used.
    public var inputs: FinanceInputs
    /// The one-off migration cost, when there is one.
    public var migration: MigrationCost?
    /// One entry per requested commitment, in the requested order.
    public var options: [Option]
    /// The commitment the sensitivity analysis uses (the recommended, i.e. cheapest, option).
    public var sensitivityCommitment: Commitment?
    /// The base total for that commitment.
    public var baseTotal: Double?
    /// Tornado bars, largest swing first.
    public var tornado: [Sensitivity]
    /// Month 1's instance selection per commitment (demand compute).
    public var firstSelection: [Commitment: InstanceSelection]
    /// Month 1's packing per commitment (container compute).
    public var firstPacking: [Commitment: ContainerPacking]
    /// The largest proven gap of any month's instance selection that was not proven optimal
    /// within its tolerance (a bounded-gap incumbent; 0 when every month was).
    public var worstSelectionGap: Double = 0

    /// The cheapest available option over the horizon.
    public var cheapest: Option? { options.filter { $0.unavailable == nil }.min { $0.total < $1.total } }

    /// The relative gap to the continuous bound accepted for months after the first (and for
    /// the sensitivity re-runs): 2 %.
    public static let laterMonthGap = 0.02

    /// The largest growth of demand over the horizon a projection accepts, (1 + g)^(months − 1).
    public static let maxGrowthFactor = 1e6

    /// Projects the costs.
    /// - Throws: `CostError` (infeasible demand, oversize container, bad inputs) and
    ///   `LinearProgramError` from the solver.
    public static func project(_ inputs: FinanceInputs) throws -> FinanceProjection {
        guard inputs.horizonMonths >= 1, inputs.horizonMonths <= 1200 else {
            throw CostError.invalid(name: "horizon", value: Double(inputs.horizonMonths), requirement: "expected 1 to 1200 months")
        }
        guard inputs.growthPerMonth > -1, inputs.growthPerMonth.isFinite else {
            throw CostError.invalid(name: "growth per month", value: inputs.growthPerMonth, requirement: "expected > −100 %")
        }
        // Bounded before any work: demand that grows more than a million-fold over the horizon
        // (or overflows) is not a plan, and would make the integer programs arbitrarily large.
        let finalFactor = pow(1 + inputs.growthPerMonth, Double(inputs.horizonMonths - 1))
        guard finalFactor.isFinite, finalFactor <= maxGrowthFactor else {
            throw CostError.invalid(name: "growth per month", value: inputs.growthPerMonth,
                                    requirement: "compounds to ×\(finalFactor.isFinite ? String(format: "%.3g", finalFactor) : "∞") over \(inputs.horizonMonths) months; expected at most ×\(Int(maxGrowthFactor)) over the horizon")
        }
        let migration = try inputs.migration.map { try MigrationCost($0) }
        var projection = FinanceProjection(inputs: inputs, migration: migration, options: [], sensitivityCommitment: nil,
                                           baseTotal: nil, tornado: [], firstSelection: [:], firstPacking: [:])
        let coster = ComputeCoster()
        for commitment in inputs.commitments {
            do {
                let option = try run(inputs, commitment: commitment, coster: coster)
                projection.options.append(option)
            } catch CostError.noPrices(let c) {
                projection.options.append(Option(commitment: c, months: [], unavailable:
                    "the catalogue publishes no \(c.label) prices; set commitment_discount to assume a discount",
                    assumedDiscount: nil))
            }
            projection.firstSelection[commitment] = coster.firstSelection[commitment]
            projection.firstPacking[commitment] = coster.firstPacking[commitment]
        }
        projection.worstSelectionGap = coster.worstGap
        // Sensitivity is for the recommended option: the cheapest over the horizon.
        if let base = projection.cheapest {
            projection.sensitivityCommitment = base.commitment
            projection.baseTotal = base.total
            projection.tornado = try tornado(inputs, commitment: base.commitment, coster: coster)
        }
        return projection
    }

    /// The rows of one commitment option.
    static func run(_ inputs: FinanceInputs, commitment: Commitment, coster: ComputeCoster) throws -> Option {
        let migration = try inputs.migration.map { try MigrationCost($0) }
        let spreadMonths = migration.map { max(1, Int(($0.windowMonths - 1e-9).rounded(.up))) } ?? 0
        var months: [Month] = []
        var cumulative = 0.0
        for m in 1...inputs.horizonMonths {
            let factor = Foundation.pow(1 + inputs.growthPerMonth, Double(m - 1))
            let (hourly, nodes) = try coster.hourly(inputs, commitment: commitment, growth: factor, month: m)
            let compute = hourly * inputs.hoursPerMonth * inputs.computePriceFactor
            let storage = inputs.storageGB * factor * inputs.storagePerGBMonth
            let egress = inputs.egress.monthlyCost(gigabytes: inputs.recurringEgressGB * factor)
            let oneOff = m <= spreadMonths ? (migration?.total ?? 0) / Double(spreadMonths) : 0
            var row = Month(month: m, compute: compute, storage: storage, egress: egress, other: inputs.otherMonthly,
                            oneOff: oneOff, nodes: nodes, cumulative: 0, currentCumulative: inputs.currentMonthly.map { $0 * Double(m) })
            cumulative += row.total
            row.cumulative = cumulative
            months.append(row)
        }
        return Option(commitment: commitment, months: months, unavailable: nil,
                      assumedDiscount: commitment == .none ? nil : coster.usedAssumption[commitment] == true ? inputs.assumedDiscounts[commitment] : nil)
    }

    /// Horizon totals with each input at (1 ± sensitivity) ×, largest swing first.
    static func tornado(_ inputs: FinanceInputs, commitment: Commitment, coster: ComputeCoster) throws -> [Sensitivity] {
        let d = inputs.sensitivity
        var perturbations: [(String, (inout FinanceInputs, Double) -> Void)] = []
        switch inputs.compute {
        case .none: break
        default:
            perturbations.append(("compute prices", { $0.computePriceFactor *= $1 }))
            perturbations.append(("compute demand", { i, f in
                switch i.compute {
                case .none: break
                case let .demand(types, cpu, mem, headroom): i.compute = .demand(types: types, vcpu: cpu * f, memoryGiB: mem * f, headroom: headroom)
                case let .containers(types, containers):
                    i.compute = .containers(types: types, containers: containers.map {
                        var c = $0
                        c.replicas = max(1, Int((Double(c.replicas) * f - 1e-9).rounded(.up)))
                        return c
                    })
                case let .unitPrices(u): i.compute = .unitPrices(u.scaled(by: f))
                case let .services(types, services, demand):
                    i.compute = .services(types: types, services: services.map {
                        var s = $0
                        s.nodesByMonth = s.nodesByMonth.map { max(0, Int((Double($0) * f - 1e-9).rounded(.up))) }
                        return s
                    }, demand: demand.map { ($0.vcpu * f, $0.memoryGiB * f, $0.headroom) })
                }
            }))
        }
        if inputs.growthPerMonth != 0 { perturbations.append(("growth rate", { $0.growthPerMonth *= $1 })) }
        // The commitment discount (1 − committed / on-demand), assumed or published, ± the same share.
        if commitment != .none, let types = inputs.compute.instanceTypes {
            perturbations.append(("\(commitment.label) discount", { i, f in
                if let d = i.assumedDiscounts[commitment] { i.assumedDiscounts[commitment] = min(0.99, d * f) }
                i.compute = i.compute.withInstanceTypes(types.map { $0.withCommitmentDiscountScaled(commitment, by: f) })
            }))
        }
        if inputs.storageGB > 0 && inputs.storagePerGBMonth > 0 {
            perturbations.append(("storage price", { $0.storagePerGBMonth *= $1 }))
        }
        if inputs.otherMonthly > 0 { perturbations.append(("other recurring", { $0.otherMonthly *= $1 })) }
        let hasEgress = inputs.recurringEgressGB > 0 || (inputs.migration.map { $0.bytes > 0 } ?? false)
        if hasEgress, inputs.egress.tiers.contains(where: { $0.perGB > 0 }) {
            perturbations.append(("egress price", { i, f in
                i.egress = i.egress.scaled(by: f)
                if let e = i.migration?.egress { i.migration?.egress = e.scaled(by: f) }
            }))
        }
        if let m = inputs.migration {
            if m.bytes > 0 {
                perturbations.append(("data size", { i, f in
                    i.migration?.bytes *= f
                    i.storageGB *= f
                }))
            }
            if m.labourPerHour > 0 { perturbations.append(("labour rate", { $0.migration?.labourPerHour *= $1 })) }
            if m.toolingPerHour > 0 { perturbations.append(("tooling rate", { $0.migration?.toolingPerHour *= $1 })) }
            if m.windowSeconds > 0 {
                perturbations.append(("migration window", { i, f in
                    i.migration?.windowSeconds *= f
                    if let u = i.migration?.uncompressedWindowSeconds { i.migration?.uncompressedWindowSeconds = u * f }
                }))
            }
            if m.parallelRunMonthly > 0 { perturbations.append(("parallel-run cost", { $0.migration?.parallelRunMonthly *= $1 })) }
        } else if inputs.storageGB > 0 && inputs.storagePerGBMonth > 0 {
            perturbations.append(("data size", { $0.storageGB *= $1 }))
        }
        return try perturbations.map { name, apply in
            var low = inputs, high = inputs
            apply(&low, 1 - d)
            apply(&high, 1 + d)
            return Sensitivity(input: name, low: try run(low, commitment: commitment, coster: coster).total,
                               high: try run(high, commitment: commitment, coster: coster).total)
        }.sorted { $0.swing > $1.swing }
    }
}

/// Finds and caches each month's compute price; identical demands are solved once.
final class ComputeCoster {
    private var cache: [String: (Double, Int)] = [:]
    var firstSelection: [Commitment: InstanceSelection] = [:]
    var firstPacking: [Commitment: ContainerPacking] = [:]
    var usedAssumption: [Commitment: Bool] = [:]
    /// The last selection per commitment, to warm-start the next month's.
    private var previous: [Commitment: [String: Int]] = [:]
    /// The worst proven gap of any selection that stopped at its time limit (0: all optimal).
    var worstGap: Double = 0

    /// A fingerprint of the types' prices under a commitment (sensitivity runs change them).
    static func priceKey(_ types: [InstanceType], _ commitment: Commitment) -> String {
        String(types.reduce(0.0) { $0 + ($1.hourly(commitment) ?? 0) * 1.000_001 + $1.onDemandHourly })
    }

    /// Hourly compute price and node count at `growth` × the base demand.
    func hourly(_ inputs: FinanceInputs, commitment: Commitment, growth: Double, month: Int) throws -> (Double, Int) {
        let discount = inputs.assumedDiscounts[commitment]
        switch inputs.compute {
        case .none:
            return (0, 0)
        case let .unitPrices(u):
            return (u.scaled(by: growth).monthlyTotal / inputs.hoursPerMonth, 0)
        case let .services(types, services, demand):
            if commitment != .none {
                usedAssumption[commitment] = types.contains { $0.hourly(commitment) == nil } && discount != nil
            }
            var hourly = 0.0, nodes = 0
            for s in services {
                let (_, price) = try s.resolve(types, commitment: commitment, assumedDiscount: discount)
                hourly += Double(s.nodes(month: month)) * price
                nodes += s.nodes(month: month)
            }
            if let d = demand {
                var plain = inputs
                plain.compute = .demand(types: types.filter { !$0.isBurstable }, vcpu: d.vcpu, memoryGiB: d.memoryGiB, headroom: d.headroom)
                let (h, n) = try self.hourly(plain, commitment: commitment, growth: growth, month: month)
                hourly += h
                nodes += n
            }
            return (hourly, nodes)
        case let .demand(types, cpu, mem, headroom):
            if commitment != .none {
                usedAssumption[commitment] = types.contains { $0.hourly(commitment) == nil } && discount != nil
            }
            let key = "d|\(commitment.rawValue)|\(discount ?? -1)|\(cpu * growth)|\(mem * growth)|\(headroom)|\(types.count)|\(Self.priceKey(types, commitment))"
            if let hit = cache[key] { return hit }
            // Month 1 is shown in detail and gets a 0.01 % gap; later months and the sensitivity
            // re-runs only need a price: a cover within 2 % of the continuous bound is accepted
            // without a search (deterministic, load-independent); otherwise GLPK gets 0.5 s and
            // a cover it cannot prove is reported as a bounded-gap incumbent.
            let s = try InstanceSelection.select(vcpu: cpu * growth, memoryGiB: mem * growth, headroom: headroom, from: types,
                                                 commitment: commitment, assumedDiscount: discount,
                                                 timeLimitSeconds: month == 1 ? 2 : 0.5,
                                                 relativeGap: month == 1 ? 1e-4 : FinanceProjection.laterMonthGap,
                                                 warmStart: previous[commitment])
            previous[commitment] = s.countsByName
            if s.status == .feasible { worstGap = max(worstGap, s.gap) }
            if month == 1, firstSelection[commitment] == nil { firstSelection[commitment] = s }
            cache[key] = (s.hourlyCost, s.nodes)
            return (s.hourlyCost, s.nodes)
        case let .containers(types, containers):
            if commitment != .none {
                usedAssumption[commitment] = types.contains { $0.hourly(commitment) == nil } && discount != nil
            }
            let grown = containers.map {
                var c = $0
                c.replicas = max(1, Int((Double(c.replicas) * growth - 1e-9).rounded(.up)))
                return c
            }
            let key = "c|\(commitment.rawValue)|\(discount ?? -1)|\(types.count)|\(Self.priceKey(types, commitment))|" + grown.map { "\($0.name):\($0.vcpu):\($0.memoryGiB):\($0.replicas)" }.joined(separator: ",")
            if let hit = cache[key] { return hit }
            let p = try ContainerPacking.pack(grown, onto: types, commitment: commitment, assumedDiscount: discount,
                                              timeLimitSeconds: month == 1 && firstPacking[commitment] == nil ? 1.0 : 0.25)
            if month == 1, firstPacking[commitment] == nil { firstPacking[commitment] = p }
            cache[key] = (p.hourlyCost, p.nodes.count)
            return (p.hourlyCost, p.nodes.count)
        }
    }
}
