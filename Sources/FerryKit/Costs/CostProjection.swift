import Foundation
import FerryModels

/// The cost part of a plan: the finance projection plus where its prices came from.
public struct CostProjection: Sendable {
    /// Where the catalogue prices came from.
    public struct CatalogInfo: Sendable {
        /// E.g. `aws`.
        public var provider: String
        /// E.g. `us-east-1`.
        public var region: String
        /// The date the prices reflect.
        public var asOf: String
        /// The catalogue's stated source.
        public var source: String
        /// The file read.
        public var path: String
    }

    /// Monthly table per commitment, one-off migration cost, break-even, tornado.
    public var finance: FinanceProjection
    /// The catalogue's provenance (nil without a catalogue).
    public var catalog: CatalogInfo?
    /// ISO 4217 code of every amount.
    public var currency: String
    /// The S3-2 unit-price lines, when compute is priced per unit.
    public var unitCost: UnitPriceCost?

    /// How the transfers were charged (direction, tiers, link).
    public var transfer: TransferPricing?
    /// Statements about what the projection left out or assumed (e.g. burstable types).
    public var notes: [String] = []

    /// How the primary option compares, for one-line summaries: "the cheapest of on-demand,
    /// 1-year" or "the only option priced; 1-year, 3-year unavailable (no published prices)".
    public var primaryComparison: String {
        let available = finance.options.filter { $0.unavailable == nil }
        let unavailable = finance.options.filter { $0.unavailable != nil }.map(\.commitment.label)
        var text = available.count > 1 ? "the cheapest of " + available.map(\.commitment.label).joined(separator: ", ")
            : "the only option priced"
        if !unavailable.isEmpty { text += "; " + unavailable.joined(separator: ", ") + " unavailable (no published prices)" }
        if available.contains(where: { $0.assumedDiscount != nil }) { text += "; committed prices assumed" }
        return text
    }

    /// The option drawn in charts: the cheapest available one.
    public var primary: FinanceProjection.Option? { finance.cheapest }
}
