import Foundation
import Testing

@Suite("ferry time, end to end")
struct TimeCommandTests {
    @Test func s01GivesOneHundredThousandSeconds() throws {
        let r = try FerryBinary.run(["time", "--size", "10TB", "--rate", "100MB/s", "--format", "json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let json = try FerryBinary.json(r)
        let seconds = try #require(json["seconds"] as? Double)
        // 10^13 / 10^8 exactly; JSON round-trips doubles exactly.
        #expect(abs(seconds - 100_000) < 1e-6, "seconds = \(seconds)")
        #expect(json["bottleneck"] as? String == "rate")
    }

    @Test func textNamesHoursAndBottleneck() throws {
        let r = try FerryBinary.run(["time", "--size", "10TB", "--rate", "100MB/s"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("27.78 h"))
        #expect(r.stdout.contains("bottleneck"))
    }

    @Test func deltaAndMonteCarloKeys() throws {
        let r = try FerryBinary.run(["time", "--size", "10TB", "--bandwidth", "1Gbps", "--efficiency", "0.8",
                                     "--change-rate", "200GB/day", "--max-downtime", "10min",
                                     "--rate-cv", "0.15", "--samples", "20000", "--seed", "3", "--format", "json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let json = try FerryBinary.json(r)
        #expect(json["converges"] as? Bool == true)
        #expect((json["rounds"] as? [[String: Any]])?.isEmpty == false)
        let cutover = try #require(json["cutover_seconds"] as? Double)
        #expect(cutover > 0 && cutover <= 600)
        let p50 = try #require(json["p50_seconds"] as? Double)
        let p90 = try #require(json["p90_seconds"] as? Double)
        let p99 = try #require(json["p99_seconds"] as? Double)
        #expect(p50 < p90 && p90 < p99)
        #expect(json["bottleneck"] as? String == "link")
    }

    @Test func nonConvergingSyncSaysSoAndNeedsRate() throws {
        let r = try FerryBinary.run(["time", "--size", "1TB", "--rate", "100MB/s", "--change-rate", "200MB/s", "--format", "json"])
        #expect(r.status == 2, "ran, but no cutover is reachable")
        #expect(try FerryBinary.json(r)["status"] as? String == "never_converges")
        let json = try FerryBinary.json(r)
        #expect(json["converges"] as? Bool == false)
        #expect(json["cutover_seconds"] == nil)
        // The smallest rate at which some round ≤ 100 fits the default 300 s downtime:
        // 2.05649429e8 B/s (max over k of (300 / (1e12·(2e8)^k))^(1/(k+1)), by hand in Python).
        #expect((json["required_rate_bytes_per_second"] as? Double).map { abs($0 / 2.0564942901823458e8 - 1) < 1e-8 } == true)
    }

    /// Flag values that cannot be read are usage errors: exit 64, the flag named.
    @Test(arguments: [
        (["--size", "10T", "--rate", "100MB/s"], "--size"),
        (["--size", "-5TB", "--rate", "100MB/s"], "--size"),
        (["--size", "0TB", "--rate", "100MB/s"], "--size"),
        (["--size", "10TB", "--rate", "0MB/s"], "--rate"),
        (["--size", "10TB", "--rate", "NaN MB/s"], "--rate"),
        (["--size", "10TB", "--rate", "100 parsecs/s"], "--rate"),
        (["--size", "10TB", "--bandwidth", "1Gbps", "--efficiency", "1.5"], "--efficiency"),
        (["--size", "10TB"], "--rate"),
        (["--size", "10TB", "--rate", "1MB/s", "--streams", "0"], "--streams"),
    ])
    func badFlagsAreUsageErrors(arguments: [String], flag: String) throws {
        let r = try FerryBinary.run(["time"] + arguments)
        #expect(r.status == 64, "exit \(r.status), stderr: \(r.stderr)")
        #expect(r.stderr.contains("Error:"))
        #expect(r.stderr.contains(flag), "stderr: \(r.stderr)")
    }
}
