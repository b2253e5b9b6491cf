import Foundation
import Testing

@Suite("ferry cost (end to end)")
struct CostCommandTests {
    @Test("S3-2 from a costs file → $2,110.00 a month")
    func s32() throws {
        let r = try FerryBinary.run(["cost", "models/optimize/s3-2-costs.yaml"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("**$2,110.00**"))
    }

    @Test("demand flags on the synthetic catalogue: hand-checked selection, files written")
    func demand() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-cost-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try FerryBinary.run(["cost", "--catalog", "datasets/catalogs/synthetic-test.csv", "--vcpu", "10", "--memory", "40GiB",
                                     "--commitment", "none,3y", "--horizon", "12 months", "--current-monthly", "$1,000",
                                     "--data", "1TB", "--window", "2d", "--labour", "100/h", "--format", "json", "--out", dir])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let instances = try #require((o["instances"] as? [String: Any])?["none"] as? [String: Any])
        // large + small = 0.36 + 0.10 $/h (hand enumeration in CostModelsTests).
        expectNear(instances["hourly_cost"] as? Double ?? .nan, 0.46, relative: 1e-12, "hand enumeration")
        for name in ["cost.md", "cost.csv", "cost-monthly.svg", "cost-tornado.svg"] {
            #expect(FileManager.default.fileExists(atPath: dir + "/" + name), "\(name)")
        }
        let csv = try String(contentsOfFile: dir + "/cost.csv", encoding: .utf8)
        #expect(csv.hasPrefix("commitment,month,compute,"))
        #expect(csv.split(separator: "\n").count == 1 + 2 * 12)
    }

    @Test("an infeasible container is an error naming it", arguments: [["--container", "huge:64:8GiB"]])
    func oversize(args: [String]) throws {
        let r = try FerryBinary.run(["cost", "--catalog", "datasets/catalogs/synthetic-test.csv"] + args)
        #expect(r.status == 1)
        #expect(r.stderr.contains("container 'huge' needs 64 vCPU"), "\(r.stderr)")
    }

    @Test("a bad catalogue row reports file and line")
    func badCatalog() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try "# as_of: 2025-01-01\n# source: t\nkind,provider,region,name,vcpu,memory_gib,hourly,hourly_1y,hourly_3y,price,from_gb,to_gb\ninstance,p,r,a,2,8,cheap,,,,,\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let r = try FerryBinary.run(["cost", "--catalog", file, "--vcpu", "2"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(file):4: hourly: expected a number, found 'cheap'"), "\(r.stderr)")
    }

    @Test("a bad flag value is a usage error (64)")
    func usage() throws {
        let r = try FerryBinary.run(["cost", "--catalog", "datasets/catalogs/synthetic-test.csv", "--vcpu", "2", "--labour", "120/GB"])
        #expect(r.status == 64)
    }
}

/// Expects `actual` within `relative` of `expected`, printing both and the relative error.
private func expectNear(_ actual: Double, _ expected: Double, relative: Double, _ why: String,
                        sourceLocation: SourceLocation = #_sourceLocation) {
    let error = expected == 0 ? abs(actual) : abs(actual - expected) / abs(expected)
    #expect(actual.isFinite && error <= relative,
            "expected \(expected), got \(actual) (relative error \(error), allowed \(relative)) \(why)", sourceLocation: sourceLocation)
}
