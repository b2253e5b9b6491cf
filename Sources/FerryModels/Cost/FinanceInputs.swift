import Foundation

/// Everything the finance projection needs: what runs each month, how it grows, what the
/// migration costs once, and what the current (on-premises) estate costs.
public struct FinanceInputs: Sendable {
    /// How the monthly compute cost is found.
    public enum Compute: Sendable {
        /// No compute in the projection.
        case none
        /// Cheapest instance mix from a catalogue covering a demand with headroom (S1-1);
        /// the demand grows each month.
        case demand(types: [InstanceType], vcpu: Double, memoryGiB: Double, headroom: Double)
        /// Containers packed onto catalogue nodes (S2-4); replicas grow each month (rounded up).
        case containers(types: [InstanceType], containers: [ContainerPacking.Container])
        /// Resource quantities at unit prices per month (S3-2); quantities grow each month.
        case unitPrices(UnitPriceCost)
        /// Services priced from capacity: each month's node counts from the queueing model
        /// (their own growth) at their node type's price, plus an optional non-service demand
        /// (vCPU, GiB, headroom) that grows with the projection's growth.
        case services(types: [InstanceType], services: [ServiceCompute], demand: (vcpu: Double, memoryGiB: Double, headroom: Double)?)
    }

    /// Months in the projection, ≥ 1.
    public var horizonMonths: Int
    /// Hours in a billing month (the catalogue's; 730 by default).
    public var hoursPerMonth: Double
    /// Compound growth of demand and stored data per month (0.05 = 5 %/month).
    public var growthPerMonth: Double
    /// The compute model.
    public var compute: Compute
    /// Multiplies every compute price (1 = as catalogued; used by the sensitivity analysis).
    public var computePriceFactor: Double
    /// On-demand discount assumed for a commitment when the catalogue has no committed
    /// price (opt-in; absent: such types have no price under that commitment).
    public var assumedDiscounts: [Commitment: Double]
    /// Stored data in the new environment at month 1, GB (10^9 bytes).
    public var storageGB: Double
    /// Storage price per GB-month, currency units.
    public var storagePerGBMonth: Double
    /// Recurring egress after the migration, GB per month.
    public var recurringEgressGB: Double
    /// Egress price tiers (per month).
    public var egress: TieredPrice
    /// Other recurring cost per month (support, licences), currency units.
    public var otherMonthly: Double
    /// The migration project (one-off), nil for none.
    public var migration: MigrationCost.Inputs?
    /// What the current estate costs per month, for break-even (nil: no break-even).
    public var currentMonthly: Double?
    /// The commitments to compare; the first is used for the sensitivity analysis.
    public var commitments: [Commitment]
    /// ISO 4217 code of every amount.
    public var currency: String
    /// Relative change of each input in the sensitivity analysis (0.2 = ±20 %).
    public var sensitivity: Double

    /// Creates inputs (defaults: 36 months, 730 h/month, no growth, no storage or egress).
    public init(horizonMonths: Int = 36, hoursPerMonth: Double = 730, growthPerMonth: Double = 0, compute: Compute = .none,
                computePriceFactor: Double = 1, assumedDiscounts: [Commitment: Double] = [:], storageGB: Double = 0,
                storagePerGBMonth: Double = 0, recurringEgressGB: Double = 0, egress: TieredPrice = .flat(perGB: 0),
                otherMonthly: Double = 0, migration: MigrationCost.Inputs? = nil, currentMonthly: Double? = nil,
                commitments: [Commitment] = [.none], currency: String = "USD", sensitivity: Double = 0.2) {
        self.horizonMonths = horizonMonths
        self.hoursPerMonth = hoursPerMonth
        self.growthPerMonth = growthPerMonth
        self.compute = compute
        self.computePriceFactor = computePriceFactor
        self.assumedDiscounts = assumedDiscounts
        self.storageGB = storageGB
        self.storagePerGBMonth = storagePerGBMonth
        self.recurringEgressGB = recurringEgressGB
        self.egress = egress
        self.otherMonthly = otherMonthly
        self.migration = migration
        self.currentMonthly = currentMonthly
        self.commitments = commitments
        self.currency = currency
        self.sensitivity = sensitivity
    }
}
