import Foundation
import Testing
@testable import FerryModels

@Suite("USL fit")
struct USLFitTests {
    /// docs/models.md, reference values: exact synthetic data from the R package `usl` tests.
    @Test func syntheticExactData() throws {
        let n: [Double] = [1, 2, 4, 6, 8, 10]
        let x = [1, 1.8868, 3.0769, 3.5294, 3.5398, 3.3557]
        let fit = try USLFit.fit(zip(n, x).map { ThroughputSample(concurrency: $0, throughput: $1) })
        // The data are X(N) rounded to 4 decimals; that moves the parameters by ≈ 1e-4 relative.
        expectClose(fit.model.sigma, 0.02, relative: 2e-3, "data rounded to 4 decimals")
        expectClose(fit.model.kappa, 0.02, relative: 2e-3, "data rounded to 4 decimals")
        expectClose(fit.model.lambda, 1, relative: 1e-3, "data rounded to 4 decimals")
        #expect(fit.rSquared > 0.99999)
        expectClose(fit.model.peakConcurrency ?? .nan, (0.98 / 0.02).squareRoot(), relative: 2e-3, "N* = √((1−σ)/κ) = 7")
        #expect(fit.residuals.count == 6)
        #expect(fit.standardErrors.sigma.isFinite && fit.standardErrors.sigma < 1e-3)
    }

    /// docs/models.md, reference values: `raytracer` first six points, nonlinear least squares, all parameters free.
    @Test func raytracer() throws {
        let n: [Double] = [1, 4, 8, 12, 16, 20]
        let x: [Double] = [20, 78, 130, 170, 190, 200]
        let fit = try USLFit.fit(zip(n, x).map { ThroughputSample(concurrency: $0, throughput: $1) })
        expectClose(fit.model.sigma, 0.02444, relative: 5e-4, "published to 4 significant digits")
        expectClose(fit.model.kappa, 0.00163, relative: 5e-3, "published to 3 significant digits")
        expectClose(fit.model.lambda, 20.856, relative: 1e-4, "published to 5 significant digits")
        #expect(fit.rSquared > 0.99 && fit.rSquared <= 1)
        // Residuals sum of squares is what standard errors scale by: s² = Σr²/(n − 3).
        let s2 = fit.residuals.reduce(0) { $0 + $1 * $1 } / 3
        #expect(s2 > 0 && fit.standardErrors.lambda > 0 && fit.standardErrors.kappa > 0)
    }

    @Test func peakFormula() {
        let m = USLModel(sigma: 0.05, kappa: 0.001, lambda: 100)
        expectClose(m.peakConcurrency ?? .nan, (0.95 / 0.001).squareRoot(), relative: 1e-15, "√((1−σ)/κ)")
        // X is flat at the peak: X(N* ± 0.5) both below X(N*).
        let peak = m.peakConcurrency!
        #expect(m.throughput(at: peak) > m.throughput(at: peak - 0.5))
        #expect(m.throughput(at: peak) > m.throughput(at: peak + 0.5))
        #expect(USLModel(sigma: 0.1, kappa: 0, lambda: 1).peakConcurrency == nil)
    }

    /// Throughput per cost with F = 20, p = 1, σ = 0.1, κ = 0, λ = 1: the continuous optimum is
    /// N = √(F(1 − σ)/(σ p)) = √180 ≈ 13.4; X/cost is 0.179063 at 13 and 0.179028 at 14.
    @Test func costOptimum() throws {
        let m = USLModel(sigma: 0.1, kappa: 0, lambda: 1)
        let best = try m.costOptimum(nodePrice: 1, fixedCost: 20)
        #expect(best.concurrency == 13)
        expectClose(best.throughputPerCost, 13 / 72.6, relative: 1e-12, "hand arithmetic")
        // No fixed cost: the ratio only falls, so N = 1 — or the least N meeting a throughput floor.
        #expect(try m.costOptimum(nodePrice: 1).concurrency == 1)
        let floor = try m.costOptimum(nodePrice: 1, minimumThroughput: 5)
        #expect(floor.concurrency == 9)   // X(9) = 9/1.8 = 5
        let peaked = USLModel(sigma: 0.02, kappa: 0.02, lambda: 1)
        #expect(throws: ScalabilityError.self) { try peaked.costOptimum(nodePrice: 1, minimumThroughput: 10) }
        #expect(throws: ScalabilityError.self) { try m.costOptimum(nodePrice: 0) }
    }

    @Test func csvParsing() throws {
        let withHeader = try ThroughputSample.parseCSV("n,throughput\n1,20\n4, 78\n\n# note\n8;130\n", source: "t.csv")
        #expect(withHeader == [.init(concurrency: 1, throughput: 20), .init(concurrency: 4, throughput: 78),
                               .init(concurrency: 8, throughput: 130)])
        #expect(try ThroughputSample.parseCSV("1 20\n2 30", source: "t.csv").count == 2)
        #expect(throws: ScalabilityError.badRow(source: "t.csv", line: 3, text: "4,abc")) {
            try ThroughputSample.parseCSV("n,x\n1,20\n4,abc\n", source: "t.csv")
        }
        #expect(throws: ScalabilityError.self) { try ThroughputSample.parseCSV("0,20\n", source: "t.csv") }
        #expect(throws: ScalabilityError.tooFewPoints(count: 2, needed: 3)) {
            try USLFit.fit([.init(concurrency: 1, throughput: 1), .init(concurrency: 2, throughput: 2)])
        }
    }
}
