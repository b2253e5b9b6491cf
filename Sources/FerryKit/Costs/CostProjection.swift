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

    /// The option drawn in charts: the cheapest available one.
    public var primary: FinanceProjection.Option? { finance.cheapest }
}
