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
        #expect(aws.instances.count >= 30)
        #expect(aws.asOf == "2024-06-01")
        #expect(aws.source.contains("AWS EC2 On-Demand pricing page"))
        // Published list price of m5.large in us-east-1 (Linux): $0.096/h, as transcribed.
        expectClose(aws.instance(named: "m5.large")?.onDemandHourly ?? .nan, 0.096, relative: 1e-12, "transcribed list price")
        expectClose(aws.hoursPerMonth, 730, relative: 0, absolute: 0, "stated in the file")
        #expect(aws.egress["internet"]?.tiers.count == 4)
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
