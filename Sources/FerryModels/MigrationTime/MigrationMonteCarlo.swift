import Foundation

/// Monte Carlo over the effective rate and per-file overhead of a migration, using GSL's RNG.
public enum MigrationMonteCarlo {
    /// Samples the migration time.
    ///
    /// Each sample draws R ~ LogNormal(mean R_eff, cv_R) and t ~ LogNormal(mean t_file, cv_t),
    /// and, when the settings carry model residuals, a factor e^r with r drawn uniformly from
    /// them, and with a noise σ_n a factor e^(σ_n·Z), Z standard normal; then evaluates the same
    /// closed forms as `MigrationTimeModel`:
    /// ```
    /// T = (wire / R + files·t / streams) · e^r · e^(σ_n·Z)
    /// τ = T / D,  q = c·τ,  K = max(1, ⌈ln(d/T)/ln q⌉)
    /// window = T + T·q·(1 − q^K)/(1 − q),  cutover = T·q^K
    /// ```
    /// With a round floor F (a no-change re-run) the rounds are iterated instead:
    /// `T_k = F + q·T_{k−1}` until `T_k ≤ d`; they never converge when `F/(1 − q) ≥ d`.
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
        // An object store's request time spreads like the per-file cost (drawn only when there is one).
        let requestLaw = point.requestSeconds > 0 ? LogNormal(mean: point.requestSeconds, cv: settings.perFileCV) : nil
        let filesPerStream = Double(workload.files) / Double(path.streams)
        let c = workload.changeRate
        let downtime = workload.maxDowntime ?? MigrationTimeModel.defaultMaxDowntime
        let n = settings.samples
        let residuals = settings.modelLogResiduals ?? []
        let floor = settings.roundFloorSeconds ?? 0
        let noise = settings.modelNoiseSigma ?? 0

        var bulk = [Double](repeating: 0, count: n)
        var window = c > 0 ? [Double](repeating: 0, count: n) : []
        var cutover = c > 0 ? [Double](repeating: 0, count: n) : []
        var sum = 0.0
        var diverging = 0
        for i in 0..<n {
            let r = rateLaw.sample(rng)
            let t = fileLaw.sample(rng)
            var seconds = point.wireBytes / r + filesPerStream * t
            if let requestLaw { seconds += requestLaw.sample(rng) }
            if !residuals.isEmpty { seconds *= exp(residuals[Int(rng.integer(below: UInt(residuals.count)))]) }
            if noise > 0 { seconds *= exp(rng.gaussian(sigma: noise)) }
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
            if floor > 0 {
                // T_k = F + q·T_{k−1}: levels off at F/(1 − q), so it must lie below d.
                guard floor / (1 - q) < downtime else {
                    window[i] = .infinity
                    cutover[i] = .infinity
                    diverging += 1
                    continue
                }
                var previous = seconds, total = seconds, rounds = 0
                repeat {
                    previous = floor + q * previous
                    total += previous
                    rounds += 1
                } while previous > downtime && rounds < MigrationTimeModel.maxRounds
                if previous > downtime {
                    window[i] = .infinity
                    cutover[i] = .infinity
                    diverging += 1
                    continue
                }
                window[i] = total
                cutover[i] = previous
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
        let bulkStats = Percentile.select(&bulk, [0.005, 0.10, 0.50, 0.90, 0.99, 0.995])
        let cv2 = settings.rateCV * settings.rateCV
        var result = MigrationDistribution(
            samples: n, seed: settings.seed, meanSeconds: sum / Double(n),
            // E[T·e^r·e^(σZ)] = E[T]·E[e^r]·e^(σ²/2): both factors are drawn independently of R, t and the requests.
            analyticMeanSeconds: (point.byteSeconds * (1 + cv2) + point.perFileSeconds + point.requestSeconds)
                * (residuals.isEmpty ? 1 : residuals.reduce(0) { $0 + exp($1) } / Double(residuals.count))
                * exp(noise * noise / 2),
            p50Seconds: bulkStats[2], p90Seconds: bulkStats[3], p99Seconds: bulkStats[4],
            nonConvergingShare: Double(diverging) / Double(n),
            histogram: Histogram.of(bulk, from: bulkStats[0], to: bulkStats[5], bins: 40))
        result.p10Seconds = bulkStats[1]
        if c > 0 {
            let w = Percentile.select(&window, [0.50, 0.90, 0.99]).map { $0.isFinite ? $0 : nil }
            let k = Percentile.select(&cutover, [0.50, 0.90, 0.99]).map { $0.isFinite ? $0 : nil }
            (result.windowP50Seconds, result.windowP90Seconds, result.windowP99Seconds) = (w[0], w[1], w[2])
            (result.cutoverP50Seconds, result.cutoverP90Seconds, result.cutoverP99Seconds) = (k[0], k[1], k[2])
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

    /// One draw: exp(μ + σ·Z) with Z from GSL's Ziggurat normal sampler (faster than the
    /// polar method behind `gsl_ran_lognormal`, same law).
    func sample(_ rng: RandomSource) -> Double {
        guard mean > 0, sigma > 0 else { return mean }
        return exp(mu + rng.gaussian(sigma: sigma))
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
        return interpolate(sorted[lo], sorted[hi], h - Double(lo))
    }

    /// Several p-quantiles of unsorted `values` by selection (average O(n) each, no full sort);
    /// reorders `values`. Same definition (type 7) as `of(sorted:_:)`.
    /// - Parameters:
    ///   - values: the samples; must not be empty.
    ///   - ps: the probabilities, each in [0, 1].
    /// - Returns: one quantile per entry of `ps`, in the same order.
    public static func select(_ values: inout [Double], _ ps: [Double]) -> [Double] {
        precondition(!values.isEmpty, "percentile of no samples")
        let n = values.count
        var from = 0, previous = -Double.infinity
        return ps.map { p in
            let h = Double(n - 1) * p
            let lo = Int(h.rounded(.down))
            // Ascending levels: everything left of the last selected index is already smaller.
            if p < previous { from = 0 }
            let a = nth(&values, lo, from: from)
            from = lo
            previous = p
            guard lo + 1 < n, h > Double(lo) else { return a }
            // After selecting position lo, the next order statistic is the minimum to its right.
            var b = Double.infinity
            for i in (lo + 1)..<n where values[i] < b { b = values[i] }
            return interpolate(a, b, h - Double(lo))
        }
    }

    /// a + t·(b − a), exact when a = b and ∞ (not NaN) when b = ∞ and t > 0.
    static func interpolate(_ a: Double, _ b: Double, _ t: Double) -> Double {
        if t == 0 || a == b { return a }
        if b.isInfinite { return b }
        return a + t * (b - a)
    }

    /// Moves the k-th smallest element to index k (Hoare partition, median-of-three pivot) and
    /// returns it; everything left of k is ≤ it and everything right is ≥ it. Elements before
    /// `from` must already be ≤ every element from `from` on.
    static func nth(_ a: inout [Double], _ k: Int, from: Int = 0) -> Double {
        var left = from, right = a.count - 1
        while right > left {
            let mid = left + (right - left) / 2
            // Median of three as pivot.
            if a[mid] < a[left] { a.swapAt(mid, left) }
            if a[right] < a[left] { a.swapAt(right, left) }
            if a[right] < a[mid] { a.swapAt(right, mid) }
            let pivot = a[mid]
            var i = left, j = right
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { right = j } else if k >= i { left = i } else { break }
        }
        return a[k]
    }
}

extension Histogram {
    /// Bins the samples that fall in [lo, hi] (e.g. the 0.5th to 99.5th percentiles).
    static func of(_ samples: [Double], from lo: Double, to hi: Double, bins: Int) -> Histogram {
        let width = hi > lo ? (hi - lo) / Double(bins) : max(lo, 1) * 0.01
        var counts = [Int](repeating: 0, count: bins)
        for x in samples where x >= lo && x <= hi {
            counts[min(bins - 1, Int((x - lo) / width))] += 1
        }
        return Histogram(lower: lo, width: width, counts: counts)
    }
}
