import Foundation
import Testing
@testable import FerryModels

@Suite("Incremental delta rounds (S0-4)")
struct DeltaRoundsTests {
    /// 10 TB at 100 MB/s with 200 GB/day of change: q = c/R = (2e11/86400)/1e8 = 0.0231481…;
    /// T0 = 100,000 s, T1 = 2,314.8 s (> 5 min), T2 = 53.58 s (≤ 5 min) → cutover.
    @Test func roundsShrinkGeometrically() throws {
        let c = 2e11 / 86_400
        let w = MigrationWorkload(bytes: 1e13, changeRate: c, maxDowntime: 300)
        let e = try MigrationTimeModel.estimate(w, over: TransferPath(rate: 1e8))
        let delta = try #require(e.delta)
        let q = c / 1e8
        expectClose(delta.shrinkFactor, q, relative: 1e-12, "c·τ with τ = 1/R")
        #expect(delta.converges)
        #expect(delta.rounds.count == 2)
        expectClose(delta.rounds[0].seconds, 100_000 * q, relative: 1e-12, "T1 = T0·q")
        expectClose(delta.rounds[1].seconds, 100_000 * q * q, relative: 1e-12, "T2 = T0·q²")
        #expect(delta.rounds[1].isCutover)
        expectClose(try #require(e.cutoverSeconds), 53.5837, relative: 1e-5, "hand calculation to 6 digits")
    }

    /// The window equals the closed-form geometric series T0·(1 − q^(K+1))/(1 − q) with
    /// K = max(1, ⌈ln(d/T0)/ln q⌉), over a range of change rates, downtimes and overheads.
    @Test(arguments: [(0.01, 60.0), (0.2, 300.0), (0.5, 30.0), (0.9, 600.0), (0.97, 3000.0)])
    func windowMatchesGeometricSeries(q: Double, downtime: Double) throws {
        let rate = 1e8, bytes = 5e12
        let w = MigrationWorkload(bytes: bytes, files: 100_000, perFileSeconds: 0.002, compressionRatio: 0.6,
                                  changeRate: 0, maxDowntime: downtime)
        // Choose c so that c·τ = q, with τ = ratio/R + files·t/(streams·D).
        let tau = 0.6 / rate + 100_000 * 0.002 / (4 * bytes)
        var withChange = w
        withChange.changeRate = q / tau
        let e = try MigrationTimeModel.estimate(withChange, over: TransferPath(rate: rate, streams: 4))
        let t0 = e.seconds
        expectClose(t0, bytes * tau, relative: 1e-12, "T0 = D·τ")
        let k = max(1, (log(downtime / t0) / log(q)).rounded(.up))
        let series = t0 * (1 - pow(q, k + 1)) / (1 - q)
        expectClose(e.windowSeconds, series, relative: 1e-9, "summed vs closed form: rounding only")
        #expect(e.delta?.rounds.count == Int(k))
        expectClose(try #require(e.cutoverSeconds), t0 * pow(q, k), relative: 1e-9, "last term")
    }

    @Test func neverConvergesWhenChangeOutpacesCopy() throws {
        // 200 MB/s of change against 100 MB/s of copy.
        let e = try MigrationTimeModel.estimate(MigrationWorkload(bytes: 1e12, changeRate: 2e8, maxDowntime: 3600),
                                                over: TransferPath(rate: 1e8))
        let delta = try #require(e.delta)
        #expect(!delta.converges)
        #expect(e.cutoverSeconds == nil)
        #expect(e.windowSeconds.isInfinite)
        // The rate at which round 100 (the best k, by hand in Python over k = 1…100) fits the hour:
        // τ* = (3600 / (1e12 · (2e8)^100))^(1/101), R = 1/τ* = 2.00651562e8 B/s — not c = 2e8
        // (q = 1, which still never converges). 1e-8: the 1e-9 safety margin plus rounding.
        let required = try #require(delta.requiredRate)
        expectClose(required, 2.0065156213649535e8, relative: 1e-8, "max over k of τ_k*, independent Python")
        #expect(delta.reason?.contains("never converges") == true)
        // First round: 1e12 B × q (2e8/1e8 = 2) × τ (1e-8 s/B) = 20,000 s = 5.56 h; downtime 3600 s = 60 min,
        // in the units a person reads, never "2e+04 s".
        #expect(delta.reason?.contains("first delta round (5.56 h) is longer than the 60 min downtime") == true, "\(delta.reason ?? "")")
        #expect(delta.rounds.allSatisfy { !$0.isCutover })
        // At the required rate the sync does converge within the downtime.
        let fixed = try MigrationTimeModel.estimate(MigrationWorkload(bytes: 1e12, changeRate: 2e8, maxDowntime: 3600),
                                                    over: TransferPath(rate: required))
        #expect(fixed.delta?.converges == true)
        #expect((fixed.cutoverSeconds ?? .infinity) <= 3600)
    }

    /// 1 GB at 100 MB/s with 200 MB/s of change: q = 2 ≥ 1, but round 1 copies the 2 GB that
    /// changed during the 10 s bulk copy in 20 s, inside the 60 s downtime (hand arithmetic).
    @Test func firstRoundFitsEvenWhenRoundsGrow() throws {
        let e = try MigrationTimeModel.estimate(MigrationWorkload(bytes: 1e9, changeRate: 2e8, maxDowntime: 60),
                                                over: TransferPath(rate: 1e8))
        let delta = try #require(e.delta)
        #expect(delta.converges)
        #expect(delta.rounds.count == 1)
        expectClose(try #require(e.cutoverSeconds), 20, relative: 1e-12, "2e9 B / 1e8 B/s")
    }

    /// An answer beyond 1e15 s (or an overflow, 10 TB at 1e-302 B/s) is an error, not ∞ or a
    /// 300-digit number.
    @Test func outOfRangeResultIsAnError() {
        #expect(throws: MigrationError.self) {
            try MigrationTimeModel.estimate(MigrationWorkload(bytes: 1e13), over: TransferPath(rate: 1e-302))
        }
        #expect(throws: MigrationError.self) {
            try MigrationTimeModel.estimate(MigrationWorkload(bytes: 1e13), over: TransferPath(rate: 1e-3))
        }
    }

    /// --stream-rate with --window/--rtt: every given limit applies. 1 TB, rate 100 MB/s,
    /// 4 streams at min(100 MB/s, 1 MiB / 0.1 s = 10.48576 MB/s): R_eff = 41.94304 MB/s,
    /// T = 1e12 / 41.94304e6 = 23,841.86 s (hand arithmetic; the issue's figure).
    @Test func streamRateKeepsTheWindowLimit() throws {
        let path = TransferPath(rate: 1e8, streams: 4, perStreamRate: 1e8, roundTripTime: 0.1, tcpWindow: 1_048_576)
        let e = try MigrationTimeModel.estimate(MigrationWorkload(bytes: 1e12), over: path)
        expectClose(e.seconds, 1e12 / (4 * 1_048_576 / 0.1), relative: 1e-12, "R_eff = 4·W/RTT")
        #expect(e.bottleneck == .tcpWindow)
        // A slower given stream rate wins over the window.
        let slower = TransferPath(rate: 1e8, streams: 4, perStreamRate: 5e6, roundTripTime: 0.1, tcpWindow: 1_048_576)
        #expect(try slower.effectiveRate().bottleneck == .streams)
        // A window without an RTT cannot apply, even next to a stream rate.
        #expect(throws: MigrationError.self) { try TransferPath(rate: 1e8, perStreamRate: 5e6, tcpWindow: 1e6).effectiveRate() }
    }

    @Test func perFileOverheadAloneCanPreventConvergence() throws {
        // 1e6 files of 1 kB each at 10 ms per file on one stream: o = 1e-5 s/B; c = 2e5 B/s → c·o = 2.
        let e = try MigrationTimeModel.estimate(
            MigrationWorkload(bytes: 1e9, files: 1_000_000, perFileSeconds: 0.01, changeRate: 2e5),
            over: TransferPath(rate: 1e9))
        #expect(e.delta?.converges == false)
        #expect(e.delta?.requiredRate == nil)
    }

    @Test func tooManyRoundsIsReportedNotLooped() throws {
        // q = 0.97 from T0 = 30,000 s down to 1 s needs ⌈ln(1/30000)/ln 0.97⌉ = 339 rounds > 100.
        let e = try MigrationTimeModel.estimate(MigrationWorkload(bytes: 3e12, changeRate: 0.97e8, maxDowntime: 1),
                                                over: TransferPath(rate: 1e8))
        #expect(e.delta?.converges == false)
        #expect(e.delta?.rounds.count == MigrationTimeModel.maxRounds)
        #expect(e.delta?.reason?.contains("after 100 rounds") == true)
    }

    @Test func defaultDowntimeIsStated() throws {
        let e = try MigrationTimeModel.estimate(MigrationWorkload(bytes: 1e12, changeRate: 1e6),
                                                over: TransferPath(rate: 1e8))
        #expect(e.delta?.downtimeGiven == false)
        expectClose(try #require(e.delta?.maxDowntime), MigrationTimeModel.defaultMaxDowntime, relative: 0, "copied constant")
    }
}
