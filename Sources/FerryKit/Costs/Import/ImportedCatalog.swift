import Foundation

/// Rows read from a provider's own price file, ready to be written as a Ferry catalogue CSV
/// (columns ``CatalogReader/columns``; every row keeps provider, region, as-of date and source).
public struct ImportedCatalog: Sendable, Equatable {
    /// One catalogue row.
    public struct Row: Sendable, Equatable {
        /// `instance`, `storage` or `egress`.
        public var kind: String
        /// Type, storage class or egress name.
        public var name: String
        /// vCPU (instances).
        public var vcpu: Double?
        /// GiB (instances).
        public var memoryGiB: Double?
        /// On-demand, currency per hour (instances).
        public var hourly: Double?
        /// Effective hourly under a 1-year commitment (nil: not published in the file).
        public var hourly1y: Double?
        /// Effective hourly under a 3-year commitment (nil: not published in the file).
        public var hourly3y: Double?
        /// Storage: currency per GB-month; egress: per GB (the provider's GB).
        public var price: Double?
        /// Egress tier start, GB.
        public var fromGB: Double?
        /// Egress tier end, GB (nil: open).
        public var toGB: Double?

        /// Creates a row.
        public init(kind: String, name: String, vcpu: Double? = nil, memoryGiB: Double? = nil, hourly: Double? = nil,
                    hourly1y: Double? = nil, hourly3y: Double? = nil, price: Double? = nil, fromGB: Double? = nil, toGB: Double? = nil) {
            self.kind = kind
            self.name = name
            self.vcpu = vcpu
            self.memoryGiB = memoryGiB
            self.hourly = hourly
            self.hourly1y = hourly1y
            self.hourly3y = hourly3y
            self.price = price
            self.fromGB = fromGB
            self.toGB = toGB
        }
    }

    /// `aws`, `azure`.
    public var provider: String
    /// The provider's region code, e.g. `us-east-1`, `eastus`.
    public var region: String
    /// ISO 4217 currency.
    public var currency: String
    /// The publication date of the prices (YYYY-MM-DD).
    public var asOf: String
    /// Where they come from (file name and the provider's format).
    public var source: String
    /// Bytes in the provider's billed GB (AWS: 2^30).
    public var gigabyteBytes: Double
    /// Header notes (filters applied, purchase option, what was skipped).
    public var notes: [String]
    /// The rows, instances sorted by name.
    public var rows: [Row]

    /// The catalogue as CSV text (header comments, then the columns of ``CatalogReader/columns``).
    public func csv() -> String {
        var out = "# Ferry price catalogue (schema: datasets/catalogs/README.md), imported by `ferry catalog import \(provider)`\n"
        out += "# provider: \(provider)\n# region: \(region)\n# currency: \(currency)\n# as_of: \(asOf)\n# hours_per_month: 730\n"
        out += "# gb_bytes: \(Int(gigabyteBytes))\n# source: \(source)\n"
        for n in notes { out += "# note: \(n)\n" }
        out += CatalogReader.columns.joined(separator: ",") + "\n"
        func n(_ x: Double?) -> String {
            guard let x else { return "" }
            var t = String(format: "%.10f", x)
            while t.hasSuffix("0") { t.removeLast() }
            if t.hasSuffix(".") { t.removeLast() }
            return t
        }
        func q(_ s: String) -> String { s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s }
        for r in rows {
            out += [r.kind, q(r.name), n(r.vcpu), n(r.memoryGiB), n(r.hourly), n(r.hourly1y), n(r.hourly3y), n(r.price), n(r.fromGB), n(r.toGB),
                    provider, region, asOf, q(source)].joined(separator: ",") + "\n"
        }
        return out
    }
}

/// Why a provider's price file could not be imported.
public struct CatalogImportError: LocalizedError, Equatable, Sendable {
    /// The file.
    public var file: String
    /// What is wrong, naming the field or product.
    public var message: String

    /// Creates an error.
    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var errorDescription: String? { "\(file): \(message)" }
}
