import Foundation
import Testing
@testable import FerryKit
import FerryModels

@Suite("Price catalogue CSV")
struct CatalogReaderTests {
    static let header = """
        # as_of: 2025-01-01
        # source: test
        kind,provider,region,name,vcpu,memory_gib,hourly,hourly_1y,hourly_3y,price,from_gb,to_gb
        """

    @Test("the shipped catalogues load, with date and source")
    func shipped() throws {
        let root = Self.packageRoot
        let aws = try CatalogReader.load(path: root + "/datasets/catalogs/aws-ec2-us-east-1.csv")
        #expect(aws.instances.count >= 200, "every current-generation m/c/r type")
        #expect(aws.asOf == "2026-02-09")
        #expect(aws.source.contains("zz_generated.pricing_aws.go") && aws.source.contains("Apache-2.0"))
        // Published list prices in us-east-1 (Linux, on-demand): m5.large $0.096/h, m7g.large
        // $0.0816/h, r8i.large $0.13892/h (AWS price list, as in the cited generated table).
        expectClose(aws.instance(named: "m5.large")?.onDemandHourly ?? .nan, 0.096, relative: 1e-12, "list price")
        expectClose(aws.instance(named: "m7g.large")?.onDemandHourly ?? .nan, 0.0816, relative: 1e-12, "list price")
        expectClose(aws.instance(named: "r8i.large")?.onDemandHourly ?? .nan, 0.13892, relative: 1e-12, "list price")
        // c5n.large has 5.25 GiB (5,376 MiB), not the c family's 2 GiB per vCPU.
        #expect(aws.instance(named: "c5n.large")?.memoryGiB == 5.25)
        #expect(aws.instances.allSatisfy { $0.oneYearHourly == nil && $0.threeYearHourly == nil }, "the source publishes on-demand only")
        expectClose(aws.hoursPerMonth, 730, relative: 0, absolute: 0, "stated in the file")
        #expect(aws.egress["internet"]?.tiers.count == 4)
        // AWS bills a transfer GB as 2^30 bytes: $0.09 per GiB = $0.0838190 per 10^9-byte GB, and
        // the first tier ends at 10,240 GiB = 10,995.1 GB.
        expectClose(aws.egress["internet"]?.tiers.first?.perGB ?? .nan, 0.09 * 1e9 / 1_073_741_824, relative: 1e-12, "unit conversion")
        expectClose(aws.egress["internet"]?.tiers.first?.toGB ?? .nan, 10_240 * 1_073_741_824 / 1e9, relative: 1e-12, "unit conversion")
        let synthetic = try CatalogReader.load(path: root + "/datasets/catalogs/synthetic-test.csv")
        #expect(synthetic.instances.map(\.name) == ["small", "large", "highmem"])
        #expect(synthetic.instance(named: "highmem")?.oneYearHourly == nil)
    }

    @Test("bad rows are errors with the line number", arguments: [
        ("instance,p,r,a,2,8,abc,,,,,", 4, "hourly: expected a number, found 'abc'"),
        ("instance,p,r,a,0,8,0.1,,,,,", 4, "vcpu: expected a value > 0"),
        ("instance,p,r,a,2,8,-1,,,,,", 4, "hourly: expected a value ≥ 0"),
        ("instance,p,r,a,2,8,0.1,,,", 4, "expected 12 columns, found 10"),
        ("gpu,p,r,a,2,8,0.1,,,,,", 4, "unknown kind 'gpu'"),
        ("instance,p,r,a,2,8,0.1,,,0.5,,", 4, "price: must be empty"),
        ("storage,p,r,gp3,,,,,,,,", 4, "price: is required"),
        ("instance,p,r,a,2,8,0.1,,,,,\ninstance,p,r,a,4,8,0.2,,,,,", 5, "listed twice (first on line 4)"),
        ("egress,p,r,net,,,,,,0.09,0,100\negress,p,r,net,,,,,,0.05,200,", 5, "contiguous"),
    ])
    func badRows(rows: String, line: Int, fragment: String) {
        do {
            _ = try CatalogReader.parse(Self.header + "\n" + rows + "\n", file: "bad.csv")
            Issue.record("expected an error")
        } catch let error as InputError {
            #expect(error.line == line, "\(error.localizedDescription)")
            #expect(error.localizedDescription.contains(fragment), "\(error.localizedDescription)")
            #expect(error.localizedDescription.hasPrefix("bad.csv:\(line):"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("a catalogue without a date or source is refused")
    func provenance() {
        #expect(throws: InputError.self) {
            try CatalogReader.parse("# source: x\nkind,provider,region,name,vcpu,memory_gib,hourly,hourly_1y,hourly_3y,price,from_gb,to_gb\n", file: "x.csv")
        }
        #expect(throws: InputError.self) {
            try CatalogReader.parse("# as_of: 2025-01-01\nkind,provider,region,name,vcpu,memory_gib,hourly,hourly_1y,hourly_3y,price,from_gb,to_gb\n", file: "x.csv")
        }
    }

    static var packageRoot: String {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        return FileManager.default.currentDirectoryPath
    }
}
