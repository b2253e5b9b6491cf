import Foundation

/// A dated price catalogue of one provider and region: instance types, storage classes and
/// egress tiers. Read from CSV by FerryKit's `CatalogReader` (schema in
/// `datasets/catalogs/README.md`).
public struct PriceCatalog: Sendable {
    /// E.g. `aws`.
    public var provider: String
    /// E.g. `us-east-1`.
    public var region: String
    /// ISO 4217 code of every price, e.g. `USD`.
    public var currency: String
    /// The date the prices reflect, as written in the file (e.g. `2024-06-01`).
    public var asOf: String
    /// Where the prices come from.
    public var source: String
    /// Hours in a billing month (730 unless the catalogue says otherwise).
    public var hoursPerMonth: Double
    /// Instance types.
    public var instances: [InstanceType]
    /// Storage classes: name → price per GB-month (currency units per 10^9 bytes per month).
    public var storage: [String: Double]
    /// Egress tiers by name (e.g. `internet`), per GB of 10^9 bytes (converted from the file's unit).
    public var egress: [String: TieredPrice]
    /// Bytes in the provider's billed "GB" as the file states it (AWS: 2^30); storage and egress
    /// prices above are already converted to 10^9-byte GB.
    public var gigabyteBytes: Double

    /// Creates a catalogue.
    public init(provider: String, region: String, currency: String = "USD", asOf: String, source: String,
                hoursPerMonth: Double = 730, instances: [InstanceType], storage: [String: Double] = [:],
                egress: [String: TieredPrice] = [:], gigabyteBytes: Double = 1e9) {
        self.gigabyteBytes = gigabyteBytes
        self.provider = provider
        self.region = region
        self.currency = currency
        self.asOf = asOf
        self.source = source
        self.hoursPerMonth = hoursPerMonth
        self.instances = instances
        self.storage = storage
        self.egress = egress
    }

    /// The instance type with this name.
    public func instance(named name: String) -> InstanceType? { instances.first { $0.name == name } }
}
