import Foundation
import Testing
@testable import FerryKit

/// A copy tool that copies nothing and reports the time a known model predicts, so the bench
/// loop and the calibration can be tested without timing anything.
struct ModelRunner: CopyRunner {
    let name = "ferry"
    let isParallel = true
    let model: WallTimeModel

    func copy(from source: String, to destination: String, streams: Int,
              expected: (files: Int, bytes: Int64)) throws -> CopyMeasurement {
        CopyMeasurement(files: expected.files, bytes: expected.bytes,
                        seconds: model.seconds(files: Double(expected.files), bytes: Double(expected.bytes), streams: streams),
                        errors: 0)
    }
}

@Suite("Bench")
struct BenchRunnerTests {
    static let profiles = [
        DatasetProfile(name: "tiny-small", files: 40, size: .fixed(bytes: 1000), depth: 1),
        DatasetProfile(name: "tiny-mixed", files: 10, size: .uniform(lower: 1000, upper: 200_000), depth: 1),
        DatasetProfile(name: "tiny-large", files: 2, size: .fixed(bytes: 400_000), depth: 0),
    ]

    @Test("the sweep stores every sample with its run; the calibration recovers the model behind them")
    func sweepAndCalibrate() throws {
        let dir = scratchDirectory("bench")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try FerryStore(path: dir + "/ferry.sqlite")
        let settings = BenchSettings(profiles: Self.profiles.map(\.name), streams: [1, 2, 4, 8], repetitions: 2, warmup: 1,
                                     seed: 3, cache: .evict)
        // Per-byte cost made large so tiny files still separate per-file from per-byte time.
        let truth = WallTimeModel(parameters: [0.005, 2e-3, 2e-7, 0.1, 0.01, 0.2, 0.005])
        let runner = try BenchRunner(settings: settings, profiles: Self.profiles, scratch: dir + "/scratch",
                                     engine: ModelRunner(model: truth))
        #expect(runner.copiesPerProfile == 8)
        var progressCalls = 0
        let result = try runner.run(store: store) { _ in progressCalls += 1 }
        #expect(result.samples.count == 3 * (8 + 1))
        #expect(result.samples.filter(\.warmup).count == 3)
        #expect(result.run.status == "complete" && result.run.sampleCount == 27)
        #expect(result.run.cacheNote.contains("posix_fadvise"))
        #expect(progressCalls >= 24)
        #expect(try store.samples(runs: [result.run.id]).count == 27)
        // Targets and generated data are kept through the run and removed at its end.
        #expect(!FileManager.default.fileExists(atPath: dir + "/scratch/targets"))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: dir + "/scratch/data"))?.isEmpty ?? true)

        let c = try CalibrationFitter.fit(samples: result.samples, sourceRuns: [result.run.id], fingerprint: result.run.fingerprint)
        let w = try #require(c.wallTime)
        // Noiseless samples from the model's own form: recovered to solver precision.
        expectClose(w.perFileSeconds, 2e-3, relative: 1e-3, "noiseless samples")
        expectClose(w.perByteSeconds, 2e-7, relative: 1e-3, "noiseless samples")
        // Held out, two tiny profiles × 4 stream counts give 8 distinct points for 7 parameters:
        // weakly determined, so only the 25 % target is asserted here.
        #expect(c.validation.count == 3)
        for v in c.validation { #expect(v.meanError < 0.25, "\(v.profile)") }

        let report = dir + "/reports/bench-\(result.run.id)"
        let written = try BenchReport(run: result.run, samples: result.samples).write(to: report)
        #expect(written.map { ($0 as NSString).lastPathComponent }
                == ["bench.md", "samples.csv", "throughput-tiny-small.svg", "throughput-tiny-mixed.svg", "throughput-tiny-large.svg"])
        let csv = try String(contentsOfFile: report + "/samples.csv", encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 28)
        let svg = try String(contentsOfFile: report + "/throughput-tiny-large.svg", encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("<polyline") && svg.contains("<polygon") && svg.hasSuffix("</svg>\n"))
        let md = try String(contentsOfFile: report + "/bench.md", encoding: .utf8)
        #expect(md.contains("USL fit") && md.contains("Page cache:") && md.contains("throughput-tiny-mixed.svg"))
    }

    @Test("bad settings and unknown peers are refused before anything runs")
    func badSettings() {
        let p = Self.profiles
        #expect(throws: BenchError.self) { try BenchRunner(settings: BenchSettings(profiles: ["x"], streams: []), profiles: p, scratch: "/tmp") }
        #expect(throws: BenchError.self) { try BenchRunner(settings: BenchSettings(profiles: ["x"], streams: [0]), profiles: p, scratch: "/tmp") }
        // Found by benchmarks/fuzz-cli.sh: 2^31 repetitions was accepted as a sweep to run.
        #expect(throws: BenchError.self) {
            try BenchRunner(settings: BenchSettings(profiles: ["x"], repetitions: 2_147_483_648), profiles: p, scratch: "/tmp")
        }
        #expect(throws: BenchError.unknownPeer(name: "scp", known: PeerRunner.known)) {
            try BenchRunner(settings: BenchSettings(profiles: ["x"], peers: ["scp"]), profiles: p, scratch: "/tmp")
        }
    }

    @Test("the fingerprint reads this machine")
    func fingerprint() {
        let fp = EnvironmentFingerprint.capture(paths: ["tmp": NSTemporaryDirectory()])
        #expect(fp.cores >= 1)
        #expect(fp.filesystems["tmp"] != nil)
        #expect(fp.ferryVersion == FerryInfo.version)
        #expect(fp.summary.contains("× \(fp.cores)"))
    }
}

@Suite("Bench throughput charts")
struct BenchChartOrderTests {
    @Test("Ferry's points are drawn after the peers', so a peer's marker never hides them")
    func ferryDrawnLast() {
        let settings = BenchSettings(profiles: ["p"], streams: [1, 2], repetitions: 1, warmup: 0, seed: 1, cache: .warm)
        let run = BenchRun(id: 1, createdAt: Date(timeIntervalSince1970: 0), settings: settings,
                           fingerprint: EnvironmentFingerprint.capture(), cacheNote: "", status: "complete", sampleCount: 4)
        // rsync at the same (streams, throughput) as ferry: drawn later, it would cover ferry's marker.
        let samples = [1, 2].flatMap { n in
            ["ferry", "rsync"].map { tool in
                BenchSample(runID: 1, profile: "p", tool: tool, streams: n, repetition: 0, warmup: false,
                            files: 10, bytes: 10_000_000, seconds: 1, cache: "warm")
            }
        }
        let svg = BenchReport(run: run, samples: samples).chart("p")
        let ferryPoint = svg.range(of: "<title>ferry (measured): 1")
        let rsyncPoint = svg.range(of: "<title>rsync: 1")
        #expect(ferryPoint != nil && rsyncPoint != nil, "\(svg)")
        if let f = ferryPoint, let r = rsyncPoint { #expect(r.lowerBound < f.lowerBound, "ferry must come after rsync in paint order") }
    }
}
