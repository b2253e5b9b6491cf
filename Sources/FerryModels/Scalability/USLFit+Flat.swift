import Foundation

extension USLFit {
    /// A curve that does not scale, for data the USL cannot identify: σ = 1, κ = 0, so
    /// `X(N) = λN / (1 + (N − 1)) = λ` for every N, with λ the median measured throughput.
    /// Standard errors are NaN (nothing was estimated but λ); R² compares with the mean.
    /// - Parameter samples: the measurements, at least one.
    public static func flat(_ samples: [ThroughputSample]) -> USLFit {
        let x = samples.map(\.throughput).sorted()
        let lambda = x.isEmpty ? 0 : (x.count % 2 == 1 ? x[x.count / 2] : (x[x.count / 2 - 1] + x[x.count / 2]) / 2)
        let residuals = samples.map { $0.throughput - lambda }
        let mean = x.isEmpty ? 0 : x.reduce(0, +) / Double(x.count)
        let ssTot = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let ssRes = residuals.reduce(0) { $0 + $1 * $1 }
        return USLFit(model: USLModel(sigma: 1, kappa: 0, lambda: lambda),
                      standardErrors: USLModel(sigma: .nan, kappa: .nan, lambda: .nan),
                      rSquared: ssTot > 0 ? 1 - ssRes / ssTot : 1, residuals: residuals, samples: samples, iterations: 0)
    }
}
