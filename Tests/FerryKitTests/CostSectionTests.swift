import Foundation
import Testing
@testable import FerryKit
import FerryModels

@Suite("costs: section, planner and reports")
struct CostSectionTests {
    static func section(_ yaml: String) throws -> CostSection {
        let root = try YAMLNode.document(yaml, file: "scenario.yaml")
        return try CostSection.read(try root.required("costs"), baseDirectory: CatalogReaderTests.packageRoot + "/models")
    }

    @Test("S3-2 through a costs section → $2,110/month")
    func s32() throws {
        let s = try Self.section("""
            costs:
              unit_prices:
                - { name: cpu, quantity: 4 cores, price: 10/core-month }
                - { name: memory, quantity: 16GB, price: 20/GB-month }
                - { name: storage, quantity: 200GB, price: 5/GB-month }
                - { name: bandwidth, quantity: 50 Mbps, price: 15/Mbps-month }
              horizon: 12 months
            """)
        // docs/models.md S3-2: 40 + 320 + 1000 + 750; GB-month prices round-trip through per-byte-second.
        expectClose(s.unitPrices?.monthlyTotal ?? .nan, 2110, relative: 1e-12, "exact up to unit conversion rounding")
        let p = try CostPlanner.project(s, migration: MigrationInputs(bytes: 0, windowSeconds: 0))
        expectClose(p.primary?.months.first?.compute ?? .nan, 2110, relative: 1e-12, "one month of S3-2")
        #expect(p.finance.migration == nil)
    }

    @Test("a full section: catalogue relative to the scenario, commitments, break-even, reports")
    func full() throws {
        let s = try Self.section("""
            costs:
              catalog: ../datasets/catalogs/synthetic-test.csv
              demand: { vcpu: 10, memory: 40GiB, headroom: 20% }
              storage: { size: 1TB, class: standard }
              egress: 0.10/GB
              labour: 120/h
              tooling: 10/h
              horizon: 24 months
              growth: 2%/month
              commitment: [none, 1y, 3y]
              commitment_discount: { 1y: 30% }
              current_monthly: $2,000
              deployment: { services: 2, hours_per_service: 8h }
            """)
        #expect(s.catalog?.provider == "synthetic")
        let p = try CostPlanner.project(s, migration: MigrationInputs(bytes: 2e12, compressionRatio: 0.5, windowSeconds: 48 * 3600))
        // Month 1: 12 vCPU / 48 GiB → large + 2 small = $0.56/h (hand-checked in CostModelsTests).
        expectClose(p.finance.firstSelection[.none]?.hourlyCost ?? .nan, 0.56, relative: 1e-12, "hand enumeration")
        #expect(p.finance.options.count == 3)
        #expect(p.finance.options.allSatisfy { $0.unavailable == nil })
        // Egress: 1,000 GB on the wire at the given $0.10/GB = $100.
        expectClose(p.finance.migration?.lines.first { $0.component == "egress" }?.amount ?? .nan, 100, relative: 1e-12, "1,000 GB × 0.10")
        #expect(p.finance.options[0].breakEvenMonth != nil)
        let md = CostReport.markdown(p)
        #expect(md.contains("as of **2025-01-01**"))
        #expect(md.contains("Currency USD"))
        let csv = CostReport.csv(p)
        #expect(csv.split(separator: "\n").count == 1 + 3 * 24)
        for svg in [CostReport.svgStacked(p), CostReport.svgTornado(p)] {
            #expect(Self.isWellFormedXML(svg), "\(svg.prefix(200))")
        }
        let json = try CostJSON.render(p)
        #expect(json.contains("\"break_even_month\""))
    }

    @Test("bad values in costs: are located errors", arguments: [
        ("costs:\n  labour: 120/GB\n", 2, "labour"),
        ("costs:\n  horizon: 36\n", 2, "horizon"),
        ("costs:\n  commitment: [none, 5y]\n", 2, "unknown commitment '5y'"),
        ("costs:\n  catalogue: x.csv\n", 2, "did you mean 'catalog'"),
        ("costs:\n  catalog: nowhere.csv\n", 2, "not found"),
        ("costs:\n  demand: { vcpu: 4 }\n", 2, "need a catalog"),
    ])
    func errors(yaml: String, line: Int, fragment: String) {
        do {
            _ = try Self.section(yaml)
            Issue.record("expected an error")
        } catch let error as InputError {
            #expect(error.localizedDescription.contains(fragment), "\(error.localizedDescription)")
            #expect(error.line == line || error.line == 1, "\(error.localizedDescription)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("the optimisation problem reader locates parser errors")
    func problemErrors() throws {
        let yaml = "variables:\n  x: { min: 0 }\nminimize: 10*x +\nsubject_to:\n  - x >= 1\n"
        do {
            _ = try OptimizationProblemReader.read(try YAMLNode.document(yaml, file: "p.yaml"))
            Issue.record("expected an error")
        } catch let error as InputError {
            #expect(error.localizedDescription.hasPrefix("p.yaml:3: minimize:"), "\(error.localizedDescription)")
            #expect(error.localizedDescription.contains("column 7: expected a number, a variable or '(', found end of input"), "\(error.localizedDescription)")
        }
    }

    /// Well-formedness via Foundation's XMLParser (FoundationXML on Linux).
    static func isWellFormedXML(_ text: String) -> Bool {
        let parser = XMLParser(data: Data(text.utf8))
        return parser.parse()
    }
}

#if canImport(FoundationXML)
import FoundationXML
#endif
