import Foundation

/// Monte Carlo over the effective rate and per-file overhead of a migration, using GSL's RNG.
public enum MigrationMonteCarlo {
    /// Samples the migration time.
    ///
    /// Each sample draws R ~ LogNormal(mean R_eff, cv_R) and t ~ LogNormal(mean t_file, cv_t),
    /// then evaluates the same closed forms as `MigrationTimeModel`:
    /// ```
    /// T = wire / R + files·t / streams
    /// τ = ratio/R + (files/D)·t/streams,  q = c·τ,  K = max(1, ⌈ln(d/T)/ln q⌉)
    /// window = T + T·q·(1 − q^K)/(1 − q),  cutover = T·q^K
    /// ```
    /// - Parameters:
    ///   - workload: the data.
    ///   - path: the rate limits; its effective rate is the mean of the sampled rate.
    ///   - settings: samples, seed, coefficients of variation.
    /// - Returns: percentiles of bulk time, window and cutover, reproducible by seed.
    /// - Throws: `MigrationError` for invalid inputs.
    public static func run(_ workload: MigrationWorkload, over path: TransferPath,
                           settings: MonteCarloSettings) throws -> MigrationDistribution {
        try settings.validate()
        let point = try MigrationTimeModel.estimate(workload, over: path)
        let rng = RandomSource(seed: settings.seed)
        let rateLaw = LogNormal(mean: point.effectiveRate, cv: settings.rateCV)
        let fileLaw = LogNormal(mean: workload.perFileSeconds, cv: settings.perFileCV)
        let filesPerStream = Double(workload.files) / Double(path.streams)
        let c = workload.changeRate
        let downtime = workload.maxDowntime ?? MigrationTimeModel.defaultMaxDowntime
        let n = settings.samples

        var bulk = [Double](repeating: 0, count: n)
        var window = c > 0 ? [Double](repeating: 0, count: n) : []
        var cutover = c > 0 ? [Double](repeating: 0, count: n) : []
        var sum = 0.0
        var diverging = 0
        for i in 0..<n {
            let r = rateLaw.sample(rng)
            let t = fileLaw.sample(rng)
            let seconds = point.wireBytes / r + filesPerStream * t
            bulk[i] = seconds
            sum += seconds
            guard c > 0 else { continue }
            let q = c * seconds / workload.bytes  // c·τ, since τ = T / D
            if q >= 1 {
                window[i] = .infinity
                cutover[i] = .infinity
                diverging += 1
                continue
            }
            var k = 1.0
            if seconds * q > downtime { k = (log(downtime / seconds) / log(q)).rounded(.up) }
            if k > Double(MigrationTimeModel.maxRounds) {
                window[i] = .infinity
                cutover[i] = .infinity
                diverging += 1
                continue
            }
            let qk = pow(q, k)
            window[i] = seconds + seconds * q * (1 - qk) / (1 - q)
            cutover[i] = seconds * qk
        }
        bulk.sort()
        let cv2 = settings.rateCV * settings.rateCV
        var result = MigrationDistribution(
            samples: n, seed: settings.seed, meanSeconds: sum / Double(n),
            analyticMeanSeconds: point.byteSeconds * (1 + cv2) + point.perFileSeconds,
            p50Seconds: Percentile.of(sorted: bulk, 0.50), p90Seconds: Percentile.of(sorted: bulk, 0.90),
            p99Seconds: Percentile.of(sorted: bulk, 0.99),
            nonConvergingShare: Double(diverging) / Double(n),
            histogram: Histogram.of(sorted: bulk, bins: 40))
        if c > 0 {
            window.sort()
            cutover.sort()
            result.windowP50Seconds = Percentile.finite(sorted: window, 0.50)
            result.windowP90Seconds = Percentile.finite(sorted: window, 0.90)
            result.windowP99Seconds = Percentile.finite(sorted: window, 0.99)
            result.cutoverP50Seconds = Percentile.finite(sorted: cutover, 0.50)
            result.cutoverP90Seconds = Percentile.finite(sorted: cutover, 0.90)
            result.cutoverP99Seconds = Percentile.finite(sorted: cutover, 0.99)
        }
        return result
    }
}

/// A lognormal law given by its mean and coefficient of variation (a point mass when cv = 0).
struct LogNormal {
    let mean: Double
    let mu: Double
    let sigma: Double

    /// - Parameters:
    ///   - mean: E[X] > 0, or 0 for the constant 0.
    ///   - cv: standard deviation / mean, ≥ 0.
    init(mean: Double, cv: Double) {
        self.mean = mean
        let s2 = log(1 + cv * cv)
        sigma = s2.squareRoot()
        mu = mean > 0 ? log(mean) - s2 / 2 : 0
    }

    /// One draw.
    func sample(_ rng: RandomSource) -> Double {
        guard mean > 0, sigma > 0 else { return mean }
        return rng.lognormal(mu: mu, sigma: sigma)
    }
}

/// Sample percentiles (linear interpolation between order statistics, Hyndman–Fan type 7,
/// the default of R and NumPy).
public enum Percentile {
    /// The p-quantile of ascending `sorted`, p in [0, 1].
    public static func of(sorted: [Double], _ p: Double) -> Double {
        precondition(!sorted.isEmpty, "percentile of no samples")
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    /// Like `of`, but `nil` when the quantile is not finite (it falls among diverging runs).
    public static func finite(sorted: [Double], _ p: Double) -> Double? {
        let v = of(sorted: sorted, p)
        return v.isFinite ? v : nil
    }
}

extension Histogram {
    /// Bins ascending samples between their 0.5th and 99.5th percentiles.
    static func of(sorted: [Double], bins: Int) -> Histogram {
        let lo = Percentile.of(sorted: sorted, 0.005)
        let hi = Percentile.of(sorted: sorted, 0.995)
        let width = hi > lo ? (hi - lo) / Double(bins) : max(lo, 1) * 0.01
        var counts = [Int](repeating: 0, count: bins)
        for x in sorted where x >= lo && x <= hi {
            counts[min(bins - 1, Int((x - lo) / width))] += 1
        }
        return Histogram(lower: lo, width: width, counts: counts)
    }
}
