import Foundation

/// A per-GB price that falls with monthly volume, e.g. internet egress:
/// first 10 TB at $0.09/GB, next 40 TB at $0.085/GB, …
///
/// ```
/// cost(v) = Σ_k price_k · clamp(v − from_k, 0, to_k − from_k)      (v in GB per month)
/// ```
public struct TieredPrice: Sendable, Equatable {
    /// One tier: GB from `fromGB` (inclusive) up to `toGB` (exclusive; infinity for the last).
    public struct Tier: Sendable, Equatable {
        /// Start of the tier, GB per month (SI, 10^9 bytes).
        public var fromGB: Double
        /// End of the tier, GB per month (`infinity` for the last).
        public var toGB: Double
        /// Price per GB in this tier, currency units.
        public var perGB: Double

        /// Creates a tier.
        public init(fromGB: Double, toGB: Double, perGB: Double) {
            self.fromGB = fromGB
            self.toGB = toGB
            self.perGB = perGB
        }
    }

    /// The tiers, sorted by `fromGB`, contiguous from 0.
    public var tiers: [Tier]

    /// Creates a tiered price; tiers are sorted by their start.
    public init(tiers: [Tier]) { self.tiers = tiers.sorted { $0.fromGB < $1.fromGB } }

    /// A single flat price per GB.
    public static func flat(perGB: Double) -> TieredPrice {
        TieredPrice(tiers: [Tier(fromGB: 0, toGB: .infinity, perGB: perGB)])
    }

    /// The cost of `gigabytes` GB in one month; volume beyond the last tier is priced at
    /// the last tier's price.
    /// - Parameter gigabytes: GB (10^9 bytes) in the month, ≥ 0.
    public func monthlyCost(gigabytes: Double) -> Double {
        guard gigabytes > 0 else { return 0 }
        var total = 0.0
        for (k, tier) in tiers.enumerated() {
            let upper = k == tiers.count - 1 ? Double.infinity : tier.toGB
            let amount = min(gigabytes, upper) - tier.fromGB
            if amount > 0 { total += amount * tier.perGB }
        }
        return total
    }

    /// The cost of moving `gigabytes` GB spread evenly over `months` billing months
    /// (at least one): months × cost(gigabytes / months).
    public func cost(gigabytes: Double, overMonths months: Double) -> Double {
        let m = max(1, months)
        return m * monthlyCost(gigabytes: gigabytes / m)
    }

    /// Every price multiplied by `factor` (for sensitivity analysis).
    public func scaled(by factor: Double) -> TieredPrice {
        TieredPrice(tiers: tiers.map { Tier(fromGB: $0.fromGB, toGB: $0.toGB, perGB: $0.perGB * factor) })
    }
}
