import Foundation
import Testing
@testable import FerryKit
import FerryModels

/// Transfers are charged by direction: the side the data leaves bills egress, ingress is free
/// at the big clouds, a data centre bills nothing per GB, a dedicated link bills port-hours.
@Suite("transfer charges by direction")
struct TransferPricingTests {
    /// A scenario fragment with the AWS catalogue-shaped synthetic file, read like a scenario.
    static func plan(_ yaml: String, bytes: Double = 2e12, windowHours: Double = 48) throws -> CostProjection {
        let root = try YAMLNode.document(yaml, file: "scenario.yaml")
        var s = try CostSection.read(try root.required("costs"), baseDirectory: CatalogReaderTests.packageRoot + "/models")
        s.source = try root.child("source").map(CostSection.readEndpoint)
        s.target = try root.child("target").map(CostSection.readEndpoint)
        return try CostPlanner.project(s, migration: MigrationInputs(bytes: bytes, windowSeconds: windowHours * 3600))
    }

    static func line(_ p: CostProjection, _ name: String) -> Double? {
        p.finance.migration?.lines.first { $0.component == name }?.amount
    }

    static let awsCatalog = """
        costs:
          catalog: ../Tests/Fixtures/catalog-aws-tiers.csv
          labour: 100/h
        """

    @Test("on-prem → AWS: no egress (the data centre bills none, AWS ingress is free)")
    func onPremToAWS() throws {
        let p = try Self.plan("source: { provider: on-prem }\ntarget: { provider: aws, region: us-east-1 }\n" + Self.awsCatalog)
        #expect(Self.line(p, "egress") == 0)
        #expect(Self.line(p, "ingress") == nil)
        #expect(p.transfer?.note.contains("no per-GB charge") == true, "\(p.transfer?.note ?? "")")
        // Labour is still charged: 100/h × 48 h = $4,800 (hand calculation).
        expectClose(Self.line(p, "labour") ?? .nan, 4800, relative: 1e-12, "exact")
    }

    @Test("AWS → on-prem: egress at AWS's tiers from the catalogue")
    func awsToOnPrem() throws {
        // 2e12 bytes = 2,000 GB in one billing month (48 h); fixture tiers: first 1,000 GB at
        // 0.09, the rest at 0.085 → 90 + 85 = $175 (hand calculation on the fixture's tiers).
        let p = try Self.plan("source: { provider: aws, region: us-east-1 }\ntarget: { provider: on-prem }\n" + Self.awsCatalog)
        expectClose(Self.line(p, "egress") ?? .nan, 175, relative: 1e-12, "two tiers, exact")
    }

    @Test("GCP → AWS without a GCP price is an error naming costs.egress")
    func gcpNeedsPrice() throws {
        #expect {
            _ = try Self.plan("source: { provider: gcp }\ntarget: { provider: aws }\n" + Self.awsCatalog)
        } throws: { error in
            (error as? CostInputError)?.errorDescription?.contains("costs.egress") == true
        }
        // With the price given: 2,000 GB × 0.12 = $240.
        let p = try Self.plan("source: { provider: gcp }\ntarget: { provider: aws }\n" + Self.awsCatalog + "\n  egress: 0.12/GB\n")
        expectClose(Self.line(p, "egress") ?? .nan, 240, relative: 1e-12, "flat price, exact")
    }

    @Test("a dedicated link: port-hours plus per-GB, instead of internet egress")
    func link() throws {
        let p = try Self.plan("source: { provider: aws }\ntarget: { provider: on-prem }\n" + Self.awsCatalog
                              + "\n  link: { port: 0.30/h, ports: 2, per_gb: 0.02/GB }\n")
        // 2 ports × 48 h × 0.30 = $28.80; 2,000 GB × 0.02 = $40 (hand calculation).
        expectClose(Self.line(p, "link ports") ?? .nan, 28.8, relative: 1e-12, "exact")
        expectClose(Self.line(p, "link transfer") ?? .nan, 40, relative: 1e-12, "exact")
        #expect(Self.line(p, "egress") == nil)
    }

    @Test("a costs: section with nothing to price is an error naming what is missing")
    func nothingToPrice() throws {
        #expect {
            _ = try Self.plan("costs:\n  catalog: ../datasets/catalogs/synthetic-test.csv\n  horizon: 12 months\n", bytes: 0, windowHours: 0)
        } throws: { error in
            let text = (error as? CostInputError)?.errorDescription ?? ""
            return text.contains("nothing to price") && text.contains("demand") && text.contains("storage")
        }
    }

    @Test("source and target are read from the scenario, with located errors")
    func scenarioKeys() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-transfer-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = """
            name: t
            source: { provider: on-prem }
            target: { provider: aws, region: us-east-1 }
            data: { size: 1TB }
            network: { rate: 100MB/s }
            costs: { labour: 100/h }
            """
        try good.write(toFile: dir + "/t.yaml", atomically: true, encoding: .utf8)
        let s = try ScenarioReader.load(path: dir + "/t.yaml")
        #expect(s.sourceEndpoint == TransferEndpoint(provider: .onPrem))
        #expect(s.targetEndpoint == TransferEndpoint(provider: .aws, region: "us-east-1"))
        #expect(s.costs?.target?.provider == .aws)
        try good.replacingOccurrences(of: "on-prem", with: "ibm").write(toFile: dir + "/t.yaml", atomically: true, encoding: .utf8)
        #expect {
            _ = try ScenarioReader.load(path: dir + "/t.yaml")
        } throws: { error in
            let text = (error as? InputError)?.localizedDescription ?? ""
            return text.contains("t.yaml:2") && text.contains("unknown provider 'ibm'")
        }
    }
}
