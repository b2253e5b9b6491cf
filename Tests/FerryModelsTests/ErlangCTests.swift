import Foundation
import Testing
@testable import FerryModels

@Suite("Erlang C")
struct ErlangCTests {
    /// docs/models.md, reference values call-centre example: 360 calls / 30 min, 4 min handling, 55 agents.
    @Test func callCentreReference() throws {
        let model = try QueueModel(arrivalRate: 360.0 / 1800.0, serviceTime: 240)
        expectClose(model.offeredLoad, 48, relative: 1e-12, "A = λS = 0.2/s × 240 s, exact arithmetic")
        let m = try model.metrics(servers: 55)
        expectClose(m.probabilityOfWaiting, 0.23870, relative: 5e-5, "published to 5 significant digits")
        expectClose(m.meanWait, 8.184, relative: 1e-4, "published to 4 significant digits")
        let withinTarget = 1 - m.probabilityOfWaiting * exp(-(55.0 / 240.0 - 0.2) * 15)
        expectClose(withinTarget, 0.8459, relative: 1e-4, "service level 84.59 %, 4 significant digits")
        // The same service level from the model's own waiting-time distribution: the p84.59 wait is ≈ 15 s.
        let t = try model.waitPercentile(withinTarget, servers: 55)
        expectClose(t, 15, relative: 1e-9, "inverse of P(W > t) = C·e^(−(cμ−λ)t), closed form")
    }

    /// c = 1: B(1, A) = A / (1 + A) and C = ρ (M/M/1).
    @Test(arguments: [0.1, 0.5, 0.9, 0.999])
    func singleServer(rho: Double) throws {
        expectClose(ErlangC.erlangB(servers: 1, offeredLoad: rho), rho / (1 + rho), relative: 1e-14, "B(1,A) = A/(1+A), double rounding")
        expectClose(try ErlangC.probabilityOfWaiting(servers: 1, offeredLoad: rho), rho, relative: 1e-13, "M/M/1: P(wait) = ρ, double rounding")
    }

    /// c = 2: C = 2ρ² / (1 + ρ) in closed form.
    @Test func twoServers() throws {
        let rho = 0.7
        expectClose(try ErlangC.probabilityOfWaiting(servers: 2, offeredLoad: 2 * rho), 2 * rho * rho / (1 + rho),
                    relative: 1e-13, "M/M/2 closed form, double rounding")
    }

    /// Independent log-space evaluation: C = (T_c/(1−ρ)) / (Σ_{k<c} T_k + T_c/(1−ρ)), log T_k = k ln A − ln k!.
    static func erlangCLogSpace(servers c: Int, load a: Double) -> Double {
        let logA = log(a)
        var maxLog = -Double.infinity
        var logs = [Double](repeating: 0, count: c)
        for k in 0..<c {
            logs[k] = Double(k) * logA - lgamma(Double(k) + 1)
            maxLog = max(maxLog, logs[k])
        }
        let logTc = Double(c) * logA - lgamma(Double(c) + 1) - log(1 - a / Double(c))
        maxLog = max(maxLog, logTc)
        var sum = 0.0
        for l in logs { sum += exp(l - maxLog) }
        let top = exp(logTc - maxLog)
        return top / (sum + top)
    }

    /// c = 100,000 near saturation: no overflow, matches the log-space sum.
    @Test(arguments: [(100_000, 99_500.0), (100_000, 99_990.0), (100_000, 90_000.0), (1000, 950.0)])
    func hugeServerCounts(servers: Int, load: Double) throws {
        let c = try ErlangC.probabilityOfWaiting(servers: servers, offeredLoad: load)
        let reference = Self.erlangCLogSpace(servers: servers, load: load)
        #expect(c.isFinite && c >= 0 && c <= 1)
        // lgamma and 10⁵-term sums lose ~1e-10 relative; 1e-8 leaves margin.
        expectClose(c, reference, relative: 1e-8, absolute: 1e-300, "log-space sum with lgamma, ~1e-10 rounding")
    }

    @Test func hugeServerCountLightLoad() throws {
        let model = try QueueModel(arrivalRate: 10, serviceTime: 1)
        let m = try model.metrics(servers: 100_000)
        #expect(m.probabilityOfWaiting >= 0 && m.probabilityOfWaiting < 1e-300)
        expectClose(m.meanResponse, 1, relative: 1e-12, "nobody waits: R = S")
        expectClose(m.response.p95, -log(0.05), relative: 1e-9, "R = S ~ Exp(1): p95 = ln 20, Brent tolerance 1e-10")
    }

    @Test func unstableIsAnError() throws {
        #expect(throws: QueueError.self) { try ErlangC.probabilityOfWaiting(servers: 4, offeredLoad: 4) }
        #expect(throws: QueueError.self) { try ErlangC.probabilityOfWaiting(servers: 4, offeredLoad: 5.2) }
        #expect(throws: QueueError.invalidServers(0)) { try ErlangC.probabilityOfWaiting(servers: 0, offeredLoad: 1) }
    }
}
