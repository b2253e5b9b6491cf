@preconcurrency internal import CGSL
import Foundation

/// Cumulative distribution functions from GSL (`gsl_cdf_*`), for models outside `Solvers/`.
public enum Distributions {
    /// Upper tail of the gamma distribution, `P(X > x)` for shape `k`, scale `θ`.
    /// - Parameters:
    ///   - x: the point, in the units of `θ`.
    ///   - shape: k > 0.
    ///   - scale: θ > 0 (mean kθ).
    public static func gammaSurvival(_ x: Double, shape: Double, scale: Double) -> Double {
        GSL.prepare()
        return gsl_cdf_gamma_Q(x, shape, scale)
    }

    /// Upper quantile of the gamma distribution: `x` with `P(X > x) = q`.
    /// - Parameters:
    ///   - q: tail probability in (0, 1).
    ///   - shape: k > 0.
    ///   - scale: θ > 0.
    public static func gammaUpperQuantile(_ q: Double, shape: Double, scale: Double) -> Double {
        GSL.prepare()
        return gsl_cdf_gamma_Qinv(q, shape, scale)
    }

    /// The standard normal distribution function Φ(z).
    public static func normalCDF(_ z: Double) -> Double {
        GSL.prepare()
        return gsl_cdf_ugaussian_P(z)
    }

    /// The standard normal quantile Φ⁻¹(p), p in (0, 1).
    public static func normalQuantile(_ p: Double) -> Double {
        GSL.prepare()
        return gsl_cdf_ugaussian_Pinv(p)
    }

    /// Upper quantile of Student's t distribution: `t` with `P(T > t) = q` for `dof` degrees of
    /// freedom (e.g. q = 0.025 gives the two-sided 95 % critical value; 2.776 for 4 dof).
    /// - Parameters:
    ///   - q: tail probability in (0, 1).
    ///   - dof: degrees of freedom, > 0.
    public static func studentTUpperQuantile(_ q: Double, dof: Double) -> Double {
        GSL.prepare()
        return gsl_cdf_tdist_Qinv(q, dof)
    }

    /// Lower tail of the gamma distribution, `P(X ≤ x)` for shape `k`, scale `θ` (the
    /// regularised lower incomplete gamma function P(k, x/θ)).
    /// - Parameters:
    ///   - x: the point, in the units of `θ`.
    ///   - shape: k > 0.
    ///   - scale: θ > 0.
    public static func gammaCDF(_ x: Double, shape: Double, scale: Double) -> Double {
        GSL.prepare()
        return gsl_cdf_gamma_P(x, shape, scale)
    }
}
