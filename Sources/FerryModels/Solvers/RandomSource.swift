@preconcurrency internal import CGSL
import Foundation

/// A seeded random number generator backed by GSL's Mersenne Twister (`gsl_rng_mt19937`).
///
/// The same seed gives the same sequence on every machine, so Monte Carlo results and
/// sample data are reproducible. Not thread-safe: use one per thread.
public final class RandomSource {
    private let rng: UnsafeMutablePointer<gsl_rng>

    /// Creates a generator.
    /// - Parameter seed: any 64-bit value; GSL uses its low 32 bits for mt19937 (0 is mapped
    ///   by GSL to its default seed 4357).
    public init(seed: UInt64) {
        GSL.prepare()
        // A few kilobytes; failing to get them means the process is out of memory, which no
        // caller can recover from, so it stops here with a message instead of a null dereference.
        guard let generator = gsl_rng_alloc(gsl_rng_mt19937) else {
            fatalError("out of memory: cannot allocate the GSL random number generator")
        }
        rng = generator
        gsl_rng_set(rng, UInt(truncatingIfNeeded: seed))
    }

    deinit { gsl_rng_free(rng) }

    /// A uniform deviate in [0, 1).
    public func uniform() -> Double { gsl_rng_uniform(rng) }

    /// A uniform deviate in (0, 1), never 0 (safe for logarithms).
    public func uniformPositive() -> Double { gsl_rng_uniform_pos(rng) }

    /// A uniform integer in 0..<n.
    /// - Parameter n: upper bound, 1 ≤ n ≤ 2^32.
    public func integer(below n: UInt) -> UInt { gsl_rng_uniform_int(rng, n) }

    /// A normal deviate with mean 0 and standard deviation `sigma` (Ziggurat method).
    public func gaussian(sigma: Double = 1) -> Double { gsl_ran_gaussian_ziggurat(rng, sigma) }

    /// A lognormal deviate exp(N(mu, sigma²)).
    /// - Parameters:
    ///   - mu: mean of the underlying normal (log scale).
    ///   - sigma: standard deviation of the underlying normal, ≥ 0.
    public func lognormal(mu: Double, sigma: Double) -> Double { gsl_ran_lognormal(rng, mu, sigma) }

    /// An exponential deviate with the given mean.
    /// - Parameter mean: the mean, > 0 (e.g. seconds between arrivals).
    public func exponential(mean: Double) -> Double { gsl_ran_exponential(rng, mean) }

    /// A gamma deviate with shape `k` and scale `theta` (mean kθ, variance kθ²).
    public func gamma(shape k: Double, scale theta: Double) -> Double { gsl_ran_gamma(rng, k, theta) }
}
