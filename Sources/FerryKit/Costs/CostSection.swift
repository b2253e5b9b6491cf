import Foundation
import FerryModels
import FerryUnits

/// The `costs:` section of a scenario (also the input of `ferry cost`), validated.
///
/// ```yaml
/// costs:
///   catalog: datasets/catalogs/aws-ec2-us-east-1.csv   # relative: scenario's directory, then working directory
///   demand: { vcpu: 32, memory: 128GiB, headroom: 20% }  # or containers: / unit_prices:
///   containers:
///     - { name: api, vcpu: 2, memory: 4GiB, replicas: 6 }
///   unit_prices:
///     - { name: cpu, quantity: 4, price: 10/core-month }
///     - { name: memory, quantity: 16GB, price: 20/GB-month }
///   storage: { size: 10TB, class: gp3 }                # or price: 0.08/GB-month
///   egress: 0.09/GB                                    # the source's egress price; default: by direction
///   link: { port: 0.30/h, ports: 1, per_gb: 0.02/GB }  # a dedicated link instead of the internet
///   egress_monthly: 500GB                              # recurring egress after the move
///   labour: 120/h
///   staff: 2
///   coverage: 33%                                      # share of the window's hours staffed
///   tooling: 15/h
///   deployment: { services: 4, hours_per_service: 16, fixed: $5,000 }
///   horizon: 36 months
///   growth: 5%/month
///   commitment: [none, 1y, 3y]
///   commitment_discount: { 1y: 30%, 3y: 50% }          # opt-in, only for missing catalogue prices
///   current_monthly: $25,000                           # break-even and the parallel run
///   parallel_run: true
///   other_monthly: $500
///   sensitivity: 20%
/// ```
public struct CostSection: Sendable {
    /// The keys `costs:` accepts.
    public static let keys = ["catalog", "demand", "containers", "unit_prices", "storage", "egress", "egress_monthly", "link", "labour",
                              "staff", "coverage", "tooling", "deployment", "horizon", "growth", "commitment",
                              "commitment_discount", "current_monthly", "parallel_run", "other_monthly", "sensitivity"]

    /// The catalogue, when one is named.
    public var catalog: PriceCatalog?
    /// The catalogue's path as resolved.
    public var catalogPath: String?
    /// CPU demand, vCPU (nil: from the migration inputs' services, if any).
    public var vcpu: Double?
    /// Memory demand, GiB.
    public var memoryGiB: Double?
    /// Spare capacity over the demand (0.2 = 20 %).
    public var headroom: Double
    /// Containers to pack (instead of a plain demand).
    public var containers: [ContainerPacking.Container]
    /// Unit-price lines (S3-2) instead of a catalogue.
    public var unitPrices: UnitPriceCost?
    /// Stored data, bytes (nil: the migrated data size).
    public var storageBytes: Double?
    /// Storage price per GB-month.
    public var storagePerGBMonth: Double
    /// The egress price the user gave for the migration transfer (`costs.egress`, flat per GB);
    /// nil: charged by direction (the source's provider's tiers, see ``TransferPricing``).
    public var egressGiven: TieredPrice?
    /// A dedicated link carrying the migration instead of the internet (`costs.link`).
    public var link: DedicatedLink?
    /// Where the data comes from (the scenario's `source:`), nil when not named.
    public var source: TransferEndpoint?
    /// Where the data goes (the scenario's `target:`), nil when not named.
    public var target: TransferEndpoint?
    /// Whether `demand:` was written (as opposed to coming from elsewhere).
    public var demandGiven: Bool = false
    /// Recurring egress after the migration, bytes per month.
    public var egressMonthlyBytes: Double
    /// Labour, currency per person-hour.
    public var labourPerHour: Double
    /// People on the migration.
    public var staff: Double
    /// Share of the window's hours staffed, in [0, 1].
    public var coverage: Double
    /// Tooling, currency per hour of the window.
    public var toolingPerHour: Double
    /// Services to deploy (nil: the scenario's service count).
    public var deploymentServices: Int?
    /// Labour hours per service deployment.
    public var hoursPerService: Double
    /// Fixed deployment cost.
    public var deploymentFixed: Double
    /// Months in the projection.
    public var horizonMonths: Int
    /// Growth per month.
    public var growthPerMonth: Double
    /// Commitments to compare.
    public var commitments: [Commitment]
    /// Opt-in discounts for missing committed prices.
    public var commitmentDiscounts: [Commitment: Double]
    /// Current monthly cost of the estate being replaced.
    public var currentMonthly: Double?
    /// Whether the old estate is paid during the migration window.
    public var parallelRun: Bool
    /// Other recurring cost per month.
    public var otherMonthly: Double
    /// ± change in the sensitivity analysis.
    public var sensitivity: Double
    /// Currency of every amount.
    public var currency: String

    /// An empty section (no compute, 36 months, on-demand), for building in code.
    public init(catalog: PriceCatalog? = nil) {
        self.catalog = catalog
        catalogPath = nil
        vcpu = nil
        memoryGiB = nil
        headroom = 0
        containers = []
        unitPrices = nil
        storageBytes = nil
        storagePerGBMonth = 0
        egressGiven = nil
        link = nil
        source = nil
        target = nil
        egressMonthlyBytes = 0
        labourPerHour = 0
        staff = 1
        coverage = 1
        toolingPerHour = 0
        deploymentServices = nil
        hoursPerService = 0
        deploymentFixed = 0
        horizonMonths = 36
        growthPerMonth = 0
        commitments = [.none]
        commitmentDiscounts = [:]
        currentMonthly = nil
        parallelRun = true
        otherMonthly = 0
        sensitivity = 0.2
        currency = catalog?.currency ?? "USD"
    }

    /// Resolves a catalogue path: absolute as is; relative against `baseDirectory` (the
    /// scenario file's directory) when the file exists there, else against the working
    /// directory.
    public static func resolve(_ path: String, baseDirectory: String) -> String {
        if path.hasPrefix("/") { return path }
        let nearScenario = (baseDirectory as NSString).appendingPathComponent(path)
        if FileManager.default.fileExists(atPath: nearScenario) { return nearScenario }
        return path
    }

    /// Reads and validates a `costs:` mapping.
    /// - Parameters:
    ///   - node: the mapping.
    ///   - baseDirectory: the scenario file's directory, for a relative `catalog`.
    /// - Throws: `InputError` with file:line for unknown keys, bad values and catalogue errors.
    public static func read(_ node: YAMLNode, baseDirectory: String) throws -> CostSection {
        try node.checkKeys(keys)
        var s = CostSection()
        if let c = try node.child("catalog") {
            let written = try c.string()
            let path = resolve(written, baseDirectory: baseDirectory)
            guard FileManager.default.fileExists(atPath: path) else {
                throw c.error("catalogue '\(written)' not found (looked in \(baseDirectory.isEmpty ? "." : baseDirectory) and the working directory)")
            }
            s = CostSection(catalog: try CatalogReader.load(path: path))
            s.catalogPath = path
        }
        if let d = try node.child("demand") {
            s.demandGiven = true
            try d.checkKeys(["vcpu", "memory", "headroom"])
            s.vcpu = try d.child("vcpu").map { try positive($0, "vCPU") }
            s.memoryGiB = try d.child("memory").map { try $0.quantity { try ByteCount.parse($0).bytes } / 1_073_741_824 }
            s.headroom = try d.child("headroom")?.double(in: 0...10) ?? 0
        }
        if let list = try node.child("containers") {
            s.containers = try list.items().map { item in
                try item.checkKeys(["name", "vcpu", "memory", "replicas"])
                let memory = try item.required("memory")
                return ContainerPacking.Container(
                    name: try item.required("name").string(), vcpu: try positive(try item.required("vcpu"), "vCPU"),
                    memoryGiB: try memory.quantity { try ByteCount.parse($0, allowZero: false).bytes } / 1_073_741_824,
                    replicas: try item.child("replicas").map { r in
                        let n = try r.int()
                        guard n >= 1 else { throw r.error("expected at least 1 replica, found \(n)") }
                        return n
                    } ?? 1)
            }
        }
        if let list = try node.child("unit_prices") {
            var usage: [(String, Double, String)] = []
            var prices: [String: Double] = [:]
            for item in try list.items() {
                try item.checkKeys(["name", "quantity", "price"])
                let name = try item.required("name").string()
                let priceNode = try item.required("price")
                let price = try priceNode.quantity { try UnitPrice.parse($0) }
                let quantityNode = try item.required("quantity")
                switch price.basis {
                case .byteTime:
                    let bytes = try quantityNode.quantity { try ByteCount.parse($0).bytes }
                    usage.append((name, bytes / 1e9, "GB"))
                    prices[name] = price.perGBMonth
                case .countTime(let unit):
                    usage.append((name, try countQuantity(quantityNode, unit: unit), unit))
                    prices[name] = price.perUnitMonth
                default:
                    throw priceNode.error("expected a price per unit-month such as 10/core-month or 20/GB-month")
                }
            }
            s.unitPrices = try UnitPriceCost(usage: usage, prices: prices)
        }
        if let st = try node.child("storage") {
            try st.checkKeys(["size", "class", "price"])
            s.storageBytes = try st.child("size")?.quantity { try ByteCount.parse($0).bytes }
            if let p = try st.child("price") {
                s.storagePerGBMonth = try p.quantity { try UnitPrice.parse($0, expecting: .byteTime) }.perGBMonth
            } else if let cls = try st.child("class") {
                let name = try cls.string()
                guard let price = s.catalog?.storage[name] else {
                    let known = s.catalog.map { $0.storage.keys.sorted().joined(separator: ", ") } ?? "no catalogue given"
                    throw cls.error("unknown storage class '\(name)'; the catalogue has: \(known)")
                }
                s.storagePerGBMonth = price
            } else {
                throw st.error("give a storage price (e.g. 0.023/GB-month) or a class from the catalogue")
            }
        }
        if let e = try node.child("egress") {
            s.egressGiven = .flat(perGB: try e.quantity { try UnitPrice.parse($0, expecting: .bytes) }.perGB)
        }
        if let l = try node.child("link") {
            try l.checkKeys(["port", "ports", "per_gb"])
            let port = try l.required("port").quantity { try UnitPrice.parse($0, expecting: .time) }.perHour
            let ports = try l.child("ports").map { n in
                let v = try n.int()
                guard v >= 1, v <= 1000 else { throw n.error("expected 1 to 1000 ports, found \(v)") }
                return v
            } ?? 1
            let perGB = try l.child("per_gb")?.quantity { try UnitPrice.parse($0, expecting: .bytes) }.perGB ?? 0
            s.link = DedicatedLink(portHourly: port, ports: ports, perGB: perGB)
        }
        s.egressMonthlyBytes = try node.child("egress_monthly")?.quantity { try ByteCount.parse($0).bytes } ?? 0
        s.labourPerHour = try node.child("labour")?.quantity { try UnitPrice.parse($0, expecting: .time) }.perHour ?? 0
        s.staff = try node.child("staff").map { try nonNegative($0, "people") } ?? 1
        s.coverage = try node.child("coverage")?.double(in: 0...1) ?? 1
        s.toolingPerHour = try node.child("tooling")?.quantity { try UnitPrice.parse($0, expecting: .time) }.perHour ?? 0
        if let d = try node.child("deployment") {
            try d.checkKeys(["services", "hours_per_service", "fixed"])
            s.deploymentServices = try d.child("services")?.int()
            s.hoursPerService = try d.child("hours_per_service").map { n in
                try n.quantity { text in
                    if let plain = Double(text) { return plain }
                    return try TimeSpan.parse(text).seconds / 3600
                }
            } ?? 0
            s.deploymentFixed = try d.child("fixed")?.quantity { try Money.parse($0).amount } ?? 0
        }
        if let h = try node.child("horizon") {
            let months = try h.quantity { try TimeSpan.parse($0, allowZero: false).seconds } / TimeSpan.secondsPerMonth
            guard months >= 1 - 1e-9, months <= 1200 else { throw h.error("expected a horizon of 1 to 1200 months") }
            s.horizonMonths = Int(months.rounded())
        }
        s.growthPerMonth = try node.child("growth")?.quantity { try GrowthRate.parse($0).perMonth } ?? 0
        if let c = try node.child("commitment") {
            let texts: [(String, YAMLNode)]
            if let items = try? c.items() { texts = try items.map { (try $0.string(), $0) } } else { texts = [(try c.string(), c)] }
            s.commitments = try texts.map { text, n in
                guard let value = Commitment(rawValue: text.lowercased()) ?? ["on-demand": .none, "ondemand": .none, "1year": .oneYear, "3year": .threeYear][text.lowercased()] else {
                    throw n.error("unknown commitment '\(text)'; expected none, 1y or 3y")
                }
                return value
            }
        }
        if let d = try node.child("commitment_discount") {
            try d.checkKeys(["1y", "3y"])
            if let v = try d.child("1y") { s.commitmentDiscounts[.oneYear] = try v.double(in: 0...0.95) }
            if let v = try d.child("3y") { s.commitmentDiscounts[.threeYear] = try v.double(in: 0...0.95) }
        }
        s.currentMonthly = try node.child("current_monthly")?.quantity { try Money.parse($0).amount }
        s.parallelRun = try node.child("parallel_run")?.bool() ?? true
        s.otherMonthly = try node.child("other_monthly")?.quantity { try Money.parse($0).amount } ?? 0
        s.sensitivity = try node.child("sensitivity")?.double(in: 0...0.9, openLowerBound: true) ?? 0.2
        let computeModes = [s.vcpu != nil || s.memoryGiB != nil, !s.containers.isEmpty, s.unitPrices != nil].filter { $0 }.count
        if computeModes > 1 { throw node.error("give only one of demand, containers and unit_prices") }
        if (s.vcpu != nil || !s.containers.isEmpty) && s.catalog == nil {
            throw node.error("demand and containers need a catalog")
        }
        return s
    }

    /// Reads a `source:` or `target:` mapping: `{ provider: on-prem | aws | gcp | azure, region: … }`.
    /// - Throws: `InputError` at the node for an unknown provider or key.
    public static func readEndpoint(_ node: YAMLNode) throws -> TransferEndpoint {
        try readEndpoint(node, extraKeys: [])
    }

    /// Reads a `source:` or `target:` mapping that may also hold `extraKeys` (read by the caller).
    /// - Throws: `InputError` at the node for an unknown provider or key.
    public static func readEndpoint(_ node: YAMLNode, extraKeys: [String]) throws -> TransferEndpoint {
        try node.checkKeys(["provider", "region"] + extraKeys)
        let p = try node.required("provider")
        let text = try p.string()
        guard let provider = CloudProvider.named(text) else {
            throw p.error("unknown provider '\(text)'; expected on-prem, aws, gcp or azure")
        }
        return TransferEndpoint(provider: provider, region: try node.child("region")?.string())
    }

    private static func positive(_ node: YAMLNode, _ unit: String) throws -> Double {
        let v = try node.double()
        guard v > 0 else { throw node.error("expected a positive number of \(unit), found \(v)") }
        return v
    }

    private static func nonNegative(_ node: YAMLNode, _ unit: String) throws -> Double {
        let v = try node.double()
        guard v >= 0 else { throw node.error("expected a number of \(unit) ≥ 0, found \(v)") }
        return v
    }

    /// `4`, `4 cores`, `50 Mbps`: the number, with the unit (if any) checked loosely against the price's.
    private static func countQuantity(_ node: YAMLNode, unit: String) throws -> Double {
        let text = try node.string().trimmingCharacters(in: .whitespaces)
        let digits = text.prefix { $0.isNumber || $0 == "." || $0 == "," || $0 == "_" || $0 == "e" || $0 == "-" || $0 == "+" }
        guard let v = Double(digits.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "_", with: "")), v >= 0 else {
            throw node.error("expected a quantity such as 4 or 4 \(unit), found '\(text)'")
        }
        let rest = text.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        if !rest.isEmpty && !rest.lowercased().hasPrefix(unit.lowercased()) && !unit.lowercased().hasPrefix(rest.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "s"))) {
            throw node.error("quantity unit '\(rest)' does not match the price's unit '\(unit)'")
        }
        return v
    }
}
