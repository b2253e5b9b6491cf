import Foundation
import Testing
@testable import FerryKit
import FerryModels

/// The report finance signs off: summary first, lines that multiply out, every option drawn,
/// assumed prices labelled, tornado labels equal to the table's swing.
@Suite("cost report for finance")
struct CostReportTests {
    /// Synthetic catalogue (hand-checkable), 12 months, 1y published, 3y assumed at 50 %.
    static func projection(currentMonthly: Double? = 2_000) throws -> CostProjection {
        let root = try YAMLNode.document("""
            costs:
              catalog: ../datasets/catalogs/synthetic-test.csv
              demand: { vcpu: 10, memory: 40GiB, headroom: 20% }
              storage: { size: 1TB, class: standard }
              labour: 120/h
              horizon: 12 months
              commitment: [none, 1y, 3y]
              commitment_discount: { 3y: 50% }
            """, file: "s.yaml")
        var s = try CostSection.read(try root.required("costs"), baseDirectory: CatalogReaderTests.packageRoot + "/models")
        s.currentMonthly = currentMonthly
        s.source = TransferEndpoint(provider: .onPrem)
        return try CostPlanner.project(s, migration: MigrationInputs(bytes: 1e12, windowSeconds: 48 * 3600))
    }

    @Test("executive summary: figures of the recommended option; lines multiply out and add up")
    func summary() throws {
        let p = try Self.projection()
        let sum = CostSummary(p)
        // 3-year: hand catalogue's 3y column is published for small/large (0.05, 0.18) and the
        // 50 % assumption applies to highmem only; it is the cheapest option.
        #expect(sum.recommended?.commitment == .threeYear)
        for l in sum.monthlyLines + sum.oneOffLines {
            expectClose(l.quantity * l.unitPrice, l.amount, relative: 1e-12, "line = quantity × unit price")
        }
        let month1 = try #require(sum.recommended?.months.first)
        expectClose(sum.monthlyLines.reduce(0) { $0 + $1.amount }, month1.recurring, relative: 1e-12, "lines add up to month 1")
        expectClose(sum.oneOffLines.reduce(0) { $0 + $1.amount }, sum.oneOff, relative: 1e-12, "one-off lines add up")
        // Month 1, 3-year: large + 2 small at 0.18 + 2 × 0.05 = 0.28 $/h × 730 = $204.40 (hand);
        // storage 1,000 GB × $0.05 = $50.
        expectClose(month1.compute, 0.28 * 730, relative: 1e-12, "hand")
        expectClose(month1.storage, 50, relative: 1e-12, "hand")
        // Labour 48 h × 120 = $5,760 plus the parallel run $2,000 × 48/730 months (on-prem
        // source: no egress).
        expectClose(sum.oneOff, 5760 + 2000 * 48 / 730, relative: 1e-12, "hand")
        let md = CostReport.markdown(p)
        #expect(md.hasPrefix("# Costs\n\n## Executive summary\n"))
        #expect(md.contains("Recommended purchase option: 3-year"))
        #expect(md.contains("**assumed**"))
        #expect(md.range(of: "## Executive summary")!.lowerBound < md.range(of: "## Instances, month 1")!.lowerBound, "detail comes last")
    }

    @Test("unavailable options are never called the cheapest or recommended")
    func unavailable() throws {
        let root = try YAMLNode.document("costs:\n  catalog: ../datasets/catalogs/synthetic-test.csv\n  demand: { vcpu: 2, memory: 16GiB }\n  horizon: 12 months\n  commitment: [none, 3y]\n", file: "s.yaml")
        var s = try CostSection.read(try root.required("costs"), baseDirectory: CatalogReaderTests.packageRoot + "/models")
        // Only highmem fits 16 GiB cheaply, and it has no 3y price; drop the others' 3y prices too.
        var catalog = try #require(s.catalog)
        catalog.instances = catalog.instances.map { var t = $0; t.threeYearHourly = nil; return t }
        s.catalog = catalog
        let p = try CostPlanner.project(s, migration: MigrationInputs(bytes: 0, windowSeconds: 0))
        #expect(p.primaryComparison.contains("the only option priced") && p.primaryComparison.contains("3-year unavailable"))
        let md = CostReport.markdown(p)
        #expect(!md.contains("cheapest"), "\(md.prefix(800))")
        #expect(md.contains("3-year: unavailable"))
    }

    @Test("sensitivity is for the recommended option and includes its discount")
    func discount() throws {
        let p = try Self.projection()
        #expect(p.finance.sensitivityCommitment == .threeYear)
        let bars = Dictionary(uniqueKeysWithValues: p.finance.tornado.map { ($0.input, $0) })
        let d = try #require(bars["3-year discount"])
        #expect(d.high < d.low, "a larger discount lowers the total")
        // Discount 50 % ± 20 % → 40 % / 60 %: highmem's assumed price moves; small/large's published
        // 3y discounts (0.05/0.10, 0.18/0.36 = 50 %) move the same way, so every compute price
        // scales by 0.6/0.5 = 1.2 or 0.4/0.5 = 0.8 — the same as "compute prices" ± 20 % (the
        // selection is unchanged under a uniform scaling).
        let prices = try #require(bars["compute prices"])
        expectClose(d.swing, prices.swing, relative: 1e-9, "uniform price scaling")
    }

    /// Steps of 1, 2 or 5 × 10^k, the first at least (hi − lo)/5: 4854/5 = 971 → 1,000;
    /// 29,808/5 = 5,962 → 10,000; 248,982/5 = 49,796 → 50,000 (hand).
    @Test("nice ticks", arguments: [(0.0, 4854.0, [0.0, 1000, 2000, 3000, 4000, 5000]), (0, 29_808, [0, 10_000, 20_000, 30_000]),
                                     (546_885, 795_867, [500_000, 550_000, 600_000, 650_000, 700_000, 750_000, 800_000])])
    func ticks(lo: Double, hi: Double, expected: [Double]) {
        #expect(CostReport.niceTicks(lo, hi) == expected)
    }

    @Test("charts: every option drawn, current spend, assumed labelled; tornado labels are the table's swing")
    func charts() throws {
        let p = try Self.projection()
        let monthly = CostReport.svgStacked(p)
        #expect(CostSectionTests.isWellFormedXML(monthly))
        #expect(monthly.components(separatedBy: "<polyline class=\"option\"").count - 1 == 3, "on-demand, 1-year, 3-year")
        #expect(monthly.contains("class=\"current\""))
        #expect(monthly.contains("3-year total (assumed prices)"))
        #expect(!monthly.contains("4,854"))
        let tornado = CostReport.svgTornado(p)
        #expect(CostSectionTests.isWellFormedXML(tornado))
        let md = CostReport.markdown(p)
        for b in p.finance.tornado {
            let swing = CostReport.money(b.swing, p.currency)
            #expect(tornado.contains(">\(swing)</text>"), "\(b.input): \(swing)")
            #expect(md.contains("| \(swing) |"), "the table shows the same swing")
        }
    }
}
