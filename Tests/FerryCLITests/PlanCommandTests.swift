import Foundation
import Testing

@Suite("ferry plan, end to end")
struct PlanCommandTests {
    @Test func s01ReportSaysTheDocumentIsWrongBy36() throws {
        let out = try FerryBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try FerryBinary.run(["plan", "models/s0-1-document-example.yaml", "--reports", out])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let md = try String(contentsOfFile: "\(out)/s0-1-document-example/plan.md", encoding: .utf8)
        #expect(md.contains("27.78 h"))
        #expect(md.contains("1000 h"))
        #expect(md.contains("factor of 36.0"))
        #expect(FileManager.default.fileExists(atPath: "\(out)/s0-1-document-example/plan.csv"))
    }

    @Test func realisticScenarioWritesChartsAndJSON() throws {
        let out = try FerryBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try FerryBinary.run(["plan", "models/file-estate-10tb.yaml", "--reports", out, "--format", "json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let json = try FerryBinary.json(r)
        // By hand: R_eff = 1 Gbps × 0.74 = 9.25·10⁷ B/s; bulk = 8·10¹² / 9.25·10⁷ + 2·10⁶ × 5 ms / 16
        // = 86,486.49 + 625 = 87,111.49 s. Per changed byte τ = 0.8 / 9.25·10⁷ + 625 / 10¹³
        // = 8.7111·10⁻⁹ s; c = 2·10¹¹ / 86,400 B/s; q = cτ = 0.020164; round 1 = 87,111.49 q
        // = 1,756.5 s ≤ 2 h, so it is the cutover.
        expectClose(try #require(json["seconds"] as? Double), 87_111.486, relative: 1e-6, "hand arithmetic to 8 digits")
        expectClose(try #require(json["cutover_seconds"] as? Double), 1_756.5, relative: 1e-4, "q to 5 digits")
        #expect(json["bottleneck"] as? String == "link")
        #expect(json["converges"] as? Bool == true)
        #expect((json["rounds"] as? [[String: Any]])?.count == 1)
        let (p50, p90, p99) = (try #require(json["p50_seconds"] as? Double), try #require(json["p90_seconds"] as? Double),
                               try #require(json["p99_seconds"] as? Double))
        // Lognormal rate with cv 0.15 around the point value: P50 near it, spread upwards.
        #expect(p50 > 0.95 * 87_111 && p50 < 1.05 * 87_111 && p50 < p90 && p90 < p99)
        for file in ["plan.md", "plan.csv", "delta-rounds.svg", "distribution.svg"] {
            #expect(FileManager.default.fileExists(atPath: "\(out)/file-estate-10tb/\(file)"), "missing \(file)")
        }
    }

    @Test func everyShippedScenarioPlans() throws {
        let out = try FerryBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let models = try FileManager.default.contentsOfDirectory(atPath: "\(FerryBinary.packageRoot)/models")
            .filter { $0.hasSuffix(".yaml") }
        #expect(models.count >= 4)
        for model in models {
            let r = try FerryBinary.run(["plan", "models/\(model)", "--reports", out, "--format", "json"])
            // churn-too-fast is the shipped example of a sync that never converges: exit 2.
            let expected: Int32 = model == "churn-too-fast.yaml" ? 2 : 0
            #expect(r.status == expected, "\(model): \(r.stderr)")
            #expect(try FerryBinary.json(r)["schema_version"] as? Int == 1, "\(model)")
        }
    }

    /// Scenario-file errors are data errors (exit 1) that name file, line and field.
    @Test(arguments: [
        ("data:\n  size: 10TB\nnetwork:\n  rate: 100MB/s\n  speed: 3\n", ":5:", "unknown key 'speed'"),
        ("data:\n  size: 10T\nnetwork:\n  rate: 100MB/s\n", ":2:", "ambiguous"),
        ("data:\n  size: -3TB\nnetwork:\n  rate: 100MB/s\n", ":2:", "must be > 0"),
        ("data:\n  size: 10TB\n  files: many\nnetwork:\n  rate: 100MB/s\n", ":3:", "whole number"),
        ("data:\n  size: 10TB\nnetwork:\n  rate: 0MB/s\n", ":4:", "rate"),
        ("data:\n  size: 10TB\nnetwork:\n  bandwidth: 1Gbps\n  efficiency: 1.4\n", ":5:", "≤ 1"),
        ("data:\n  size: 10TB\nnetwork: {}\n", ":3:", "bandwidth"),
        ("data: [1, 2]\nnetwork:\n  rate: 1MB/s\n", ":1:", "mapping"),
        ("data:\n  size: 10TB\n network: x\n", ":3:", "YAML"),
    ])
    func badScenariosNameFileAndLine(yaml: String, line: String, message: String) throws {
        let dir = try FerryBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = "\(dir)/bad.yaml"
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        let r = try FerryBinary.run(["plan", file, "--reports", dir])
        #expect(r.status == 1, "exit \(r.status), stderr: \(r.stderr)")
        #expect(r.stderr.hasPrefix("Error: "), "stderr: \(r.stderr)")
        #expect(r.stderr.contains("bad.yaml\(line)"), "stderr: \(r.stderr)")
        #expect(r.stderr.contains(message), "stderr: \(r.stderr)")
    }

    /// A plan that ran but never converges exits 2 (README: "ran, but something failed"), and
    /// the summary's first line after the title says so.
    @Test func neverConvergingExitsTwoAndLeadsWithIt() throws {
        let r = try FerryBinary.run(["plan", "models/churn-too-fast.yaml", "--no-write"])
        #expect(r.status == 2, "stderr: \(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count > 2)
        #expect(lines[1].contains("No cutover is reachable"), "\(r.stdout)")
    }

    /// `--format csv` is the whole plan: every leaf of the JSON document as a `key,value` row.
    @Test func csvIsTheWholePlan() throws {
        let csv = try FerryBinary.run(["plan", "models/file-estate-10tb.yaml", "--no-write", "--format", "csv"])
        #expect(csv.status == 0, "stderr: \(csv.stderr)")
        let rows = csv.stdout.split(separator: "\n").map(String.init)
        #expect(rows.first == "key,value")
        let keys = Set(rows.dropFirst().compactMap { $0.split(separator: ",", maxSplits: 1).first.map(String.init) })
        // One row from each part of the plan: bulk, rounds, Monte Carlo, services, costs.
        for key in ["seconds", "rounds.0.seconds", "p99_seconds", "services.0.months.24.servers",
                    "costs.migration.lines.0.amount", "costs.options.0.months.0.total", "schema_version"] {
            #expect(keys.contains(key), "missing \(key)")
        }
        // The bulk time in the CSV equals the JSON's.
        let json = try FerryBinary.json(try FerryBinary.run(["plan", "models/file-estate-10tb.yaml", "--no-write", "--format", "json"]))
        let seconds = try #require(rows.first { $0.hasPrefix("seconds,") }.flatMap { Double($0.dropFirst(8)) })
        expectClose(seconds, try #require(json["seconds"] as? Double), relative: 1e-9, "CSV keeps 9 decimals")
    }

    @Test func missingFileIsAnError() throws {
        let r = try FerryBinary.run(["plan", "models/does-not-exist.yaml", "--no-write"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("does-not-exist.yaml"))
    }

    @Test func missingArgumentIsUsageError() throws {
        let r = try FerryBinary.run(["plan"])
        #expect(r.status == 64)
    }
}
