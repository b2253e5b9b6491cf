import Foundation
import Testing
import FerryTestSupport
@testable import FerryModels

/// The object-store (S3) terms of the migration-time model, against hand calculations.
/// Unless said otherwise the tolerance is 1e-9 relative: the hand values are exact decimal
/// arithmetic, so only floating-point rounding separates them from the model.
@Suite("Object-store target in the time model")
struct ObjectStoreTimeTests {
    /// Part counts by hand: 8 MiB parts from 16 MiB.
    /// 100 MB: ⌈100,000,000 / 8,388,608⌉ = ⌈11.92⌉ = 12 parts + create + complete = 14.
    /// 1 TB: the 10,000-part cap raises the part to 10^8 B → 10,000 parts + 2 = 10,002.
    /// 16 MiB − 1 B: below the threshold, one PUT. Exactly 16 MiB: 2 parts + 2 = 4.
    @Test func requestCountsByHand() {
        let s = ObjectStoreTarget()
        #expect(s.requests(files: 1_000, bytesEach: 100e6) == 14_000)
        #expect(s.requests(files: 1, bytesEach: 1e12) == 10_002)
        #expect(s.requests(files: 5, bytesEach: Double(16 << 20) - 1) == 5)
        #expect(s.requests(files: 1, bytesEach: Double(16 << 20)) == 4)
        #expect(s.requests(files: 0, bytesEach: 1e9) == 0)
        // Size classes: 1,000 files of 10 kB (1,000 requests) + 2 files of 100 MB (28): 1,028.
        var w = MigrationWorkload(bytes: 10e6 + 200e6, files: 1_002)
        w.sizeClasses = [FileSizeClass(files: 1_000, bytes: 10e6), FileSizeClass(files: 2, bytes: 200e6)]
        #expect(s.requests(for: w) == 1_028)
        // Without classes every file has the mean size: 210 MB / 1,002 ≈ 209.6 kB < 16 MiB → 1,002.
        w.sizeClasses = nil
        #expect(s.requests(for: w) == 1_002)
        // No file count: the data is one object, 210 MB → ⌈25.03⌉ = 26 parts + 2.
        #expect(s.requests(for: MigrationWorkload(bytes: 210e6)) == 28)
    }

    /// R = 10^6 requests, a = 40 ms, λ = 3,500/s:
    /// N = 64:  R·(a + 1/λ)/N = 10^6 × 0.0402857142857/64 = 629.4642857 s  >  R/λ = 285.7142857 s → latency.
    /// N = 256: 157.3660714 s < 285.7142857 s → the store's request-rate limit.
    /// The crossover N = a·λ + 1 = 141.
    @Test func requestTermByHand() {
        let s = ObjectStoreTarget(requestRateLimit: 3_500)
        let at64 = s.requestSeconds(requests: 1e6, streams: 64, latency: 0.04)
        expectClose(at64.seconds, 629.4642857142857, "hand value to 16 digits")
        #expect(at64.limit == .requestLatency)
        let at256 = s.requestSeconds(requests: 1e6, streams: 256, latency: 0.04)
        expectClose(at256.seconds, 285.7142857142857, "hand value to 16 digits")
        #expect(at256.limit == .requestRate)
        #expect(s.requestSeconds(requests: 1e6, streams: 140, latency: 0.04).limit == .requestLatency)
        #expect(s.requestSeconds(requests: 1e6, streams: 142, latency: 0.04).limit == .requestRate)
        // t₀ is added once.
        var t = s
        t.fixedSeconds = 2
        expectClose(t.requestSeconds(requests: 1e6, streams: 256, latency: 0.04).seconds, 287.7142857142857, "hand value")
    }

    /// 1 GB in 10,000 files of 100 kB at a given 100 MB/s, 16 streams, a = RTT = 40 ms:
    /// bytes 10 s; requests 10,000 × 0.0402857142857 / 16 = 25.17857143 s (> 10,000/3,500 = 2.857 s);
    /// bulk 35.17857143 s; the round trips are the named bottleneck.
    @Test func smallFilesAreLatencyBound() throws {
        var path = TransferPath(rate: 100e6, streams: 16, roundTripTime: 0.04)
        path.objectStore = ObjectStoreTarget()
        let e = try MigrationTimeModel.estimate(MigrationWorkload(bytes: 1e9, files: 10_000), over: path)
        expectClose(e.byteSeconds, 10, "hand value")
        expectClose(e.requestSeconds, 25.178571428571427, "hand value")
        expectClose(e.seconds, 35.17857142857143, "hand value")
        #expect(e.requests == 10_000)
        #expect(e.bottleneck == .requestLatency)
        #expect(e.requestLimit == .requestLatency)
    }

    /// 1 GB in 100,000 files of 10 kB, 1,000 streams at 100 MB/s: latency 100,000 × 0.0402857/1,000 =
    /// 4.029 s, but 100,000 / 3,500 = 28.5714286 s: the store's request-rate limit is the named
    /// bottleneck; bulk 10 + 28.5714286 = 38.5714286 s.
    @Test func manyStreamsHitTheStoresLimit() throws {
        var path = TransferPath(rate: 100e6, streams: 1_000, roundTripTime: 0.04)
        path.objectStore = ObjectStoreTarget(requestRateLimit: 3_500)
        let e = try MigrationTimeModel.estimate(MigrationWorkload(bytes: 1e9, files: 100_000), over: path)
        expectClose(e.seconds, 38.57142857142857, "hand value")
        #expect(e.bottleneck == .requestRate)
        #expect(e.bottleneck.rawValue == "request_rate")
        // Same data over 16 streams of 1 GB-files: bytes dominate; the bottleneck stays the rate's.
        let big = try MigrationTimeModel.estimate(MigrationWorkload(bytes: 1e9, files: 1), over: path)
        #expect(big.bottleneck == .givenRate)
        #expect(big.requestLimit == .requestRate)  // 122 requests / 1,000 streams: R/λ is still the larger request bound
    }

    /// One 1 GB file over 1 Gbps with a 1 MiB window at 40 ms, 2 streams: each stream carries
    /// 1,048,576 / 0.04 = 26,214,400 B/s, so 2 streams 52,428,800 B/s < 125,000,000 B/s:
    /// bytes 10^9 / 52,428,800 = 19.07348633 s; 122 requests (120 parts + 2) × 0.0402857/2 =
    /// 2.457428571 s; bulk 21.5309149 s; the TCP window is the bottleneck.
    @Test func windowOverRTTBoundsEachStream() throws {
        var path = TransferPath(linkBandwidth: 125e6, streams: 2, roundTripTime: 0.04, tcpWindow: 1_048_576)
        path.objectStore = ObjectStoreTarget()
        let e = try MigrationTimeModel.estimate(MigrationWorkload(bytes: 1e9, files: 1), over: path)
        #expect(e.requests == 122)
        expectClose(e.byteSeconds, 19.073486328125, "hand value")
        expectClose(e.requestSeconds, 2.4574285714285713, "hand value")
        #expect(e.bottleneck == .tcpWindow)
    }

    /// The request latency is the target's when given, else the RTT; neither is an error.
    @Test func latencySource() throws {
        var path = TransferPath(rate: 100e6, streams: 1, roundTripTime: 0.04)
        path.objectStore = ObjectStoreTarget(requestLatency: 0.01)
        #expect(path.requestLatency == 0.01)
        path.objectStore?.requestLatency = nil
        #expect(path.requestLatency == 0.04)
        path.roundTripTime = nil
        #expect(throws: MigrationError.self) { try path.validate() }
        path.objectStore = ObjectStoreTarget(requestLatency: 0.01, requestRateLimit: 0)
        #expect(throws: MigrationError.self) { try path.validate() }
        path.objectStore = ObjectStoreTarget(requestLatency: 0.01, requestRateLimit: .infinity)
        try path.validate()  // no limit at all is allowed
    }

    /// Delta rounds with requests: τ = ratio/R + (files·t + T_req)/D. 1 GB in 10,000 files over
    /// 100 MB/s, 16 streams, a = 40 ms: τ = 10⁻⁸ + 25.17857143/10⁹ = 3.517857143·10⁻⁸ s/B; with
    /// c = 10 MB/s, q = 0.3517857143.
    @Test func deltaRoundsCountRequests() throws {
        var path = TransferPath(rate: 100e6, streams: 16, roundTripTime: 0.04)
        path.objectStore = ObjectStoreTarget()
        let e = try MigrationTimeModel.estimate(MigrationWorkload(bytes: 1e9, files: 10_000, changeRate: 10e6, maxDowntime: 1), over: path)
        expectClose(e.delta?.shrinkFactor ?? 0, 0.3517857142857143, relative: 1e-9, "hand value")
        // Round 1 = T_0 · q = 35.17857143 × 0.3517857143.
        expectClose(e.delta?.rounds.first?.seconds ?? 0, 35.17857142857143 * 0.3517857142857143, relative: 1e-9, "hand value")
    }

    /// With no spread (CVs 0) every Monte Carlo sample is the point value, request time included.
    @Test func monteCarloIncludesRequests() throws {
        var path = TransferPath(rate: 100e6, streams: 16, roundTripTime: 0.04)
        path.objectStore = ObjectStoreTarget()
        let w = MigrationWorkload(bytes: 1e9, files: 10_000)
        let d = try MigrationMonteCarlo.run(w, over: path, settings: MonteCarloSettings(samples: 200, seed: 3, rateCV: 0, perFileCV: 0))
        expectClose(d.p50Seconds, 35.17857142857143, relative: 1e-9, "cv 0: constant samples")
        expectClose(d.analyticMeanSeconds, 35.17857142857143, relative: 1e-9, "cv 0")
    }

    /// The bench's fitted model and the plan's time model agree on the same inputs:
    /// S3PathModel(a, s, C, λ, t₀).predict(R, B, N) = the estimate with rate-limits C and N·s.
    @Test func benchModelMatchesPlanModel() throws {
        let m = S3PathModel(requestLatency: 0.05, streamRate: 2e6, pathBandwidth: 22.8e6, requestRateLimit: 300, fixedSeconds: 0.4)
        for n in [2, 16, 64] {
            var path = TransferPath(linkBandwidth: 22.8e6, streams: n, perStreamRate: 2e6)
            path.objectStore = m.objectStoreTarget()
            let e = try MigrationTimeModel.estimate(MigrationWorkload(bytes: 66.6e6, files: 1_000), over: path)
            let p = m.predict(requests: Int(e.requests), bytes: 66_600_000, streams: n)
            expectClose(e.seconds, p.seconds, relative: 1e-12, "the same formula, evaluated twice")
        }
    }
}
