import FerryModels
import Foundation
import Testing
@testable import FerryKit

/// Synthetic benchmark samples whose wall times come from a known `WallTimeModel`, times
/// a seeded lognormal-ish noise factor (1 + ε, ε ~ N(0, noise²)).
func syntheticSamples(_ truth: WallTimeModel, noise: Double, seed: UInt64,
                      profiles: [(name: String, files: Int, bytes: Int64)] = [("small", 2000, 8_000_000),
                                                                            ("mixed", 1000, 60_000_000),
                                                                            ("large", 8, 200_000_000)],
                      streams: [Int] = [1, 2, 4, 8, 16, 32], repetitions: Int = 3) -> [BenchSample] {
    let random = RandomSource(seed: seed)
    var samples: [BenchSample] = []
    for p in profiles {
        for n in streams {
            for r in 0..<repetitions {
                let t = truth.seconds(files: Double(p.files), bytes: Double(p.bytes), streams: n) * (1 + random.gaussian(sigma: noise))
                samples.append(BenchSample(runID: 1, profile: p.name, tool: "ferry", streams: n, repetition: r, warmup: false,
                                           files: p.files, bytes: p.bytes, seconds: t, cache: "evicted"))
            }
        }
    }
    return samples
}

/// t₀ = 20 ms, a = 0.5 ms/file, b = 4 s/GB (250 MB/s), files scale σ = 0.05, κ = 0.002,
/// bytes σ = 0.3, κ = 0.001.
let knownWallTime = WallTimeModel(parameters: [0.02, 5e-4, 4e-9, 0.05, 0.002, 0.3, 0.001])

@Suite("Calibration fits")
struct CalibrationFitterTests {
    @Test("USL curve: the R usl package's exact data give σ = κ = 0.02, λ = 1 (docs/models.md)")
    func uslExact() throws {
        let n = [1.0, 2, 4, 6, 8, 10], x = [1, 1.8868, 3.0769, 3.5294, 3.5398, 3.3557]
        let curve = try ScalingCurve(samples: zip(n, x).map { ThroughputSample(concurrency: $0, throughput: $1) }, unit: "x")
        // The published X values are rounded to 4 decimals, so the parameters match to about 1e-3.
        expectClose(curve.model.sigma, 0.02, relative: 2e-3, "X rounded to 4 decimals")
        expectClose(curve.model.kappa, 0.02, relative: 2e-3, "X rounded to 4 decimals")
        expectClose(curve.model.lambda, 1, relative: 1e-3, "X rounded to 4 decimals")
        // N* = √(0.98/0.02) = 7, but X(7) − X(6) = 3.5714 − 3.5294 = 0.042 < 0.05 λ: the knee is 6.
        #expect(curve.recommendedStreams() == 6)
    }

    @Test("USL curve covariance agrees with GSL's standard errors (raytracer, docs/models.md)")
    func covarianceMatchesGSL() throws {
        let n = [1.0, 4, 8, 12, 16, 20], x = [20.0, 78, 130, 170, 190, 200]
        let curve = try ScalingCurve(samples: zip(n, x).map { ThroughputSample(concurrency: $0, throughput: $1) }, unit: "x")
        expectClose(curve.model.sigma, 0.02444, relative: 2e-3, "published to 4 significant digits")
        expectClose(curve.model.kappa, 0.00163, relative: 5e-3, "published to 3 significant digits")
        let se = curve.fit.standardErrors
        // Same formula s²(JᵀJ)⁻¹, our Gauss–Jordan vs GSL's QR: agreement to solver precision.
        expectClose(curve.covariance[0][0].squareRoot(), se.sigma, relative: 1e-5, "two computations of one covariance")
        expectClose(curve.covariance[1][1].squareRoot(), se.kappa, relative: 1e-5, "two computations of one covariance")
        expectClose(curve.covariance[2][2].squareRoot(), se.lambda, relative: 1e-5, "two computations of one covariance")
        #expect(curve.standardError(streams: 8) > 0)
        #expect(curve.rateCV(streams: 8) > curve.relativeScatter)
    }

    @Test("recommended streams: the first N whose next stream adds < 5 % of λ, never past N*",
          arguments: [(0.01, 0.0), (0.05, 0.0), (0.02, 0.02), (0.3, 0.001), (0.001, 0.0001)])
    func recommendation(sigma: Double, kappa: Double) throws {
        let model = USLModel(sigma: sigma, kappa: kappa, lambda: 100)
        let samples = [1.0, 2, 4, 8, 16, 32].map { ThroughputSample(concurrency: $0, throughput: model.throughput(at: $0)) }
        let curve = try ScalingCurve(samples: samples, unit: "x")
        let r = curve.recommendedStreams()
        let m = curve.model
        func gain(_ n: Int) -> Double { m.throughput(at: Double(n + 1)) - m.throughput(at: Double(n)) }
        for n in 1..<r { #expect(gain(n) >= 0.05 * m.lambda || m.peakConcurrency.map { Double(n) < $0 } == true) }
        if let peak = m.peakConcurrency { #expect(Double(r) <= peak.rounded(.up)) }
        #expect(r >= 1 && r <= 1024)
        if kappa == 0 { #expect(m.peakConcurrency == nil || r < 1024) }
    }

    @Test("wall-time model recovers t₀, a, b, σ, κ from noiseless synthetic samples")
    func wallTimeExact() throws {
        let samples = syntheticSamples(knownWallTime, noise: 0, seed: 1, repetitions: 1)
        let fit = try WallTimeModel.fit(points: samples.map { (Double($0.files), Double($0.bytes), Double($0.streams), $0.seconds) },
                                        start: (0.01, 0.001, 0.2, 0.002))
        #expect(fit.jointFit)
        // Exact data: the trust-region solver converges to about 1e-6 relative.
        for (got, want) in zip(fit.parameters, knownWallTime.parameters) {
            expectClose(got, want, relative: 1e-4, "noiseless synthetic data")
        }
        expectClose(fit.rSquared, 1, relative: 1e-9, "noiseless synthetic data")
    }

    @Test("wall-time model with 2 % noise: per-file and per-byte costs within 10 %")
    func wallTimeNoisy() throws {
        let samples = syntheticSamples(knownWallTime, noise: 0.02, seed: 11)
        let fit = try WallTimeModel.fit(points: samples.map { (Double($0.files), Double($0.bytes), Double($0.streams), $0.seconds) },
                                        start: (0, 0, 0, 0))
        // 54 samples with 2 % noise: the standard errors of a and b are a few per cent; 10 % is ~3σ.
        expectClose(fit.perFileSeconds, knownWallTime.perFileSeconds, relative: 0.10, "2 % noise, 54 samples")
        expectClose(fit.perByteSeconds, knownWallTime.perByteSeconds, relative: 0.10, "2 % noise, 54 samples")
        #expect(fit.fixedSeconds >= 0)
        expectClose(fit.relativeScatter, 0.02, relative: 0.35, "rms of N(0, 0.02²) over 54 draws")
        #expect(fit.standardErrors.allSatisfy { $0.isFinite && $0 > 0 })
    }

    @Test("full calibration on synthetic runs: held-out error small, rates and API consistent")
    func fullCalibration() throws {
        let samples = syntheticSamples(knownWallTime, noise: 0.01, seed: 5)
            + [BenchSample(runID: 1, profile: "small", tool: "ferry", streams: 4, repetition: 0, warmup: true,
                           files: 2000, bytes: 8_000_000, seconds: 99, cache: "evicted"),
               BenchSample(runID: 1, profile: "small", tool: "cp", streams: 1, repetition: 0, warmup: false,
                           files: 2000, bytes: 8_000_000, seconds: 99, cache: "evicted")]
        let fp = EnvironmentFingerprint(cpuModel: "Test CPU", cores: 2, kernel: "6.0", hostname: "h", filesystems: [:],
                                        memoryAvailableBytes: nil, memoryTotalBytes: nil, ferryVersion: "0", gitCommit: nil)
        let c = try CalibrationFitter.fit(samples: samples, sourceRuns: [1], fingerprint: fp)
        #expect(c.sampleCount == 54)                       // warm-up and peer rows are not fitted
        #expect(c.byteProfile == "large" && c.fileProfile == "small")
        #expect(c.validation.count == 3)
        // 1 % noise and an exactly right model form: held-out errors are a few per cent at most.
        for v in c.validation { #expect(v.meanError < 0.05, "\(v.profile): \(v.meanError)") }
        let w = try #require(c.wallTime)
        expectClose(w.perFileSeconds, knownWallTime.perFileSeconds, relative: 0.1, "1 % noise")
        // streamRate is the large profile's USL; at N = 1 it is bytes / T(8, 200 MB, 1).
        let t1 = knownWallTime.seconds(files: 8, bytes: 200_000_000, streams: 1)
        expectClose(c.streamRate(streams: 1), 200_000_000 / t1, relative: 0.05, "USL λ vs the generating model at N = 1, 1 % noise")
        expectClose(c.perFileSeconds(streams: 1), w.perFileSeconds, relative: 1e-12, "s_f(1) = 1")
        #expect(c.perFileSeconds(streams: 8) > c.perFileSeconds(streams: 1))
        #expect(c.rateCV(streams: 4) > 0 && c.rateCV(streams: 4) < 0.2)
        #expect(c.perFileCV > 0 && c.perFileCV < 0.2)
        #expect(c.predictedSeconds(files: 8, bytes: 200_000_000, streams: 1).map { abs($0 - t1) / t1 < 0.05 } == true)
        #expect(c.citation.contains("Test CPU"))
    }

    @Test("calibration errors: no samples, too few stream counts, a single profile has no wall-time model")
    func errors() throws {
        let fp = EnvironmentFingerprint(cpuModel: "", cores: 1, kernel: "", hostname: "", filesystems: [:],
                                        memoryAvailableBytes: nil, memoryTotalBytes: nil, ferryVersion: "0", gitCommit: nil)
        #expect(throws: CalibrationError.noSamples(runs: [4])) {
            try CalibrationFitter.fit(samples: [], sourceRuns: [4], fingerprint: fp)
        }
        let two = syntheticSamples(knownWallTime, noise: 0, seed: 1, streams: [1, 2])
        #expect(throws: CalibrationError.self) { try CalibrationFitter.fit(samples: two, sourceRuns: [1], fingerprint: fp) }
        let one = syntheticSamples(knownWallTime, noise: 0.01, seed: 1, profiles: [("large", 8, 200_000_000)])
        let c = try CalibrationFitter.fit(samples: one, sourceRuns: [1], fingerprint: fp)
        #expect(c.wallTime == nil && c.validation.isEmpty && c.validationError == nil)
        #expect(c.perFileSeconds(streams: 2) > 0)
        #expect(CalibrationError.needTwoProfiles(found: ["a"]).errorDescription!.contains("at least 2 profiles"))
    }
}
