import Foundation
import Testing

@Suite("ferry fit usl, end to end")
struct FitCommandTests {
    static func fixture(_ name: String) -> String { FerryBinary.packageRoot + "/Tests/Fixtures/" + name }

    /// docs/models.md, reference values raytracer: σ = 0.02444, κ = 0.00163, λ = 20.856.
    @Test func raytracer() throws {
        let r = try FerryBinary.run(["fit", "usl", Self.fixture("usl-raytracer.csv"), "--format", "json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let json = try FerryBinary.json(r)
        for key in ["sigma", "kappa", "lambda", "std_errors", "r_squared", "peak_concurrency", "peak_throughput"] {
            #expect(json[key] != nil, "missing key \(key)")
        }
        let sigma = try #require(json["sigma"] as? Double)
        let kappa = try #require(json["kappa"] as? Double)
        let lambda = try #require(json["lambda"] as? Double)
        // Reference published to 4, 3 and 5 significant digits.
        #expect(abs(sigma - 0.02444) / 0.02444 < 5e-4, "σ = \(sigma)")
        #expect(abs(kappa - 0.00163) / 0.00163 < 5e-3, "κ = \(kappa)")
        #expect(abs(lambda - 20.856) / 20.856 < 1e-4, "λ = \(lambda)")
        let se = try #require(json["std_errors"] as? [String: Any])
        #expect(se["sigma"] is Double && se["kappa"] is Double && se["lambda"] is Double)
        let peak = try #require(json["peak_concurrency"] as? Double)
        #expect(abs(peak - ((1 - sigma) / kappa).squareRoot()) / peak < 1e-12, "N* = √((1−σ)/κ)")
    }

    /// docs/models.md, reference values exact synthetic data, no header: σ = κ = 0.02, λ = 1.
    @Test func syntheticWithoutHeader() throws {
        let r = try FerryBinary.run(["fit", "usl", Self.fixture("usl-synthetic.csv"), "--format", "json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let json = try FerryBinary.json(r)
        // Data rounded to 4 decimals.
        #expect(abs((json["sigma"] as? Double ?? 0) - 0.02) < 4e-5)
        #expect(abs((json["kappa"] as? Double ?? 0) - 0.02) < 4e-5)
        #expect(abs((json["lambda"] as? Double ?? 0) - 1) < 1e-3)
        #expect((json["r_squared"] as? Double ?? 0) > 0.99999)
    }

    @Test func costOptimum() throws {
        let r = try FerryBinary.run(["fit", "usl", Self.fixture("usl-raytracer.csv"), "--node-price", "$1", "--fixed-cost", "$5",
                                     "--format", "json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let best = try #require(try FerryBinary.json(r)["cost_optimum"] as? [String: Any])
        #expect((best["concurrency"] as? Int ?? 0) >= 1)
    }

    @Test func badRowNamesFileAndLine() throws {
        let dir = try FerryBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/bad.csv"
        try "n,x\n1,20\n4,oops\n".write(toFile: path, atomically: true, encoding: .utf8)
        let r = try FerryBinary.run(["fit", "usl", path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.csv:3"), "stderr: \(r.stderr)")
        let missing = try FerryBinary.run(["fit", "usl", dir + "/nope.csv"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("nope.csv"))
        try "1,1\n2,2\n".write(toFile: path, atomically: true, encoding: .utf8)
        let few = try FerryBinary.run(["fit", "usl", path])
        #expect(few.status == 1)
        #expect(few.stderr.contains("need at least 3"))
    }
}
