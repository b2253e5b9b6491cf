import FerryUnits
import Foundation

/// A service modelled as a c-server FCFS queue: M/M/c exactly when both coefficients of
/// variation are 1, otherwise G/G/c by the Allen–Cunneen approximation.
///
/// With arrival rate λ, mean service time S (μ = 1/S), offered load A = λS and c servers:
/// ```
/// ρ    = A / c                                 utilisation, must be < 1
/// C    = ErlangC(c, A)                         P(wait)
/// Wq   = C / (cμ − λ) · (ca² + cs²) / 2        mean wait (exact for M/M/c: ca = cs = 1)
/// R    = Wq + S + d                            mean response; d = fixed delay (e.g. payload / bandwidth)
/// P(W > t) = C · e^(−θt),  θ = 2(cμ − λ) / (ca² + cs²)
/// ```
/// Response-time percentiles invert `P(W + S + d > t) = 1 − p` with Brent's method. For
/// exponential service the distribution of `W + S` is exact (M/M/c):
/// ```
/// P(W + S > t) = (1 − C)·e^(−μt) + C·[e^(−μt) + μ·(e^(−θt) − e^(−μt)) / (μ − θ)]
/// ```
/// For other service distributions the service time is taken as gamma with shape k = 1/cs²
/// and scale β = S·cs² (deterministic when cs < 1e-4), and the convolution with the
/// exponential wait has a closed form in the regularised incomplete gamma function P when
/// θβ < 1:
/// ```
/// P(E + S > t) = Q(k, t/β) + e^(−θt) (1 − θβ)^(−k) P(k, (1/β − θ)t)
/// ```
/// (integrate e^(θs) against the gamma density: it is a gamma density with rate 1/β − θ).
/// When θβ ≥ 1 the convolution is integrated numerically with a bounded number of function
/// evaluations. G/G/c percentiles are approximate — check them with `QueueSimulator`.
/// P(wait) is Erlang C, M/M/c's value, for every CV (Allen–Cunneen scales only the wait);
/// `methodName` says so.
public struct QueueModel: Sendable, Equatable {
    /// Arrival rate λ, requests per second.
    public var arrivalRate: Double
    /// Mean service time S = 1/μ, seconds.
    public var serviceTime: Double
    /// Coefficient of variation of inter-arrival times ca (1 = Poisson arrivals).
    public var arrivalCV: Double
    /// Coefficient of variation of service times cs (1 = exponential, 0 = constant).
    public var serviceCV: Double
    /// A constant delay added to every response, seconds (S3-3: payload / bandwidth).
    public var fixedDelay: Double

    /// Creates and validates a model.
    /// - Parameters:
    ///   - arrivalRate: λ in requests per second, > 0.
    ///   - serviceTime: S in seconds, > 0.
    ///   - arrivalCV: ca in [0, 1000] (default 1).
    ///   - serviceCV: cs in [0, 1000] (default 1).
    ///   - fixedDelay: seconds ≥ 0 added to every response (default 0).
    /// - Throws: `QueueError` naming the bad value.
    public init(arrivalRate: Double, serviceTime: Double, arrivalCV: Double = 1, serviceCV: Double = 1,
                fixedDelay: Double = 0) throws {
        guard arrivalRate.isFinite, arrivalRate > 0 else { throw QueueError.invalidArrivalRate(arrivalRate) }
        guard serviceTime.isFinite, serviceTime > 0 else { throw QueueError.invalidServiceTime(serviceTime) }
        guard arrivalCV.isFinite, arrivalCV >= 0, arrivalCV <= Self.maxCoefficientOfVariation else {
            throw QueueError.invalidCoefficientOfVariation(name: "arrival", value: arrivalCV)
        }
        guard serviceCV.isFinite, serviceCV >= 0, serviceCV <= Self.maxCoefficientOfVariation else {
            throw QueueError.invalidCoefficientOfVariation(name: "service", value: serviceCV)
        }
        guard fixedDelay.isFinite, fixedDelay >= 0 else { throw QueueError.invalidDelay(fixedDelay) }
        self.arrivalRate = arrivalRate
        self.serviceTime = serviceTime
        self.arrivalCV = arrivalCV
        self.serviceCV = serviceCV
        self.fixedDelay = fixedDelay
    }

    /// Service rate μ = 1/S per server, requests per second.
    public var serviceRate: Double { 1 / serviceTime }
    /// Offered load A = λS in erlangs (the average number of busy servers).
    public var offeredLoad: Double { arrivalRate * serviceTime }
    /// Whether the model is exactly M/M/c (ca = cs = 1).
    public var isMarkovian: Bool { abs(arrivalCV - 1) < 1e-12 && abs(serviceCV - 1) < 1e-12 }
    /// Which formulas apply: `"M/M/c"` or `"G/G/c (Allen–Cunneen; P(wait) from M/M/c)"` — in
    /// G/G/c, P(wait) is still Erlang C, which can be far off at low or high CVs.
    public var methodName: String { isMarkovian ? "M/M/c" : "G/G/c (Allen–Cunneen; P(wait) from M/M/c)" }

    /// Below this service CV the service time is treated as constant: a gamma with shape
    /// 1/cs² > 1e8 differs from a constant by a relative spread under 1e-4.
    static let deterministicServiceCV = 1e-4
    /// The fewest servers with ρ < 1: ⌊A⌋ + 1.
    /// Saturates at `Int.max` for absurd loads (the sizing refuses those before using it).
    public var minimumStableServers: Int { WholeNumber.clamped(offeredLoad.rounded(.down) + 1, to: 1...Int.max) }

    /// The largest coefficient of variation accepted: (ca² + cs²)/2 stays far from overflow,
    /// and no measured traffic is anywhere near it.
    public static let maxCoefficientOfVariation = 1000.0

    /// The most servers evaluated or sized (10,000,000): bounds the O(c) Erlang recursion.
    public static let maxServers = 10_000_000

    /// Utilisation ρ = λ/(cμ) with `servers` servers.
    public func utilization(servers: Int) -> Double { offeredLoad / Double(servers) }

    // MARK: - State at c servers

    /// The quantities the distribution needs at one server count.
    struct State {
        let servers: Int
        let utilization: Double
        /// P(wait) = Erlang C.
        let pWait: Double
        /// Rate θ of the conditional (exponential) wait; +∞ when nobody waits (ca = cs = 0).
        let waitRate: Double
        /// Mean wait Wq, seconds.
        var meanWait: Double { waitRate.isInfinite ? 0 : pWait / waitRate }
    }

    /// The state at `servers`, from a precomputed Erlang B value when the caller has one.
    func state(servers c: Int, erlangB: Double? = nil) throws -> State {
        guard c >= 1 else { throw QueueError.invalidServers(c) }
        guard c <= Self.maxServers else {
            throw QueueError.outOfRange("servers \(c) is above the \(Self.maxServers) Ferry evaluates (the Erlang recursion is O(servers))")
        }
        let rho = utilization(servers: c)
        guard rho < 1 else { throw QueueError.unstable(utilization: rho, servers: c, offeredLoad: offeredLoad) }
        let b = erlangB ?? ErlangC.erlangB(servers: c, offeredLoad: offeredLoad)
        let pWait = ErlangC.fromErlangB(b, utilization: rho)
        let variability = (arrivalCV * arrivalCV + serviceCV * serviceCV) / 2
        // cμ − λ computed as μ(c − A) to keep precision when ρ → 1.
        let drain = serviceRate * (Double(c) - offeredLoad)
        let waitRate = variability > 0 ? drain / variability : .infinity
        return State(servers: c, utilization: rho, pWait: pWait, waitRate: waitRate)
    }

    // MARK: - Distribution of the response time

    /// P(W + S > t) for the queue in `state` (no fixed delay), t in seconds.
    func queueResponseSurvival(_ t: Double, _ s: State) -> Double {
        if t <= 0 { return 1 }
        let c = s.pWait
        let theta = s.waitRate
        if abs(serviceCV - 1) < 1e-12 {
            let mu = serviceRate
            let es = exp(-mu * t)
            if theta.isInfinite || c == 0 { return es }
            // (e^(−θt) − e^(−μt)) / (μ − θ), written without cancellation or overflow.
            let diff = abs(mu - theta)
            let x = diff * t
            let g: Double = x < 1e-300 ? t * exp(-min(mu, theta) * t)
                : exp(-min(mu, theta) * t) * (-expm1(-x)) / diff
            return min(1, (1 - c) * es + c * (es + mu * g))
        }
        if serviceCV < Self.deterministicServiceCV {
            let sTime = serviceTime
            if t < sTime { return 1 }
            if theta.isInfinite { return 0 }
            return c * exp(-theta * (t - sTime))
        }
        // Gamma service time with shape k = 1/cs², scale S·cs².
        let k = 1 / (serviceCV * serviceCV)
        let scale = serviceTime * serviceCV * serviceCV
        let qs = Distributions.gammaSurvival(t, shape: k, scale: scale)
        if theta.isInfinite || c == 0 { return qs }
        let thetaBeta = theta * scale
        if thetaBeta < 1 {
            // Closed form (see the type's doc comment), in logarithms so (1 − θβ)^(−k) cannot overflow.
            let lower = Distributions.gammaCDF(t, shape: k, scale: 1 / (1 / scale - theta))
            let term = lower > 0 ? exp(-theta * t - k * log1p(-thetaBeta) + log(lower)) : 0
            let convolution = qs + (term.isFinite ? term : 1)
            return min(1, max(0, (1 - c) * qs + c * convolution))
        }
        // P(E + S > t) = e^(−θt) + ∫₀ᵗ θe^(−θx) Q_S(t − x) dx, by adaptive Simpson
        // (the integrand is bounded; it is steep near x = 0 when θt is large and has a cusp
        // at x = t when cs > 1, which the adaptive subdivision resolves).
        let integrand = { (x: Double) -> Double in
            theta * exp(-theta * x) * Distributions.gammaSurvival(max(0, t - x), shape: k, scale: scale)
        }
        let convolution = exp(-theta * t) + Self.adaptiveSimpson(integrand, 0, t, tolerance: 1e-11, maxEvaluations: 10_000)
        return min(1, max(0, (1 - c) * qs + c * convolution))
    }

    /// P(R > t): the probability a response takes longer than `t` seconds.
    /// - Parameters:
    ///   - t: seconds.
    ///   - servers: c ≥ 1 with ρ < 1.
    /// - Throws: `QueueError.unstable` or `.invalidServers`.
    public func responseSurvival(_ t: Double, servers: Int) throws -> Double {
        queueResponseSurvival(t - fixedDelay, try state(servers: servers))
    }

    /// The waiting-time percentile: the smallest t with P(W ≤ t) ≥ p.
    /// ```
    /// t = 0 if C ≤ 1 − p,  else ln(C / (1 − p)) / θ
    /// ```
    func waitPercentile(_ p: Double, _ s: State) -> Double {
        let tail = 1 - p
        if s.pWait <= tail || s.waitRate.isInfinite { return 0 }
        return log(s.pWait / tail) / s.waitRate
    }

    /// The response-time percentile of the queue part (W + S), by Brent's method.
    func queueResponsePercentile(_ p: Double, _ s: State) throws -> Double {
        let tail = 1 - p
        if serviceCV < Self.deterministicServiceCV {
            // Deterministic service: R = S + W exactly.
            return serviceTime + waitPercentile(p, s)
        }
        // Bracket: double an upper bound from the mean until the tail is below 1 − p.
        var upper = max(s.meanWait + serviceTime, serviceTime)
        var iterations = 0
        while queueResponseSurvival(upper, s) > tail {
            upper *= 2
            iterations += 1
            // 2^200 times the mean: far beyond any finite answer worth printing.
            if iterations > 200 || !upper.isFinite { throw SolverError.notConverged(iterations: iterations, what: "percentile bracketing") }
        }
        return try RootFinder.brent(lower: 0, upper: upper, absoluteTolerance: 0, relativeTolerance: 1e-10) {
            queueResponseSurvival($0, s) - tail
        }
    }

    /// The response-time percentile: t with P(R ≤ t) = p, seconds.
    /// - Parameters:
    ///   - p: level in (0, 1), e.g. 0.95.
    ///   - servers: c ≥ 1 with ρ < 1.
    /// - Throws: `QueueError.invalidPercentile`, `.unstable`, or a `SolverError`.
    public func responsePercentile(_ p: Double, servers: Int) throws -> Double {
        guard p > 0, p < 1 else { throw QueueError.invalidPercentile(p) }
        return fixedDelay + (try queueResponsePercentile(p, try state(servers: servers)))
    }

    /// The waiting-time percentile: the smallest t with P(W ≤ t) ≥ p, seconds.
    /// - Throws: `QueueError.invalidPercentile`, `.unstable`.
    public func waitPercentile(_ p: Double, servers: Int) throws -> Double {
        guard p > 0, p < 1 else { throw QueueError.invalidPercentile(p) }
        return waitPercentile(p, try state(servers: servers))
    }

    /// All the figures for `servers` servers.
    /// - Parameter servers: c ≥ 1.
    /// - Throws: `QueueError.unstable` when ρ ≥ 1 (never NaN), `.invalidServers`.
    public func metrics(servers: Int) throws -> QueueMetrics {
        try metrics(try state(servers: servers))
    }

    func metrics(_ s: State) throws -> QueueMetrics {
        let levels = Percentiles.levels
        let response = try levels.map { fixedDelay + (try queueResponsePercentile($0, s)) }
        let wait = levels.map { waitPercentile($0, s) }
        return QueueMetrics(
            method: methodName, servers: s.servers, arrivalRate: arrivalRate, serviceTime: serviceTime,
            offeredLoad: offeredLoad, utilization: s.utilization, probabilityOfWaiting: s.pWait,
            meanWait: s.meanWait, meanResponse: s.meanWait + serviceTime + fixedDelay,
            response: Percentiles(response), wait: Percentiles(wait),
            perNodeLoad: arrivalRate / Double(s.servers), fixedDelay: fixedDelay)
    }

    /// ∫ₐᵇ f by adaptive Simpson's rule with Richardson correction (absolute tolerance), using
    /// at most about `maxEvaluations` evaluations of f (refinement stops when they run out).
    static func adaptiveSimpson(_ f: (Double) -> Double, _ a: Double, _ b: Double, tolerance: Double,
                                maxEvaluations: Int = 1_000_000) -> Double {
        var budget = maxEvaluations
        func step(_ a: Double, _ b: Double, _ fa: Double, _ fm: Double, _ fb: Double, _ whole: Double,
                  _ tol: Double, _ depth: Int) -> Double {
            let m = (a + b) / 2, lm = (a + m) / 2, rm = (m + b) / 2
            let flm = f(lm), frm = f(rm)
            budget -= 2
            let left = (m - a) / 6 * (fa + 4 * flm + fm)
            let right = (b - m) / 6 * (fm + 4 * frm + fb)
            let delta = left + right - whole
            if depth <= 0 || budget <= 0 || abs(delta) <= 15 * tol { return left + right + delta / 15 }
            return step(a, m, fa, flm, fm, left, tol / 2, depth - 1) + step(m, b, fm, frm, fb, right, tol / 2, depth - 1)
        }
        // Start from 8 panels so a narrow peak near x = 0 is not missed by the first estimate.
        let panels = 8
        let h = (b - a) / Double(panels)
        var sum = 0.0
        var f0 = f(a)
        for i in 0..<panels {
            let x0 = a + Double(i) * h, x1 = i == panels - 1 ? b : x0 + h
            let f1 = f(x1), fmid = f((x0 + x1) / 2)
            defer { f0 = f1 }
            sum += step(x0, x1, f0, fmid, f1, h / 6 * (f0 + 4 * fmid + f1), tolerance / Double(panels), 40)
        }
        return sum
    }
}
