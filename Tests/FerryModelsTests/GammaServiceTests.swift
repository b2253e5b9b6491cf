import Foundation
import Testing
@testable import FerryModels

/// Gamma service times: the closed form P(E + S > t) = Q(k, t/β) + e^(−θt)(1 − θβ)^(−k) P(k, (1/β − θ)t)
/// against an independent numerical convolution, and near-constant service times (which hung
/// the adaptive integration) against the deterministic limit.
@Suite("Gamma service times")
struct GammaServiceTests {
    /// The convolution integral by adaptive Simpson, computed independently of the closed form.
    static func numericSurvival(_ model: QueueModel, _ t: Double, servers: Int) throws -> Double {
        let s = try model.state(servers: servers)
        let k = 1 / (model.serviceCV * model.serviceCV), beta = model.serviceTime * model.serviceCV * model.serviceCV
        let qs = Distributions.gammaSurvival(t, shape: k, scale: beta)
        let theta = s.waitRate
        let integral = QueueModel.adaptiveSimpson({ x in
            theta * exp(-theta * x) * Distributions.gammaSurvival(max(0, t - x), shape: k, scale: beta)
        }, 0, t, tolerance: 1e-12)
        return (1 - s.pWait) * qs + s.pWait * (exp(-theta * t) + integral)
    }

    /// cs = 0.1 and 0.2 (θβ = 0.24 and 0.92 < 1, so the closed form applies), 1200/s, 40 ms, 60 servers.
    @Test(arguments: [0.1, 0.2])
    func closedFormMatchesNumericalConvolution(cv: Double) throws {
        let model = try QueueModel(arrivalRate: 1200, serviceTime: 0.04, serviceCV: cv)
        let s = try model.state(servers: 60)
        #expect(s.waitRate * model.serviceTime * cv * cv < 1)
        for t in [0.01, 0.03, 0.05, 0.1, 0.2] {
            let closed = model.queueResponseSurvival(t, s)
            // The numerical integral's absolute tolerance is 1e-12; 1e-8 absolute covers the
            // gamma CDF's own accuracy (GSL, ≈ 1e-10 relative).
            expectClose(closed, try Self.numericSurvival(model, t, servers: 60), absolute: 1e-8, "numerical convolution at t = \(t)")
        }
    }

    /// --service-cv 0.01, 0.003, 0.001 never returned. Now they do, and tend to the deterministic
    /// service-time answer p = S + ln(C/(1 − p))/θ (exact for constant S): the gamma's spread
    /// S·cs moves the percentile by a few cs relative, so 5·cs is the tolerance.
    @Test(arguments: [0.01, 0.003, 0.001])
    func nearConstantServiceTimes(cv: Double) throws {
        let model = try QueueModel(arrivalRate: 1200, serviceTime: 0.04, serviceCV: cv)
        let m = try model.metrics(servers: 60)
        let constant = try QueueModel(arrivalRate: 1200, serviceTime: 0.04, serviceCV: 0)
        let d = try constant.metrics(servers: 60)
        expectClose(m.response.p95, d.response.p95, relative: 5 * cv, "deterministic limit, spread S·cs")
        expectClose(m.response.p50, d.response.p50, relative: 5 * cv, "deterministic limit, spread S·cs")
        // Sizing for p95 = 250 ms at cs = 1e-3 (also hung) finishes with some server count.
        let sized = try model.smallestServers(meeting: [.percentile(level: 0.95, seconds: 0.25)])
        #expect(sized >= model.minimumStableServers)
    }
}
