import ArgumentParser
import FerryKit
import Foundation

/// `ferry catalog`: price catalogues from the providers' own published files.
struct Catalog: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Price catalogues from the providers' published price files.",
        subcommands: [CatalogImport.self]
    )
}

/// `ferry catalog import aws|azure FILE --out CATALOG.csv`.
struct CatalogImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import an AWS Price List (AmazonEC2) or Azure Retail Prices file as a Ferry catalogue CSV.",
        discussion: """
            AWS: the bulk offer file of one region (offers/v1.0/aws/AmazonEC2/current/REGION/index.json). Kept: Linux, shared tenancy, no pre-installed software, capacity status Used; on-demand hourly; reserved standard class for 1 and 3 years with --purchase-option (effective hourly = hourly + upfront / (8,760 h × years)); EBS storage.

            Azure: Retail Prices API JSON ({"Items": [...]}) for Virtual Machines; Consumption and 1/3-year Reservation prices. vCPU and memory come from --shapes or, for D/E (v4+) and Fsv2 sizes, from the name.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "aws or azure.")
    var provider: String

    @Argument(help: "The provider's price file (JSON).", completion: .file(extensions: ["json"]))
    var file: String

    @Option(help: "Write the catalogue CSV here (default: standard output).")
    var out: String?

    @Option(help: "Region code to keep (us-east-1, eastus); needed when the file covers several.")
    var region: String?

    @Option(help: "AWS reserved purchase option: no-upfront, partial-upfront, all-upfront.")
    var purchaseOption: String = "no-upfront"

    @Option(help: "Azure: the prices' as-of date, YYYY-MM-DD (default: the latest effectiveStartDate in the file).")
    var asOf: String?

    @Option(help: "Azure: a CSV of name,vcpu,memory_gib giving the shapes of sizes the name rule does not cover.")
    var shapes: String?

    func run() throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw CatalogImportError(file: file, message: "cannot read: \((error as NSError).localizedDescription)")
        }
        let catalog: ImportedCatalog
        switch provider.lowercased() {
        case "aws":
            guard let option = AWSPriceListImporter.PurchaseOption.named(purchaseOption) else {
                throw ValidationError("--purchase-option: expected no-upfront, partial-upfront or all-upfront, found '\(purchaseOption)'")
            }
            catalog = try AWSPriceListImporter.importOffer(data, file: file, region: region, purchaseOption: option)
        case "azure":
            if let asOf, asOf.count != 10 || DateFormatterCheck.date(asOf) == nil {
                throw ValidationError("--as-of: expected YYYY-MM-DD, found '\(asOf)'")
            }
            catalog = try AzureRetailPricesImporter.importPrices(data, file: file, region: region, asOf: asOf, shapes: try readShapes())
        default:
            throw ValidationError("provider: expected aws or azure, found '\(provider)'")
        }
        let csv = catalog.csv()
        // The written file must read back: the importer's output is a catalogue like any other.
        _ = try CatalogReader.parse(csv, file: out ?? "(imported)")
        if let out {
            try csv.write(toFile: out, atomically: true, encoding: .utf8)
            if !global.quiet {
                let instances = catalog.rows.filter { $0.kind == "instance" }
                warn("wrote \(out): \(instances.count) instance types (\(instances.filter { $0.hourly1y != nil }.count) with 1-year, \(instances.filter { $0.hourly3y != nil }.count) with 3-year prices), \(catalog.rows.count - instances.count) other rows; \(catalog.provider) \(catalog.region) as of \(catalog.asOf)")
            }
        } else {
            emit(csv)
        }
    }

    func readShapes() throws -> [String: (vcpu: Double, memoryGiB: Double)] {
        guard let shapes else { return [:] }
        let text = try String(contentsOfFile: shapes, encoding: .utf8)
        var out: [String: (vcpu: Double, memoryGiB: Double)] = [:]
        for (i, line) in text.split(separator: "\n").enumerated() {
            let f = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if i == 0 && f.first == "name" { continue }
            guard f.count == 3, let v = Double(f[1]), v > 0, let m = Double(f[2]), m > 0 else {
                throw CatalogImportError(file: shapes, message: "line \(i + 1): expected name,vcpu,memory_gib with positive numbers")
            }
            out[f[0]] = (v, m)
        }
        return out
    }
}

/// YYYY-MM-DD validation.
enum DateFormatterCheck {
    static func date(_ text: String) -> Date? {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.date(from: text)
    }
}
