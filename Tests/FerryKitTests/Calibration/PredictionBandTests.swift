import FerryModels
import Foundation
import Testing
@testable import FerryKit

/// The plan's prediction band from a calibration: leave-one-out residuals, centred on the
/// point estimate, widened by the run-to-run noise.
@Suite("Prediction bands from held-out residuals")
struct PredictionBandTests {
    let fp = EnvironmentFingerprint(cpuModel: "Test CPU", cores: 2, kernel: "6.0", hostname: "h", filesystems: [:],
                                    memoryAvailableBytes: nil, memoryTotalBytes: nil, ferryVersion: "0", gitCommit: nil)

    @Test("leave one out: exact data with one group slowed by 1.2× — that group's residual is ln 1.2, one per group")
    func leaveOneOut() throws {
        // 3 profiles × 6 stream counts = 18 groups. The fit without the slowed group sees exact data,
        // so it recovers the truth and predicts the slowed group's unslowed time: r = ln 1.2 = 0.18232.
        let samples = syntheticSamples(knownWallTime, noise: 0, seed: 1).map { s -> BenchSample in
            var s = s
            if s.profile == "mixed" && s.streams == 4 { s.seconds *= 1.2 }
            return s
        }
        let r = CalibrationFitter.leaveOneOutLogResiduals(samples, curves: try CalibrationFitter.profileCurves(samples))
        #expect(r.count == 18)
        // The solver stops at a relative step of 1e-10; 1e-3 in ln T is far above that and far below 0.18.
        expectClose(try #require(r.max()), log(1.2), relative: 5e-3, "hand: ln 1.2 from an exact fit on the other 17 groups")
        let c = try CalibrationFitter.fit(samples: samples, sourceRuns: [1], fingerprint: fp)
        #expect(c.heldOutLogResiduals?.count == 18, "the calibration stores the leave-one-out residuals")
    }

    @Test("centred band by hand: residuals {0.5, 0.3, 0.9, 0.4, 0.6} → {0, −0.2, 0.4, −0.1, 0.1}; noise floor 5 % → σ = 0.07413")
    func centredAndNoise() throws {
        var c = try CalibrationFitter.fit(samples: syntheticSamples(knownWallTime, noise: 0.01, seed: 5), sourceRuns: [1], fingerprint: fp)
        c.heldOutLogResiduals = [0.5, 0.3, 0.9, 0.4, 0.6]   // median 0.5
        c.noiseFloor = 0.05
        let band = try #require(c.bandLogResiduals)
        for (got, want) in zip(band, [0, -0.2, 0.4, -0.1, 0.1]) { #expect(abs(got - want) < 1e-12, "\(band)") }
        expectClose(try #require(c.noiseLogSigma), 1.4826 * 0.05, relative: 1e-12, "MAD → σ of a normal law")
        var scenario = try ScenarioReader.read(try YAMLNode.document("""
            name: band
            data: { size: 1GB, files: 1000 }
            network: { rate: 1TB/s }
            copy: { streams: 4, calibration: latest }
            """, file: "s.yaml"), baseDirectory: ".")
        _ = Planner.apply(c, to: &scenario)
        #expect(scenario.uncertainty?.modelLogResiduals == band)
        #expect(scenario.uncertainty?.modelNoiseSigma == c.noiseLogSigma)
        // 5 leave-one-out residuals carry the parameter uncertainty: the CVs are not added again.
        #expect(c.rateCV(streams: 4) > 0 && c.perFileCV > 0)
        #expect(scenario.uncertainty?.rateCV == 0 && scenario.uncertainty?.perFileCV == 0)
        // With 4 residuals (too few) the CVs are added in quadrature as before.
        c.heldOutLogResiduals = [0.5, 0.3, 0.9, 0.4]
        var few = try ScenarioReader.read(try YAMLNode.document("""
            name: band
            data: { size: 1GB, files: 1000 }
            network: { rate: 1TB/s }
            copy: { streams: 4, calibration: latest }
            """, file: "s.yaml"), baseDirectory: ".")
        _ = Planner.apply(c, to: &few)
        expectClose(few.uncertainty?.rateCV ?? .nan, c.rateCV(streams: 4), relative: 1e-12, "√(0² + cv²)")
        expectClose(few.uncertainty?.perFileCV ?? .nan, c.perFileCV, relative: 1e-12, "√(0² + cv²)")
    }

    @Test("coverage: a band from residuals shifted by +0.5 has the same P10–P90 as unshifted ones, and 80 % of hand-placed actuals fall in it")
    func coverage() throws {
        // Residuals −0.4 … +0.4 in steps of 0.1 (9 values, 1/9 of the draws each), no other spread.
        // The CDF reaches 1/9 = 0.111 at the first value and 8/9 = 0.889 at the 8th, so P10 = T·e^−0.4 and
        // P90 = T·e^0.4 (the 9th value starts at 0.889 < 0.9). T = 100 s: band [67.03 s, 149.18 s].
        var c = try CalibrationFitter.fit(samples: syntheticSamples(knownWallTime, noise: 0.01, seed: 5), sourceRuns: [1], fingerprint: fp)
        c.noiseFloor = nil
        let base = (-4...4).map { Double($0) / 10 }
        var bands: [(Double, Double, Double)] = []
        for shift in [0.0, 0.5] {
            c.heldOutLogResiduals = base.map { $0 + shift }
            var settings = MonteCarloSettings(samples: 100_000, seed: 2, rateCV: 0, perFileCV: 0)
            settings.modelLogResiduals = c.bandLogResiduals
            let d = try MigrationMonteCarlo.run(MigrationWorkload(bytes: 1e11), over: TransferPath(rate: 1e9), settings: settings)
            bands.append((d.p10Seconds, d.p50Seconds, d.p90Seconds))
        }
        #expect(bands[0] == bands[1], "a shift of every residual moves nothing")
        let (p10, p50, p90) = bands[0]
        expectClose(p10, 100 * exp(-0.4), relative: 1e-9, "hand: 67.032 s")
        expectClose(p50, 100, relative: 1e-9, "hand: the middle value")
        // The 9th value's block of sorted draws starts at 8/9 = 0.889 (±0.1 %) < 0.9, so P90 lies inside it.
        expectClose(p90, 100 * exp(0.4), relative: 1e-9, "hand: 149.18 s")
        // Ten actuals at T·e^x, x = −0.5, −0.35, …: 8 of them inside [e^−0.4, e^0.4]·T.
        let actuals = [-0.5, -0.35, -0.3, -0.2, -0.05, 0.05, 0.2, 0.3, 0.38, 0.45].map { 100 * exp($0) }
        let inside = actuals.filter { $0 >= p10 && $0 <= p90 }.count
        #expect(inside == 8)
    }
}
