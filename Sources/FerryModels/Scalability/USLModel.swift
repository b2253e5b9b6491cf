import Foundation

/// Gunther's Universal Scalability Law: throughput at concurrency N.
/// ```
/// X(N) = λN / (1 + σ(N − 1) + κN(N − 1))
/// N*   = √((1 − σ) / κ)          (peak, when κ > 0 and σ < 1)
/// ```
public struct USLModel: Sendable, Equatable, Codable {
    /// Contention σ (serialised fraction), dimensionless.
    public var sigma: Double
    /// Coherency κ (crosstalk), dimensionless.
    public var kappa: Double
    /// Throughput of one unit λ = X(1), in the data's throughput unit.
    public var lambda: Double

    /// Creates a model.
    /// - Parameters:
    ///   - sigma: σ, usually in [0, 1).
    ///   - kappa: κ, usually ≥ 0.
    ///   - lambda: λ > 0.
    public init(sigma: Double, kappa: Double, lambda: Double) {
        self.sigma = sigma
        self.kappa = kappa
        self.lambda = lambda
    }

    /// X(N) in the throughput unit of λ.
    public func throughput(at n: Double) -> Double {
        lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1))
    }

    /// N* = √((1 − σ)/κ), or `nil` when throughput never peaks (κ ≤ 0 or σ ≥ 1).
    public var peakConcurrency: Double? {
        guard kappa > 0, sigma < 1 else { return nil }
        return ((1 - sigma) / kappa).squareRoot()
    }

    /// X(N*), or `nil` when there is no peak.
    public var peakThroughput: Double? { peakConcurrency.map(throughput(at:)) }

    /// The whole N that maximises throughput per cost (S0-3), where N nodes cost
    /// `fixedCost + N × nodePrice`:
    /// ```
    /// maximise  X(N) / (F + N·p)   over N = 1 … nMax,   subject to X(N) ≥ X_min
    /// ```
    /// With no fixed cost and σ, κ ≥ 0 the ratio only falls with N, so the answer is the
    /// smallest N meeting `minimumThroughput` (1 without one). Beyond the peak N* throughput
    /// falls while cost rises, so the search stops at ⌈N*⌉ when there is a peak.
    /// - Parameters:
    ///   - nodePrice: cost of one node per period, > 0.
    ///   - fixedCost: cost per period independent of N, ≥ 0 (default 0).
    ///   - minimumThroughput: required X, or `nil`.
    ///   - maxConcurrency: search limit when there is no peak (default 100,000; 1 … 10,000,000).
    ///   - searchPastPeak: search to `maxConcurrency` even when the model has a peak (used when
    ///     the peak is not statistically established).
    /// - Throws: `ScalabilityError.badPrice`, `.throughputUnreachable`, `.badParameters`.
    public func costOptimum(nodePrice: Double, fixedCost: Double = 0, minimumThroughput: Double? = nil,
                            maxConcurrency: Int = 100_000, searchPastPeak: Bool = false) throws -> USLCostPoint {
        guard nodePrice.isFinite, nodePrice > 0 else { throw ScalabilityError.badPrice(nodePrice) }
        guard fixedCost.isFinite, fixedCost >= 0 else { throw ScalabilityError.badPrice(fixedCost) }
        guard lambda > 0, lambda.isFinite else { throw ScalabilityError.badParameters("λ \(lambda) must be > 0") }
        guard sigma.isFinite, kappa.isFinite, sigma >= 0, kappa >= 0 else {
            throw ScalabilityError.badParameters("σ \(sigma) and κ \(kappa) must be finite and ≥ 0")
        }
        if let need = minimumThroughput, !(need.isFinite && need >= 0) {
            throw ScalabilityError.badParameters("minimum throughput \(need) must be a finite number ≥ 0")
        }
        guard (1...10_000_000).contains(maxConcurrency) else {
            throw ScalabilityError.badParameters("search limit \(maxConcurrency) must be between 1 and 10,000,000")
        }
        // The peak is compared as a Double before any conversion, so a huge N* cannot trap.
        let top = searchPastPeak ? maxConcurrency
            : peakConcurrency.map { $0 >= Double(maxConcurrency) ? maxConcurrency : max(1, Int($0.rounded(.up))) } ?? maxConcurrency
        var best: USLCostPoint?
        var bestX = (n: 1, x: throughput(at: 1))
        for n in 1...max(1, top) {
            let x = throughput(at: Double(n))
            if x > bestX.x { bestX = (n, x) }
            if let need = minimumThroughput, x < need { continue }
            let cost = fixedCost + Double(n) * nodePrice
            let ratio = x / cost
            if best == nil || ratio > best!.throughputPerCost * (1 + 1e-12) {
                best = USLCostPoint(concurrency: n, throughput: x, cost: cost, throughputPerCost: ratio)
            }
        }
        guard let best else {
            throw ScalabilityError.throughputUnreachable(required: minimumThroughput ?? 0, best: bestX.x, atConcurrency: bestX.n)
        }
        return best
    }
}

/// The node count that gives the most throughput per unit cost.
public struct USLCostPoint: Sendable, Equatable, Codable {
    /// N, whole nodes.
    public var concurrency: Int
    /// X(N), in the data's throughput unit.
    public var throughput: Double
    /// F + N·p, currency units per period.
    public var cost: Double
    /// X(N) / cost.
    public var throughputPerCost: Double
    /// The largest N in the data the model was fitted to, when known (set by
    /// `USLFit.costOptimum`); `nil` for a bare model.
    public var largestMeasuredConcurrency: Double? = nil

    /// Whether the recommendation lies beyond the measured data (N > largest measured N), so it
    /// rests on the model's extrapolation.
    public var isExtrapolated: Bool { largestMeasuredConcurrency.map { Double(concurrency) > $0 } ?? false }
}
