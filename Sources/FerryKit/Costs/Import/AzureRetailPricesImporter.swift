import Foundation

/// Reads Azure Retail Prices API JSON (`https://prices.azure.com/api/retail/prices`, one page or
/// pages concatenated as `{"Items": [...]}`) for Virtual Machines in one region.
///
/// Kept: service `Virtual Machines`, Linux (product name without `Windows`), not Spot or Low
/// Priority, unit `1 Hour`. `Consumption` items give the hourly price; `Reservation` items give
/// the price of the whole term, so
/// ```
/// effective hourly = reservation price / (8,760 h × years)
/// ```
/// The API does not publish vCPU and memory: they come from `shapes` (name → vCPU, GiB) or, for
/// the D, E and F families, from the name (`Standard_D4s_v5` → 4 vCPU × 4 GiB; E × 8 GiB; F × 2 GiB).
public enum AzureRetailPricesImporter {
    /// Imports the VM prices.
    /// - Parameters:
    ///   - data: the JSON.
    ///   - file: its name, for messages and the `source` column.
    ///   - region: the `armRegionName` to keep (nil: the file's only region).
    ///   - asOf: the prices' date (nil: the latest `effectiveStartDate` in the kept items).
    ///   - shapes: vCPU and GiB by `armSkuName`, overriding the name rule.
    /// - Throws: `CatalogImportError`.
    public static func importPrices(_ data: Data, file: String, region: String? = nil, asOf: String? = nil,
                                    shapes: [String: (vcpu: Double, memoryGiB: Double)] = [:]) throws -> ImportedCatalog {
        func fail(_ m: String) -> CatalogImportError { CatalogImportError(file: file, message: m) }
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let items = root["Items"] as? [[String: Any]] else {
            throw fail("expected a JSON object with an 'Items' array (Azure Retail Prices API)")
        }
        var regions = Set<String>()
        var latest = ""
        var consumption: [String: Double] = [:], reserved: [String: [Int: Double]] = [:]
        var unshaped = Set<String>()
        for (i, item) in items.enumerated() {
            guard (item["serviceName"] as? String) == "Virtual Machines", (item["unitOfMeasure"] as? String) == "1 Hour" else { continue }
            let product = item["productName"] as? String ?? "", skuName = item["skuName"] as? String ?? ""
            guard !product.contains("Windows"), !skuName.contains("Spot"), !skuName.contains("Low Priority") else { continue }
            let code = item["armRegionName"] as? String ?? ""
            if let region, code != region { continue }
            guard let name = item["armSkuName"] as? String, !name.isEmpty else { continue }
            guard let price = (item["unitPrice"] as? NSNumber)?.doubleValue ?? (item["retailPrice"] as? NSNumber)?.doubleValue,
                  price >= 0, price.isFinite else {
                throw fail("Items[\(i)] (\(name)): unitPrice is missing or not a price ≥ 0")
            }
            regions.insert(code)
            latest = max(latest, String((item["effectiveStartDate"] as? String ?? "").prefix(10)))
            switch item["type"] as? String {
            case "Consumption":
                consumption[name] = price
            case "Reservation":
                let term = item["reservationTerm"] as? String ?? ""
                guard let years = Int(term.split(separator: " ").first ?? ""), years == 1 || years == 3 else {
                    throw fail("Items[\(i)] (\(name)): reservationTerm '\(term)'; expected '1 Year' or '3 Years'")
                }
                reserved[name, default: [:]][years] = price / (8760 * Double(years))
            default:
                continue
            }
        }
        if region == nil && regions.count > 1 {
            throw fail("the file covers \(regions.count) regions (\(regions.sorted().prefix(5).joined(separator: ", "))…); give --region")
        }
        var rows: [ImportedCatalog.Row] = []
        for (name, hourly) in consumption.sorted(by: { $0.key < $1.key }) {
            guard let shape = shapes[name] ?? shapeFromName(name) else {
                unshaped.insert(name)
                continue
            }
            rows.append(.init(kind: "instance", name: name, vcpu: shape.vcpu, memoryGiB: shape.memoryGiB, hourly: hourly,
                              hourly1y: reserved[name]?[1], hourly3y: reserved[name]?[3]))
        }
        guard !rows.isEmpty else { throw fail("no Linux consumption VM price with a known shape\(region.map { " in \($0)" } ?? "")") }
        var notes = ["instances: Virtual Machines, Linux, not Spot/Low Priority; Consumption hourly",
                     "hourly_1y / hourly_3y: Reservation price of the term / (8760 h × years); empty where the file has none"]
        if !unshaped.isEmpty {
            notes.append("\(unshaped.count) SKU(s) left out, no vCPU/memory known (give --shapes): \(unshaped.sorted().prefix(6).joined(separator: ", "))")
        }
        let date = asOf ?? latest
        guard date.count == 10 else { throw fail("no as-of date: give --as-of YYYY-MM-DD (the file has no effectiveStartDate)") }
        return ImportedCatalog(provider: "azure", region: region ?? regions.first ?? "", currency: root["BillingCurrency"] as? String ?? "USD",
                               asOf: date, source: "Azure Retail Prices API JSON \((file as NSString).lastPathComponent)"
                                   + (asOf == nil ? " (as-of: latest effectiveStartDate in the file)" : ""),
                               gigabyteBytes: 1e9, notes: notes, rows: rows)
    }

    /// vCPU and GiB from an Azure size name for the D and E families of v4 and later (4 and 8 GiB
    /// per vCPU) and Fsv2 (2 GiB per vCPU), e.g. `Standard_D4s_v5` → (4, 16); nil for other
    /// families, older versions (a D2_v2 has 7 GiB) and constrained-core sizes.
    public static func shapeFromName(_ name: String) -> (vcpu: Double, memoryGiB: Double)? {
        let parts = name.split(separator: "_")
        guard parts.count >= 2, parts[0] == "Standard" else { return nil }
        let size = parts[1]
        guard let family = size.first, let perVCPU = ["D": 4.0, "E": 8.0, "F": 2.0][String(family)] else { return nil }
        let digits = size.dropFirst().prefix { $0.isNumber }
        guard let n = Double(digits), n > 0, !size.contains("-"), parts.count == 3 else { return nil }
        let version = Int(parts[2].dropFirst()) ?? 0
        guard parts[2].hasPrefix("v"), family == "F" ? version == 2 : version >= 4 else { return nil }
        return (n, n * perVCPU)
    }
}
