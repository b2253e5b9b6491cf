import Testing
@testable import FerryModels

/// Percentiles against values worked out by hand (Hyndman & Fan type 7, R's default
/// `quantile(x, p)`), not against another function of the same code.
@Suite("Percentiles against hand-computed values")
struct PercentileReferenceTests {
    /// x = (15, 20, 35, 40, 50): h = 4p; Q = x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋+1 − x⌊h⌋).
    /// p = 0.4 → h = 1.6 → 20 + 0.6 × 15 = 29;  p = 0.9 → h = 3.6 → 40 + 0.6 × 10 = 46.
    /// R: quantile(c(15, 20, 35, 40, 50), c(0, .25, .4, .5, .9, 1)) = 15 20 29 35 46 50.
    @Test func fiveValues() {
        let ps = [0, 0.25, 0.4, 0.5, 0.9, 1]
        let expected = [15.0, 20, 29, 35, 46, 50]
        var shuffled = [40.0, 15, 50, 35, 20]
        let selected = Percentile.select(&shuffled, ps)
        for (got, want) in zip(selected, expected) { expectClose(got, want, relative: 1e-15, "exact interpolation") }
        for (p, want) in zip(ps, expected) { expectClose(Percentile.of(sorted: [15, 20, 35, 40, 50], p), want, relative: 1e-15) }
    }

    /// A permutation of 1 … n has Q(p) = 1 + (n − 1)p exactly (type 7 is linear between ranks).
    @Test(arguments: [2, 11, 10_001])
    func permutationOfRanks(n: Int) {
        var values = (1...n).map(Double.init)
        // A fixed, non-trivial order: multiply by a unit mod n.
        values = (0..<n).map { values[($0 * 7919) % n] }
        let ps = [0, 0.005, 0.5, 0.9, 0.99, 0.995, 1]
        let selected = Percentile.select(&values, ps)
        for (p, got) in zip(ps, selected) {
            expectClose(got, 1 + Double(n - 1) * p, relative: 1e-12, "1 + (n−1)p, rounding in (n−1)p only")
        }
    }

    /// Duplicates and an infinite sample (a sync that never converges): x = (1, 2, 2, 3, ∞).
    /// p = 0.5 → h = 2 → 2;  p = 0.75 → h = 3 → 3;  p = 0.9 → h = 3.6 → between 3 and ∞ → ∞.
    @Test func duplicatesAndInfinity() {
        var values = [2.0, .infinity, 1, 3, 2]
        let selected = Percentile.select(&values, [0.5, 0.75, 0.9])
        #expect(selected[0] == 2)
        #expect(selected[1] == 3)
        #expect(selected[2] == .infinity)
    }
}
