import Foundation
import Testing
@testable import FerryModels

@Suite("Queue model")
struct QueueModelTests {
    /// docs/models.md, reference values PDQ bank model, M/M/4: λ = 0.35/min, S = 10 min.
    @Test func pdqBank() throws {
        let model = try QueueModel(arrivalRate: 0.35 / 60, serviceTime: 600)
        let m = try model.metrics(servers: 4)
        expectClose(m.utilization, 0.875, relative: 1e-12, "ρ = 3.5/4, exact arithmetic")
        expectClose(m.meanResponse / 60, 24.7572, relative: 5e-6, "PDQ output, 6 significant digits")
        expectClose(m.meanWait / 60, 14.7572, relative: 5e-6, "PDQ output, 6 significant digits")
        expectClose(m.perNodeLoad, 0.35 / 60 / 4, relative: 1e-12, "λ / c")
        #expect(m.method == "M/M/c")
    }

    /// M/M/1 closed forms: R ~ Exp(μ − λ), Wq = ρ/(μ − λ), P(W > t) = ρ e^{−(μ−λ)t}.
    @Test(arguments: [0.1, 0.5, 0.8, 0.95, 0.999])
    func mm1ClosedForms(rho: Double) throws {
        let mu = 50.0, lambda = rho * mu
        let model = try QueueModel(arrivalRate: lambda, serviceTime: 1 / mu)
        let m = try model.metrics(servers: 1)
        let drain = mu - lambda
        expectClose(m.probabilityOfWaiting, rho, relative: 1e-12, "M/M/1: P(wait) = ρ")
        expectClose(m.meanWait, rho / drain, relative: 1e-10, "Wq = ρ/(μ−λ)")
        expectClose(m.meanResponse, 1 / drain, relative: 1e-10, "R = 1/(μ−λ)")
        for (p, value) in zip(Percentiles.levels, [m.response.p50, m.response.p90, m.response.p95, m.response.p99]) {
            // Brent stops at relative bracket 1e-10.
            expectClose(value, -log(1 - p) / drain, relative: 1e-9, "R ~ Exp(μ−λ): −ln(1−p)/(μ−λ), Brent 1e-10")
        }
        for (p, value) in zip(Percentiles.levels, [m.wait.p50, m.wait.p90, m.wait.p95, m.wait.p99]) {
            let expected = rho <= 1 - p ? 0 : log(rho / (1 - p)) / drain
            expectClose(value, expected, relative: 1e-12, absolute: 1e-15, "P(W > t) = ρ e^{−(μ−λ)t} inverted")
        }
    }

    /// When cμ − λ = μ the hypoexponential form degenerates; the survival is (1 + Cμt) e^{−μt}.
    @Test func equalRatesDegenerateCase() throws {
        let mu = 2.0
        let model = try QueueModel(arrivalRate: mu, serviceTime: 1 / mu)   // c = 2: cμ − λ = μ
        let c = try ErlangC.probabilityOfWaiting(servers: 2, offeredLoad: 1)
        for t in [0.01, 0.5, 1.0, 3.0, 10.0] {
            expectClose(try model.responseSurvival(t, servers: 2), (1 + c * mu * t) * exp(-mu * t),
                        relative: 1e-12, "Erlang-2 limit of the convolution, closed form")
        }
        // Nearly equal rates must not cancel: cμ − λ = μ(1 + 1e-9).
        let near = try QueueModel(arrivalRate: mu * (1 - 1e-9), serviceTime: 1 / mu)
        expectClose(try near.responseSurvival(1, servers: 2), (1 + c * mu) * exp(-mu), relative: 1e-7,
                    "continuity at θ → μ; perturbation 1e-9 moves C and θ by O(1e-9)")
    }

    /// The M/M/c response tail: P(R > t) from the hypoexponential mixture at its own percentile.
    @Test func responsePercentileInvertsSurvival() throws {
        let model = try QueueModel(arrivalRate: 1200, serviceTime: 0.040)
        for c in [49, 50, 55, 70] {
            let p95 = try model.responsePercentile(0.95, servers: c)
            expectClose(try model.responseSurvival(p95, servers: c), 0.05, relative: 1e-8, "Brent relative tolerance 1e-10 in t")
        }
    }

    /// Allen–Cunneen at c = 1 is exact for M/G/1 (Pollaczek–Khinchine): Wq = ρS(1 + cs²)/(2(1 − ρ)).
    @Test(arguments: [0.0, 0.5, 2.0])
    func pollaczekKhinchine(cs: Double) throws {
        let s = 0.01, rho = 0.8
        let model = try QueueModel(arrivalRate: rho / s, serviceTime: s, serviceCV: cs)
        let m = try model.metrics(servers: 1)
        expectClose(m.meanWait, rho * s * (1 + cs * cs) / (2 * (1 - rho)), relative: 1e-12, "P-K formula, exact for M/G/1")
        #expect(m.method == "G/G/c (Allen–Cunneen; P(wait) from M/M/c)")
    }

    /// M/D/c: the response is S plus the wait, so p99 = S + ln(C/0.01)/θ.
    @Test func deterministicService() throws {
        let model = try QueueModel(arrivalRate: 90, serviceTime: 0.1, serviceCV: 0)
        let m = try model.metrics(servers: 10)
        let theta = 2 * (10 / 0.1 - 90) / 1.0
        expectClose(m.response.p99, 0.1 + log(m.probabilityOfWaiting / 0.01) / theta, relative: 1e-12, "closed form")
    }

    /// The numerical gamma convolution reproduces the exponential closed form at cs → 1.
    @Test func gammaPathMatchesExponential() throws {
        let exact = try QueueModel(arrivalRate: 1200, serviceTime: 0.04)
        let gamma = try QueueModel(arrivalRate: 1200, serviceTime: 0.04, serviceCV: 1 + 1e-7)
        for t in [0.01, 0.05, 0.1, 0.2] {
            // Adaptive Simpson at absolute tolerance 1e-11 plus the cs perturbation 1e-7.
            expectClose(try gamma.responseSurvival(t, servers: 50), try exact.responseSurvival(t, servers: 50),
                        relative: 1e-6, absolute: 1e-9, "adaptive Simpson (1e-11) + cs perturbation 1e-7")
        }
    }

    @Test func fixedDelayShiftsEveryResponse() throws {
        let a = try QueueModel(arrivalRate: 1200, serviceTime: 0.04)
        let b = try QueueModel(arrivalRate: 1200, serviceTime: 0.04, fixedDelay: 0.002)
        let ma = try a.metrics(servers: 52), mb = try b.metrics(servers: 52)
        expectClose(mb.meanResponse - ma.meanResponse, 0.002, relative: 1e-9, "constant shift")
        expectClose(mb.response.p95 - ma.response.p95, 0.002, relative: 1e-6, "constant shift, Brent 1e-10 of 0.1 s")
    }

    @Test func nearSaturationIsFinite() throws {
        let model = try QueueModel(arrivalRate: 0.999_999, serviceTime: 1)
        let m = try model.metrics(servers: 1)
        expectClose(m.meanResponse, 1 / (1 - 0.999_999), relative: 1e-6, "R = 1/(μ−λ), cancellation in 1 − ρ ≈ 1e-10")
        #expect(m.response.p99.isFinite)
    }

    @Test func unstableMessage() throws {
        let model = try QueueModel(arrivalRate: 130, serviceTime: 0.04)   // A = 5.2
        #expect(throws: QueueError.self) { try model.metrics(servers: 4) }
        do {
            _ = try model.metrics(servers: 4)
        } catch let error as QueueError {
            let text = error.errorDescription ?? ""
            #expect(text.contains("utilisation 1.3 ≥ 1"))
            #expect(text.contains("grows without bound"))
            #expect(text.contains("at least 6 servers"))
        }
        #expect(throws: QueueError.self) { try model.metrics(servers: 5) }   // A = 5.2 > 5
        #expect(throws: QueueError.self) { try QueueModel(arrivalRate: 5, serviceTime: 1).metrics(servers: 5) }   // ρ = 1 exactly
    }

    @Test func badInputs() {
        #expect(throws: QueueError.invalidArrivalRate(0)) { try QueueModel(arrivalRate: 0, serviceTime: 1) }
        #expect(throws: QueueError.self) { try QueueModel(arrivalRate: .nan, serviceTime: 1) }
        #expect(throws: QueueError.self) { try QueueModel(arrivalRate: 1, serviceTime: -1) }
        #expect(throws: QueueError.self) { try QueueModel(arrivalRate: 1, serviceTime: .infinity) }
        #expect(throws: QueueError.self) { try QueueModel(arrivalRate: 1, serviceTime: 1, arrivalCV: -0.5) }
        #expect(throws: QueueError.self) { try QueueModel(arrivalRate: 1, serviceTime: 1, serviceCV: .nan) }
        #expect(throws: QueueError.self) { try QueueModel(arrivalRate: 1, serviceTime: 0.1).metrics(servers: 0) }
        #expect(throws: QueueError.self) { try QueueModel(arrivalRate: 1, serviceTime: 0.1).responsePercentile(1, servers: 1) }
    }
}
