import FerryModels
import Foundation
import Testing
@testable import FerryKit

@Suite("Calibration terms: directories, re-runs, noise, flags")
struct CalibrationTermsTests {
    let fp = EnvironmentFingerprint(cpuModel: "Test CPU", cores: 2, kernel: "6.0", hostname: "h", filesystems: [:],
                                    memoryAvailableBytes: nil, memoryTotalBytes: nil, ferryVersion: "0", gitCommit: nil)

    @Test("median and MAD by hand")
    func medianAndMAD() {
        // median(1, 2, 3, 4, 100) = 3; |x − 3| = 2, 1, 0, 1, 97 → MAD = 1.
        #expect(CalibrationFitter.median([4, 100, 1, 3, 2]) == 3)
        #expect(CalibrationFitter.mad([4, 100, 1, 3, 2]) == 1)
        #expect(CalibrationFitter.median([1, 2, 3, 10]) == 2.5)
        #expect(CalibrationFitter.mad([5]) == 0)
    }

    @Test("noise floor: the median over groups of MAD/median")
    func noiseFloor() {
        func s(_ profile: String, _ n: Int, _ t: Double) -> BenchSample {
            BenchSample(profile: profile, tool: "ferry", streams: n, repetition: 0, warmup: false, files: 1, bytes: 1, seconds: t, cache: "evicted")
        }
        // Group a/1: 1.0, 1.1, 0.9 → MAD 0.1, median 1 → 0.10. Group a/2: 2, 2, 2.4 → MAD 0, → 0.
        // Group b/1: 4, 5, 6 → MAD 1, median 5 → 0.20. Median of (0.10, 0, 0.20) = 0.10.
        let samples = [s("a", 1, 1.0), s("a", 1, 1.1), s("a", 1, 0.9), s("a", 2, 2), s("a", 2, 2), s("a", 2, 2.4),
                       s("b", 1, 4), s("b", 1, 5), s("b", 1, 6)]
        expectClose(CalibrationFitter.noiseFloor(samples) ?? .nan, 0.10, relative: 1e-12, "hand-computed")
        #expect(CalibrationFitter.noiseFloor([s("a", 1, 1)]) == nil)
    }

    @Test("no-change re-run lines by hand: slope and intercept, origin fit when the intercept is negative, nearest N")
    func rescanModel() throws {
        // N = 1: (1000 files, 1.1 s), (3000, 3.1 s) → r = 2.0 / 2000 = 1 ms, c₀ = 0.1 s.
        // N = 8: (1000, 0.5), (2000, 1.5) → intercept −0.5 < 0 → through the origin:
        //        r = Σxy / Σx² = (500 + 3000) / (1e6 + 4e6) = 0.7 ms.
        let m = try #require(RescanModel.fit([(1000, 1, 1.1), (3000, 1, 3.1), (1000, 8, 0.5), (2000, 8, 1.5)]))
        let one = try #require(m.lines.first { $0.streams == 1 })
        expectClose(one.perFileSeconds, 1e-3, relative: 1e-12, "exact line")
        expectClose(one.fixedSeconds, 0.1, relative: 1e-12, "exact line")
        let eight = try #require(m.lines.first { $0.streams == 8 })
        #expect(eight.fixedSeconds == 0)
        expectClose(eight.perFileSeconds, 7e-4, relative: 1e-12, "3500 / 5e6")
        // N = 3 is nearer 8 than 1 in log N (|ln 3 − ln 8| = 0.98 < ln 3 = 1.10).
        expectClose(m.seconds(files: 10_000, streams: 3), 7.0, relative: 1e-12, "0.7 ms × 10,000")
        expectClose(m.seconds(files: 10_000, streams: 2), 10.1, relative: 1e-12, "N = 2: ln 2 = 0.69 < ln 4 = 1.39 → the N = 1 line")
        #expect(RescanModel.fit([]) == nil)
    }

    @Test("the calibration fits the re-run model from ferry-rescan samples and records the noise floor")
    func calibrationCarriesRescan() throws {
        var samples = syntheticSamples(knownWallTime, noise: 0.01, seed: 5)
        for (name, files) in [("small", 2000), ("mixed", 1000), ("large", 8)] {
            for n in [1, 4] {
                // 50 ms + 20 µs per file at every N.
                samples.append(BenchSample(profile: name, tool: BenchSample.rescanTool, streams: n, repetition: 0, warmup: false,
                                           files: files, bytes: 0, seconds: 0.05 + 2e-5 * Double(files), cache: "evicted"))
            }
        }
        let c = try CalibrationFitter.fit(samples: samples, sourceRuns: [1], fingerprint: fp)
        let r = try #require(c.rescan)
        #expect(r.lines.map(\.streams) == [1, 4])
        expectClose(r.seconds(files: 1e6, streams: 4), 0.05 + 20, relative: 1e-9, "exact synthetic line")
        #expect(c.sampleCount == 54, "re-runs are not fitted by the wall-time model")
        // Three repetitions with 1 % Gaussian noise: MAD/median ≈ 0.6745 × 1 % (with wide scatter for n = 3).
        let floor = try #require(c.noiseFloor)
        #expect(floor > 0.001 && floor < 0.03, "\(floor)")
        #expect(!c.isFlagged, "\(c.failures ?? [])")
        #expect((c.heldOutLogResiduals ?? []).count == 18, "leave one out: one residual per (profile, streams) group, 3 × 6")
    }

    @Test("per-directory cost is recovered when the profiles' directories per file differ, and left out when they do not")
    func perDirectory() throws {
        // T = 0.02 + (0.5 ms·F + 2 ms·D)·s_f/N + 4 s/GB·B·s_b/N (σ, κ as knownWallTime).
        var truth = knownWallTime
        truth.perDirectorySeconds = 2e-3
        let profiles: [(files: Double, dirs: Double, bytes: Double)] = [(2000, 20, 8e6), (1000, 500, 6e7), (8, 1, 2e8), (500, 400, 1e7)]
        var points: [(files: Double, directories: Double, bytes: Double, streams: Double, seconds: Double)] = []
        for p in profiles {
            for n in [1, 2, 4, 8, 16, 32] {
                points.append((p.files, p.dirs, p.bytes, Double(n), truth.seconds(files: p.files, bytes: p.bytes, streams: n, directories: p.dirs)))
            }
        }
        #expect(WallTimeModel.separatesDirectories(points))
        let fit = try WallTimeModel.fit(points: points, start: (0.05, 0.002, 0.3, 0.001), fitDirectories: true)
        expectClose(try #require(fit.perDirectorySeconds), 2e-3, relative: 0.02, "noiseless data, 24 points, 8 parameters")
        #expect(try #require(fit.perDirectoryStandardError) < 0.5 * 2e-3, "determined: kept")
        expectClose(fit.perFileSeconds, 5e-4, relative: 0.02, "noiseless data")
        // Same directories per file everywhere: not separable.
        let same = points.map { ($0.files, $0.files / 10, $0.bytes, $0.streams, $0.seconds) }
        #expect(!WallTimeModel.separatesDirectories(same))
        let plain = try WallTimeModel.fit(points: same, start: (0.05, 0.002, 0.3, 0.001), fitDirectories: false)
        #expect(plain.perDirectorySeconds == nil)
    }

    @Test("a per-directory cost the data do not determine (se > 50 % of d) is left to a, with a note")
    func perDirectoryUndetermined() throws {
        // The bench's own profiles: the two file-bound ones have about the same directories per file
        // (73/500 = 0.146, 111/1000 = 0.111); only the byte-bound one (5/8) differs, and its time is
        // bytes. Truth has no directory cost; ±10 % alternating noise (a shared machine) on every point.
        let truth = knownWallTime
        let profiles: [(files: Double, dirs: Double, bytes: Double)] = [(500, 73, 4.6e6), (1000, 111, 6.6e7), (8, 5, 1.2e8)]
        var points: [(files: Double, directories: Double, bytes: Double, streams: Double, seconds: Double)] = []
        for p in profiles {
            for (k, n) in [1, 2, 4, 8, 16].enumerated() {
                let t = truth.seconds(files: p.files, bytes: p.bytes, streams: n) * (k % 2 == 0 ? 1.1 : 0.9)
                points.append((p.files, p.dirs, p.bytes, Double(n), t))
            }
        }
        #expect(WallTimeModel.separatesDirectories(points), "5/8 vs 73/500 differ by more than 2×")
        let fit = try WallTimeModel.fit(points: points, start: (0.05, 0.002, 0.3, 0.001), fitDirectories: true)
        #expect(fit.perDirectorySeconds == nil, "d = \(fit.perDirectorySeconds ?? 0) ± \(fit.perDirectoryStandardError ?? 0)")
        #expect(fit.perDirectoryNote != nil)
    }

    @Test("a calibration misses validation: flagged with the reason")
    func flagged() throws {
        // 30 % multiplicative noise on 3 repetitions makes held-out errors and R² fail.
        let noisy = syntheticSamples(knownWallTime, noise: 0.0, seed: 9).map { s -> BenchSample in
            var s = s
            // The mixed profile runs 60 % slower than the model says: interpolation misses by ≈ 40 %.
            if s.profile == "mixed" { s.seconds *= 1.6 }
            return s
        }
        let c = try CalibrationFitter.fit(samples: noisy, sourceRuns: [1], fingerprint: fp)
        #expect(c.isFlagged)
        #expect((c.failures ?? []).contains { $0.contains("held-out error") }, "\(c.failures ?? [])")
        #expect(CalibrationReport(c).text().contains("FAILED validation"))
    }
}

@Suite("Scaling curves the data cannot identify")
struct FlatCurveTests {
    @Test("throughput measured only far from N = 1 gives a flat curve that says why")
    func flatWhenNotIdentifiable() throws {
        // λ (X at N = 1) cannot be pinned down from N = 16, 32, 64 alone when X is flat there (±4 % noise).
        let points = [(16.0, 100.0), (32, 104), (64, 96), (16, 103), (32, 97), (64, 101)]
            .map { ThroughputSample(concurrency: $0.0, throughput: $0.1) }
        let curve = try ScalingCurve(samples: points, unit: "bytes/s")
        let why = try #require(curve.notFitted, "expected the USL to refuse these points")
        #expect(!why.isEmpty)
        // Median of 96, 97, 100, 101, 103, 104 = (100 + 101) / 2.
        expectClose(curve.throughput(streams: 1), 100.5, relative: 1e-12, "median")
        expectClose(curve.throughput(streams: 64), 100.5, relative: 1e-12, "σ = 1, κ = 0: flat")
    }
}
