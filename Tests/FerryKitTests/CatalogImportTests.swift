import Foundation
import Testing
@testable import FerryKit
import FerryModels

/// The importers read small files written in each provider's published format
/// (Tests/Fixtures/aws-ec2-offer-small.json, azure-retail-vm-small.json); the expected rows
/// below are worked out by hand from those files.
@Suite("catalogue importers (AWS Price List, Azure Retail Prices)")
struct CatalogImportTests {
    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: CatalogReaderTests.packageRoot + "/Tests/Fixtures/" + name))
    }

    @Test("AWS: only Linux / shared / no software / Used; reserved standard No Upfront; EBS storage")
    func aws() throws {
        let c = try AWSPriceListImporter.importOffer(try Self.fixture("aws-ec2-offer-small.json"), file: "offer.json")
        #expect(c.provider == "aws" && c.region == "us-east-1" && c.asOf == "2026-07-01")
        // Windows, dedicated, unused-reservation and SQL SKUs are dropped: 2 instances + 2 volumes.
        #expect(c.rows.map(\.name) == ["m6i.large", "r6i.24xlarge", "ebs-gp3", "ebs-io2"])
        let m = c.rows[0]
        #expect(m.vcpu == 2 && m.memoryGiB == 8 && m.hourly == 0.096)
        // No Upfront: the hourly fee alone (convertible 0.07 ignored).
        #expect(m.hourly1y == 0.06 && m.hourly3y == 0.041)
        #expect(c.rows[1].memoryGiB == 768 && c.rows[1].hourly1y == nil, "no reserved term → empty")
        #expect(c.rows[2].price == 0.08 && c.gigabyteBytes == 1_073_741_824)
    }

    @Test("AWS purchase options: effective hourly = hourly + upfront / (8,760 h × years)")
    func awsUpfront() throws {
        let partial = try AWSPriceListImporter.importOffer(try Self.fixture("aws-ec2-offer-small.json"), file: "o.json", purchaseOption: .partialUpfront)
        // 0.029 + 254 / 8,760 = 0.0579954… (hand); no 3-year partial term in the file.
        expectClose(partial.rows[0].hourly1y ?? .nan, 0.029 + 254.0 / 8760, relative: 1e-12, "exact")
        #expect(partial.rows[0].hourly3y == nil)
        let all = try AWSPriceListImporter.importOffer(try Self.fixture("aws-ec2-offer-small.json"), file: "o.json", purchaseOption: .allUpfront)
        // 0 + 1,000 / (8,760 × 3) = 0.0380518… (hand).
        expectClose(all.rows[0].hourly3y ?? .nan, 1000.0 / 26_280, relative: 1e-12, "exact")
    }

    @Test("AWS: the written CSV reads back, storage converted from 2^30-byte GB")
    func awsRoundTrip() throws {
        let c = try AWSPriceListImporter.importOffer(try Self.fixture("aws-ec2-offer-small.json"), file: "o.json")
        let csv = c.csv()
        #expect(csv.contains("kind,name,vcpu,memory_gib,hourly,hourly_1y,hourly_3y,"))
        let back = try CatalogReader.parse(csv, file: "o.csv")
        #expect(back.instance(named: "m6i.large")?.oneYearHourly == 0.06)
        // $0.08 per GiB-month = 0.08 × 10^9 / 2^30 = $0.0745058 per GB-month (10^9 bytes).
        expectClose(back.storage["ebs-gp3"] ?? .nan, 0.08 * 1e9 / 1_073_741_824, relative: 1e-12, "unit conversion")
    }

    @Test("AWS: wrong file or nothing usable is a clear error")
    func awsErrors() throws {
        #expect(throws: CatalogImportError.self) { try AWSPriceListImporter.importOffer(Data("{\"offerCode\":\"AmazonS3\"}".utf8), file: "s3.json") }
        #expect(throws: CatalogImportError.self) { try AWSPriceListImporter.importOffer(Data("[1]".utf8), file: "x.json") }
        #expect(throws: CatalogImportError.self) {
            try AWSPriceListImporter.importOffer(try Self.fixture("aws-ec2-offer-small.json"), file: "o.json", region: "eu-west-1")
        }
    }

    @Test("Azure: Linux consumption + reservations per term, shapes from D/E names, others listed as left out")
    func azure() throws {
        let c = try AzureRetailPricesImporter.importPrices(try Self.fixture("azure-retail-vm-small.json"), file: "az.json")
        #expect(c.region == "eastus" && c.asOf == "2026-01-01")
        #expect(c.rows.map(\.name) == ["Standard_D2s_v5", "Standard_E4s_v5"])
        let d = c.rows[0]
        #expect(d.hourly == 0.096 && d.vcpu == 2 && d.memoryGiB == 8, "Windows 0.188 and Spot 0.0192 ignored")
        // Reservation prices are per term: 504 / 8,760 and 973 / 26,280 (hand).
        expectClose(d.hourly1y ?? .nan, 504.0 / 8760, relative: 1e-12, "exact")
        expectClose(d.hourly3y ?? .nan, 973.0 / 26_280, relative: 1e-12, "exact")
        #expect(c.rows[1].memoryGiB == 32)
        #expect(c.notes.contains { $0.contains("Standard_D2_v2") && $0.contains("Standard_M8ms") })
        let shaped = try AzureRetailPricesImporter.importPrices(try Self.fixture("azure-retail-vm-small.json"), file: "az.json",
                                                                shapes: ["Standard_M8ms": (8, 218.75)])
        #expect(shaped.rows.contains { $0.name == "Standard_M8ms" && $0.memoryGiB == 218.75 })
        _ = try CatalogReader.parse(c.csv(), file: "az.csv")
    }

    @Test("Azure size names", arguments: [("Standard_D4s_v5", 4.0, 16.0), ("Standard_E8as_v5", 8, 64), ("Standard_F16s_v2", 16, 32)])
    func names(name: String, vcpu: Double, gib: Double) {
        let s = AzureRetailPricesImporter.shapeFromName(name)
        #expect(s?.vcpu == vcpu && s?.memoryGiB == gib)
        #expect(AzureRetailPricesImporter.shapeFromName("Standard_D2_v2") == nil, "Dv2 has 7 GiB: no rule")
        #expect(AzureRetailPricesImporter.shapeFromName("Standard_E4-2s_v5") == nil, "constrained cores")
    }
}
