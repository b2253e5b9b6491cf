import Foundation
import Testing

/// Inputs that used to trap or hang `ferry cost` (issue: "no crash or hang on any input") and
/// the growth projection that failed on a loaded machine: each exits promptly with a message.
@Suite("ferry cost: no crash, no hang, no load-dependent failure")
struct CostRobustnessTests {
    @Test("out-of-range inputs exit 1 with a message naming the input", arguments: [
        (["--vcpu", "1", "--memory", "7GiB", "--horizon", "1e19 months"], "--horizon"),
        (["--vcpu", "16", "--memory", "64GiB", "--growth", "9223372036854775808%/month"], "growth per month"),
        (["--container", "api:2:4GiB:1000000000"], "replicas"),
    ])
    func rejected(args: [String], fragment: String) throws {
        let r = try FerryBinary.run(["cost"] + args)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains(fragment), "\(r.stderr)")
    }

    @Test("96 vCPU growing 15 %/month for 36 months is projected (was: no integer solution within 0.2 s)")
    func growth() throws {
        let r = try FerryBinary.run(["cost", "--vcpu", "96", "--memory", "384GiB", "--growth", "15%/month",
                                     "--horizon", "36 months", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try FerryBinary.json(r)
        let options = try #require(o["options"] as? [[String: Any]])
        let months = try #require(options.first?["months"] as? [[String: Any]])
        #expect(months.count == 36)
        // Month 36 needs 96 × 1.15^35 ≈ 12,800 vCPU: at least $0.04/vCPU-h × 730 h of it
        // (no current-generation non-burstable type in the catalogue is below $0.04 per vCPU-hour).
        let last = try #require(months.last?["compute"] as? Double)
        #expect(last >= 96 * Foundation.pow(1.15 as Double, 35.0) * 0.04 * 730, "\(last)")
    }

    @Test("burstable types left out are said so")
    func burstable() throws {
        let r = try FerryBinary.run(["cost", "--vcpu", "4", "--memory", "16GiB", "--horizon", "12 months"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("burstable"), "\(r.stdout.prefix(600))")
    }

    @Test("a costs file with nothing to price exits 1 naming what is missing")
    func nothing() throws {
        let dir = try FerryBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "costs:\n  horizon: 12 months\n".write(toFile: dir + "/c.yaml", atomically: true, encoding: .utf8)
        let r = try FerryBinary.run(["cost", dir + "/c.yaml"])
        #expect(r.status == 1, "\(r.stdout)")
        #expect(r.stderr.contains("nothing to price") && r.stderr.contains("demand"), "\(r.stderr)")
    }
}

@Suite("ferry catalog import (end to end)")
struct CatalogImportCommandTests {
    @Test("aws FILE --out writes a catalogue that ferry cost can use")
    func aws() throws {
        let dir = try FerryBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try FerryBinary.run(["catalog", "import", "aws", "Tests/Fixtures/aws-ec2-offer-small.json", "--out", dir + "/c.csv"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("2 instance types (1 with 1-year, 1 with 3-year prices)"), "\(r.stderr)")
        let cost = try FerryBinary.run(["cost", "--catalog", dir + "/c.csv", "--vcpu", "2", "--memory", "8GiB", "--commitment", "none,1y,3y",
                                        "--horizon", "12 months"])
        #expect(cost.status == 0, "\(cost.stderr)")
        #expect(cost.stdout.contains("3-year"), "\(cost.stdout.prefix(400))")
        let bad = try FerryBinary.run(["catalog", "import", "gcp", "Tests/Fixtures/aws-ec2-offer-small.json"])
        #expect(bad.status == 64)
    }
}
