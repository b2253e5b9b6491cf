import Foundation
import Testing

@Suite("ferry capacity, end to end")
struct CapacityCommandTests {
    static let keys = ["servers", "utilization", "p_wait", "mean_wait_seconds", "mean_response_seconds",
                       "p50_response_seconds", "p90_response_seconds", "p95_response_seconds",
                       "p99_response_seconds", "per_node_load_per_second"]

    /// PDQ bank model (docs/models.md, reference values): M/M/4, λ = 0.35/min, S = 10 min → R = 24.7572 min.
    @Test func evaluatesPDQBank() throws {
        let r = try FerryBinary.run(["capacity", "--arrival-rate", "0.35/min", "--service-time", "10min",
                                     "--servers", "4", "--format", "json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let json = try FerryBinary.json(r)
        for key in Self.keys { #expect(json[key] != nil, "missing key \(key)") }
        let response = try #require(json["mean_response_seconds"] as? Double)
        // PDQ output to 6 significant digits.
        #expect(abs(response / 60 - 24.7572) / 24.7572 < 5e-6, "R = \(response / 60) min")
        let rho = try #require(json["utilization"] as? Double)
        #expect(abs(rho - 0.875) < 1e-12, "ρ = \(rho)")
        #expect(json["servers"] as? Int == 4)
    }

    /// Erlang C call centre (docs/models.md, reference values): 360 calls / 30 min, 4 min, 55 agents.
    @Test func evaluatesCallCentre() throws {
        let r = try FerryBinary.run(["capacity", "--arrival-rate", "360/30min", "--service-time", "4min",
                                     "--servers", "55", "--format", "json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let json = try FerryBinary.json(r)
        let pWait = try #require(json["p_wait"] as? Double)
        let wait = try #require(json["mean_wait_seconds"] as? Double)
        #expect(abs(pWait - 0.23870) / 0.23870 < 5e-5, "P(wait) = \(pWait); published to 5 digits")
        #expect(abs(wait - 8.184) / 8.184 < 1e-4, "Wq = \(wait); published to 4 digits")
        let load = try #require(json["per_node_load_per_second"] as? Double)
        #expect(abs(load - 0.2 / 55) < 1e-15, "per-node load λ/N in requests per second")
    }

    @Test func sizesForAPercentile() throws {
        let r = try FerryBinary.run(["capacity", "--arrival-rate", "1200/s", "--service-time", "40ms",
                                     "--objective", "p95=250ms", "--format", "json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let json = try FerryBinary.json(r)
        let p95 = try #require(json["p95_response_seconds"] as? Double)
        #expect(p95 <= 0.25)
        #expect(json["servers"] as? Int == 49)   // 48 erlangs; 49 gives p95 ≈ 183 ms (see QueueModelTests)
        #expect(json["sized"] as? Bool == true)
    }

    @Test func growthGivesMonthlyRows() throws {
        let r = try FerryBinary.run(["capacity", "--arrival-rate", "1200/s", "--service-rate", "25/s",
                                     "--objective", "mean=60ms", "--max-utilization", "90%",
                                     "--growth", "5%/month", "--months", "24", "--format", "json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let months = try #require(try FerryBinary.json(r)["months"] as? [[String: Any]])
        #expect(months.count == 25)
        let servers = months.compactMap { $0["servers"] as? Int }
        #expect(servers == servers.sorted())
        #expect(months.allSatisfy { ($0["utilization"] as? Double ?? 2) <= 0.9 })
        let csv = try FerryBinary.run(["capacity", "--arrival-rate", "1200/s", "--service-rate", "25/s",
                                       "--max-utilization", "90%", "--growth", "5%/month", "--format", "csv"])
        #expect(csv.status == 0)
        #expect(csv.stdout.hasPrefix("month,arrival_rate_per_second,servers"))
    }

    @Test func simulationAgreesWithAnalytic() throws {
        let r = try FerryBinary.run(["capacity", "--arrival-rate", "1200/s", "--service-time", "40ms", "--servers", "52",
                                     "--simulate", "--customers", "200000", "--seed", "5", "--format", "json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let json = try FerryBinary.json(r)
        let sim = try #require(json["simulation"] as? [String: Any])
        let analytic = try #require(json["mean_response_seconds"] as? Double)
        let simulated = try #require(sim["mean_response_seconds"] as? Double)
        let se = try #require(sim["mean_response_std_error_seconds"] as? Double)
        #expect(abs(simulated - analytic) <= 4 * se, "sim \(simulated) ± \(se) vs exact \(analytic); 4 standard errors")
    }

    @Test func unstableIsAnErrorNotNaN() throws {
        let r = try FerryBinary.run(["capacity", "--arrival-rate", "130/s", "--service-time", "40ms", "--servers", "4"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("Error: utilisation 1.3 ≥ 1"))
        #expect(r.stderr.contains("grows without bound"))
        #expect(!r.stdout.contains("nan") && !r.stdout.contains("NaN"))
    }

    @Test func unreachableObjectiveIsAnError() throws {
        let r = try FerryBinary.run(["capacity", "--arrival-rate", "1200/s", "--service-time", "40ms", "--objective", "p95=100ms"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("cannot be met"))
    }

    @Test(arguments: [
        ["--arrival-rate", "1200", "--service-time", "40ms", "--servers", "50"],                       // ambiguous rate
        ["--arrival-rate", "1200/s", "--servers", "50"],                                              // no service time
        ["--arrival-rate", "1200/s", "--service-time", "40ms"],                                       // nothing to do
        ["--arrival-rate", "1200/s", "--service-time", "40ms", "--servers", "50", "--objective", "p95=1s"],
        ["--arrival-rate", "1200/s", "--service-time", "40ms", "--objective", "p95"],
        ["--arrival-rate", "1200/s", "--service-time", "40ms", "--max-utilization", "120%"],
    ])
    func usageErrors(arguments: [String]) throws {
        let r = try FerryBinary.run(["capacity"] + arguments)
        #expect(r.status == 64, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("Error:"))
    }

    @Test func textNamesPerNodeLoad() throws {
        let r = try FerryBinary.run(["capacity", "--arrival-rate", "1000/s", "--service-time", "8ms", "--servers", "10"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("per-node load"))
        #expect(r.stdout.contains("100/s per server"))
    }
}
