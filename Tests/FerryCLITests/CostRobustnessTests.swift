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
        // Found by benchmarks/fuzz-cli.sh: both trapped converting an instance count to Int.
        (["--vcpu", "9223372036854775807"], "vcpu demand"),
        (["--vcpu", "2", "--memory", "99999999999999999999GiB"], "memory demand"),
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
        // Month 36 needs V = 96 × 1.15^35 vCPU and 4 V GiB. Independent lower bound from the
        // catalogue file itself: max(V × cheapest $/vCPU-h, 4V × cheapest $/GiB-h) × 730 h
        // (non-burstable types); the projection can be at most 2 % over the continuous bound,
        // which is itself ≤ the sum of the two terms.
        let text = try String(contentsOfFile: FerryBinary.packageRoot + "/datasets/catalogs/aws-ec2-us-east-1.csv", encoding: .utf8)
        var perVCPU = Double.infinity, perGiB = Double.infinity
        for line in text.split(separator: "\n") where line.hasPrefix("instance,") && !line.hasPrefix("instance,t") {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            let v = Double(f[2])!, m = Double(f[3])!, p = Double(f[4])!
            perVCPU = min(perVCPU, p / v)
            perGiB = min(perGiB, p / m)
        }
        let v = 96 * Foundation.pow(1.15 as Double, 35.0)
        let last = try #require(months.last?["compute"] as? Double)
        #expect(last >= max(v * perVCPU, 4 * v * perGiB) * 730 * (1 - 1e-9), "\(last)")
        #expect(last <= (v * perVCPU + 4 * v * perGiB) * 730 * 1.02, "\(last)")
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

@Suite("ferry compare (end to end)")
struct CompareCommandTests {
    @Test("two scenarios differing only in bandwidth: times differ, monthly cost equal, total differs by the one-off")
    func bandwidth() throws {
        let dir = try FerryBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = try String(contentsOfFile: FerryBinary.packageRoot + "/models/file-estate-10tb.yaml", encoding: .utf8)
            .replacingOccurrences(of: "../datasets", with: FerryBinary.packageRoot + "/datasets")
        try a.write(toFile: dir + "/a.yaml", atomically: true, encoding: .utf8)
        try a.replacingOccurrences(of: "bandwidth: 1Gbps", with: "bandwidth: 10Gbps").replacingOccurrences(of: "name: file-estate-10tb", with: "name: ten-gig")
            .write(toFile: dir + "/b.yaml", atomically: true, encoding: .utf8)
        let r = try FerryBinary.run(["compare", dir + "/a.yaml", dir + "/b.yaml", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try FerryBinary.json(r)
        #expect(o["kind"] as? String == "compare")
        let rows = try #require(o["rows"] as? [[String: Any]])
        func row(_ m: String) throws -> [String: Any] { try #require(rows.first { $0["metric"] as? String == m }) }
        for m in ["window", "cutover downtime", "window P90", "one-off cost", "total cost"] {
            let x = try row(m)
            let a = try #require(x["a"] as? Double), b = try #require(x["b"] as? Double)
            expectClose(x["difference"] as? Double ?? .nan, b - a, relative: 1e-12, absolute: 1e-9, "difference = B − A")
        }
        // A's window equals the plan's own figure (the same scenario through ferry plan).
        let plan = try FerryBinary.json(try FerryBinary.run(["plan", dir + "/a.yaml", "--no-write", "--format", "json"]))
        let planWindow = try #require(((plan["estimate"] as? [String: Any])?["window_seconds"] as? Double) ?? (plan["window_seconds"] as? Double))
        expectClose(try row("window")["a"] as? Double ?? .nan, planWindow, relative: 1e-12, "same model")
        #expect((try row("window")["b"] as? Double ?? .infinity) < planWindow / 5, "10× the bandwidth")
        // Only the network changed: monthly costs equal; total differs by exactly the one-off difference.
        #expect(try row("monthly cost now")["difference"] as? Double == 0)
        expectClose(try row("total cost")["difference"] as? Double ?? .nan, try row("one-off cost")["difference"] as? Double ?? .nan,
                    relative: 1e-9, "run cost unchanged")
        let md = try FerryBinary.run(["compare", dir + "/a.yaml", dir + "/b.yaml", "--format", "md"])
        #expect(md.stdout.contains("| window |") && md.stdout.contains("B − A"))
        let csv = try FerryBinary.run(["compare", dir + "/a.yaml", dir + "/b.yaml", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("metric,unit,file-estate-10tb,ten-gig,difference,relative_difference\n"))
    }
}
