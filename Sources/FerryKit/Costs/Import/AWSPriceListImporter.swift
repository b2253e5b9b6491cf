import Foundation

/// Reads an AWS Price List bulk offer file for AmazonEC2 (one region, JSON as published at
/// `https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/<region>/index.json`).
///
/// Instances: product family `Compute Instance`, Linux, shared tenancy, no pre-installed
/// software, capacity status `Used` (the plain running-instance SKU). On-demand: the `Hrs`
/// price. Reserved: the `standard` offering class, 1 and 3 years, one purchase option
/// (No Upfront by default):
/// ```
/// effective hourly = hourly fee + upfront fee / (8,760 h × years)
/// ```
/// Storage: EBS volume prices (`Storage` family, `volumeApiName`, unit `GB-Mo`). AWS bills these
/// per GB of 2^30 bytes; the catalogue says so (`gb_bytes`).
public enum AWSPriceListImporter {
    /// A reserved purchase option.
    public enum PurchaseOption: String, Sendable, CaseIterable {
        /// No upfront fee, hourly only.
        case noUpfront = "No Upfront"
        /// Part upfront, lower hourly.
        case partialUpfront = "Partial Upfront"
        /// All upfront, no hourly.
        case allUpfront = "All Upfront"

        /// `no-upfront`, `partial-upfront`, `all-upfront` (CLI spelling).
        public static func named(_ text: String) -> PurchaseOption? {
            allCases.first { $0.rawValue.lowercased().replacingOccurrences(of: " ", with: "-") == text.lowercased() }
        }
    }

    /// Imports the file's instances and EBS storage prices.
    /// - Parameters:
    ///   - data: the JSON.
    ///   - file: its name, for messages and the `source` column.
    ///   - region: the region code to keep (nil: the file's only region).
    ///   - purchaseOption: which reserved price to use for the 1y/3y columns.
    /// - Throws: `CatalogImportError` naming the field or SKU.
    public static func importOffer(_ data: Data, file: String, region: String? = nil,
                                   purchaseOption: PurchaseOption = .noUpfront) throws -> ImportedCatalog {
        func fail(_ m: String) -> CatalogImportError { CatalogImportError(file: file, message: m) }
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw fail("not a JSON object (expected an AWS Price List offer file)")
        }
        guard (root["offerCode"] as? String) == "AmazonEC2" else {
            throw fail("offerCode is '\(root["offerCode"] ?? "missing")'; expected AmazonEC2")
        }
        guard let products = root["products"] as? [String: Any] else { throw fail("no 'products' object") }
        let terms = root["terms"] as? [String: Any] ?? [:]
        let onDemand = terms["OnDemand"] as? [String: Any] ?? [:]
        let reserved = terms["Reserved"] as? [String: Any] ?? [:]
        let asOf = String((root["publicationDate"] as? String ?? "").prefix(10))
        guard asOf.count == 10 else { throw fail("no publicationDate (the prices' as-of date)") }

        var regions = Set<String>()
        var instances: [String: ImportedCatalog.Row] = [:]
        var storage: [String: ImportedCatalog.Row] = [:]
        for (sku, value) in products {
            guard let product = value as? [String: Any], let a = product["attributes"] as? [String: String] else { continue }
            let family = product["productFamily"] as? String ?? ""
            let code = a["regionCode"] ?? ""
            if let region, code != region { continue }
            if family == "Compute Instance" {
                guard a["operatingSystem"] == "Linux", a["tenancy"] == "Shared", a["preInstalledSw"] == "NA",
                      a["capacitystatus"] == "Used", let type = a["instanceType"] else { continue }
                regions.insert(code)
                guard let vcpu = Double(a["vcpu"] ?? ""), vcpu > 0 else { throw fail("SKU \(sku) (\(type)): vcpu '\(a["vcpu"] ?? "")' is not a positive number") }
                let memText = (a["memory"] ?? "").replacingOccurrences(of: ",", with: "").replacingOccurrences(of: " GiB", with: "")
                guard let mem = Double(memText), mem > 0 else { throw fail("SKU \(sku) (\(type)): memory '\(a["memory"] ?? "")' is not 'N GiB'") }
                guard let hourly = try onDemandHourly(onDemand[sku], sku: sku, fail: fail) else { continue }
                let y1 = try reservedHourly(reserved[sku], years: 1, option: purchaseOption, sku: sku, fail: fail)
                let y3 = try reservedHourly(reserved[sku], years: 3, option: purchaseOption, sku: sku, fail: fail)
                if let existing = instances[type], existing.hourly != hourly {
                    throw fail("instance type \(type) has two Linux/shared/Used on-demand prices (\(existing.hourly!) and \(hourly)); give --region")
                }
                instances[type] = .init(kind: "instance", name: type, vcpu: vcpu, memoryGiB: mem, hourly: hourly, hourly1y: y1, hourly3y: y3)
            } else if family == "Storage", let volume = a["volumeApiName"] {
                regions.insert(code)
                guard let price = try onDemandPrice(onDemand[sku], unit: "GB-Mo", sku: sku, fail: fail) else { continue }
                storage["ebs-" + volume] = .init(kind: "storage", name: "ebs-" + volume, price: price)
            }
        }
        if region == nil && regions.count > 1 {
            throw fail("the file covers \(regions.count) regions (\(regions.sorted().prefix(5).joined(separator: ", "))…); give --region")
        }
        guard !instances.isEmpty else {
            throw fail("no Linux, shared-tenancy, no-software, capacity-status-Used instance with an hourly on-demand price\(region.map { " in \($0)" } ?? "")")
        }
        let rows = instances.values.sorted { $0.name < $1.name } + storage.values.sorted { $0.name < $1.name }
        return ImportedCatalog(provider: "aws", region: region ?? regions.first ?? "", currency: "USD", asOf: asOf,
                               source: "AWS Price List bulk offer file \((file as NSString).lastPathComponent) (AmazonEC2, version \(root["version"] as? String ?? "?"), published \(asOf))",
                               gigabyteBytes: 1_073_741_824,
                               notes: ["instances: Linux, shared tenancy, no pre-installed software, capacity status Used; on-demand hourly",
                                       "hourly_1y / hourly_3y: reserved, standard offering class, \(purchaseOption.rawValue): hourly fee + upfront fee / (8760 h × years); empty where the file has no such term",
                                       "storage: EBS per GB-month; AWS's GB here is 2^30 bytes (gb_bytes)"],
                               rows: rows)
    }

    static func dimensions(_ term: Any?) -> [[String: Any]] {
        guard let offers = term as? [String: Any] else { return [] }
        return offers.values.compactMap { $0 as? [String: Any] }.flatMap { offer -> [[String: Any]] in
            ((offer["priceDimensions"] as? [String: Any]) ?? [:]).values.compactMap { $0 as? [String: Any] }
        }
    }

    static func usd(_ d: [String: Any], sku: String, fail: (String) -> CatalogImportError) throws -> Double {
        guard let text = (d["pricePerUnit"] as? [String: Any])?["USD"] as? String, let v = Double(text), v >= 0, v.isFinite else {
            throw fail("SKU \(sku): pricePerUnit.USD is missing or not a price ≥ 0")
        }
        return v
    }

    static func onDemandPrice(_ term: Any?, unit: String, sku: String, fail: (String) -> CatalogImportError) throws -> Double? {
        for d in dimensions(term) where (d["unit"] as? String) == unit { return try usd(d, sku: sku, fail: fail) }
        return nil
    }

    static func onDemandHourly(_ term: Any?, sku: String, fail: (String) -> CatalogImportError) throws -> Double? {
        try onDemandPrice(term, unit: "Hrs", sku: sku, fail: fail)
    }

    static func reservedHourly(_ term: Any?, years: Int, option: PurchaseOption, sku: String,
                               fail: (String) -> CatalogImportError) throws -> Double? {
        guard let offers = term as? [String: Any] else { return nil }
        for case let offer as [String: Any] in offers.values {
            let a = offer["termAttributes"] as? [String: String] ?? [:]
            guard a["LeaseContractLength"] == "\(years)yr", a["OfferingClass"] == "standard", a["PurchaseOption"] == option.rawValue else { continue }
            var hourly = 0.0, upfront = 0.0
            for case let d as [String: Any] in ((offer["priceDimensions"] as? [String: Any]) ?? [:]).values {
                switch d["unit"] as? String {
                case "Hrs": hourly += try usd(d, sku: sku, fail: fail)
                case "Quantity": upfront += try usd(d, sku: sku, fail: fail)
                default: continue
                }
            }
            return hourly + upfront / (8760 * Double(years))
        }
        return nil
    }
}
