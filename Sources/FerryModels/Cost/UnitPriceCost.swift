import Foundation

/// Monthly cost from resource quantities and unit prices (S3-2):
/// ```
/// C = Σ_i w_i R_i      (w_i: price per unit-month, R_i: quantity)
/// ```
/// E.g. (4 cores, 16 GB, 200 GB, 50 Mbps) at $10, $20, $5, $15 per unit-month →
/// 40 + 320 + 1000 + 750 = $2,110 / month (the source document's 277.99 is an arithmetic error).
public struct UnitPriceCost: Sendable {
    /// One resource's line.
    public struct Line: Sendable {
        /// Resource name, e.g. `cpu`.
        public var resource: String
        /// Quantity in the resource's unit.
        public var quantity: Double
        /// The unit, e.g. `core`, `GB`, `Mbps`.
        public var unit: String
        /// Price per unit-month, currency units.
        public var pricePerUnitMonth: Double
        /// quantity × price, currency units per month.
        public var monthly: Double { quantity * pricePerUnitMonth }
    }

    /// The lines, in the order of the usage.
    public var lines: [Line]
    /// Σ lines, currency units per month.
    public var monthlyTotal: Double { lines.reduce(0) { $0 + $1.monthly } }

    /// Prices a usage.
    /// - Parameters:
    ///   - usage: (resource, quantity ≥ 0, unit) triples.
    ///   - prices: resource → price per unit-month.
    /// - Throws: `CostError.missingPrice`, `CostError.invalid` for negative quantities.
    public init(usage: [(resource: String, quantity: Double, unit: String)], prices: [String: Double]) throws {
        lines = try usage.map { item in
            guard let price = prices[item.resource] else { throw CostError.missingPrice(resource: item.resource) }
            guard item.quantity >= 0, item.quantity.isFinite else {
                throw CostError.invalid(name: item.resource, value: item.quantity, requirement: "expected a quantity ≥ 0")
            }
            return Line(resource: item.resource, quantity: item.quantity, unit: item.unit, pricePerUnitMonth: price)
        }
    }

    /// Every quantity multiplied by `factor` (growth).
    public func scaled(by factor: Double) -> UnitPriceCost {
        var copy = self
        for i in copy.lines.indices { copy.lines[i].quantity *= factor }
        return copy
    }
}
