import Foundation
import Testing
@testable import FerryKit
import FerryModels

/// `target: { kind: s3 }` in scenarios, S3 path calibrations in the store, and plans that use them.
@Suite("Object-store targets: scenario, calibration, plan")
struct ObjectStorePlanTests {
    func read(_ yaml: String) throws -> Scenario {
        try ScenarioReader.read(try YAMLNode.document(yaml, file: "s3.yaml"), baseDirectory: ".")
    }

    func message(_ yaml: String) -> String {
        do { _ = try read(yaml) } catch let e as InputError { return e.errorDescription ?? "" } catch { return "\(error)" }
        return "accepted"
    }

    @Test func readsTheTarget() throws {
        let s = try read("""
        data: { size: 1GB, files: 10000 }
        network: { rate: 100MB/s, rtt: 40ms }
        copy: { streams: 16 }
        target: { provider: aws, region: us-east-1, kind: s3, request_rate_limit: 3500/s, part_size: 64MiB, multipart_threshold: 128MiB }
        """)
        let store = try #require(s.path.objectStore)
        #expect(s.targetEndpoint?.provider == .aws)
        expectClose(store.requestRateLimit, 3_500, relative: 0, "exact")
        expectClose(store.partSize, 64 * 1_048_576, relative: 0, "exact")
        expectClose(store.multipartThreshold, 128 * 1_048_576, relative: 0, "exact")
        #expect(store.requestLatency == nil)
        #expect(s.path.requestLatency == 0.04, "network.rtt by default")
        #expect(s.objectStoreRateLimitGiven)
        // The plan: 10,000 × 0.0402857/16 = 25.1785714 s of requests + 10 s of bytes (hand value; see ObjectStoreTimeTests).
        let plan = try Planner.plan(s)
        expectClose(plan.estimate.seconds, 35.17857142857143, relative: 1e-9, "hand value")
        #expect(plan.estimate.bottleneck == .requestLatency)
        #expect(PlanText.render(plan).contains("object-store requests (10,000 requests)"), "\(PlanText.render(plan))")
        #expect(PlanText.render(plan).contains("per-request round trips"))
        #expect(plan.assumptions.contains { $0.hasPrefix("Object store: 10,000 requests") }, "\(plan.assumptions)")
        // Without kind the target is a file system and nothing changes.
        let plain = try read("data: { size: 1GB, files: 10000 }\nnetwork: { rate: 100MB/s }\ntarget: { provider: aws }\n")
        #expect(plain.path.objectStore == nil)
        #expect(try Planner.plan(plain).estimate.seconds == 10)
    }

    /// The shipped example `models/s3-small-files-wan.yaml`, by hand: bytes 2·10¹² / (1.25·10⁹ × 0.74)
    /// = 2,162.162 s; requests 20,000,000 / 3,500 = 5,714.286 s (the round trips, 20,000,000 ×
    /// 0.0402857 / 256 = 3,147.3 s, are shorter); bulk 7,876.448 s (7,876.447876…), the store's limit named.
    @Test func shippedExampleByHand() throws {
        let s = try ScenarioReader.load(path: FerryBinary.packageRoot + "/models/s3-small-files-wan.yaml")
        let plan = try Planner.plan(s)
        expectClose(plan.estimate.byteSeconds, 2e12 / (1.25e9 * 0.74), relative: 1e-12, "hand value")
        expectClose(plan.estimate.requestSeconds, 20_000_000 / 3_500.0, relative: 1e-12, "hand value")
        expectClose(plan.estimate.seconds, 7_876.447_876_447_877, relative: 1e-9, "hand value")
        #expect(plan.estimate.bottleneck == .requestRate)
        #expect(!plan.caveats.contains { $0.contains("copy.per_file not set") }, "requests already cost each file")
    }

    @Test func badTargetsAreRefusedWithTheirField() {
        let base = "data: { size: 1GB }\nnetwork: { rate: 100MB/s, rtt: 40ms }\n"
        #expect(message(base + "target: { provider: aws, part_size: 64MiB }\n").contains("target.part_size: applies to an object store only; add kind: s3"))
        #expect(message(base + "target: { kind: blob }\n").contains("target.kind: unknown kind 'blob'"))
        #expect(message(base + "target: { kind: s3, part_size: 1MiB }\n").contains("target.part_size: must be between 5MiB and 5GiB"))
        #expect(message(base + "target: { kind: s3, request_rate_limit: 3500 }\n").contains("target.request_rate_limit"))
        #expect(message("data: { size: 1GB }\nnetwork: { rate: 100MB/s }\ntarget: { kind: s3 }\n").contains("kind: s3 needs request_latency"))
        #expect(message(base + "target: { kind: s3, zz: 1 }\n").contains("allowed keys: provider, region, kind, request_latency"))
        // kind alone needs no provider; a calibration stands in for a latency.
        #expect(message(base + "target: { kind: s3 }\n") == "accepted")
        #expect(message("data: { size: 1GB }\nnetwork: { rate: 100MB/s }\ntarget: { kind: s3, calibration: latest }\n") == "accepted")
    }

    /// The inventory's histogram counts the multipart parts per size class.
    @Test func inventorySizeClassesCountParts() throws {
        let dir = try FerryBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(repeating: 1, count: 20 << 20).write(to: URL(fileURLWithPath: "\(dir)/tree/big.bin").creatingParent())
        for i in 0..<10 { try Data(repeating: 2, count: 1_000).write(to: URL(fileURLWithPath: "\(dir)/tree/s\(i)")) }
        let inventory = try InventoryScanner(threads: 1).scan("\(dir)/tree")
        try inventory.jsonData().write(to: URL(fileURLWithPath: "\(dir)/scan.json"))
        let s = try ScenarioReader.read(try YAMLNode.document("""
        data: { inventory: scan.json }
        network: { rate: 100MB/s, rtt: 40ms }
        target: { kind: s3 }
        """, file: "\(dir)/s.yaml"), baseDirectory: dir)
        // 10 files of 1 kB: 10 PUTs; one file of 20 MiB: ⌈20/8⌉ = 3 parts + 2 = 5. Total 15.
        #expect(try Planner.plan(s).estimate.requests == 15)
    }

    /// Synthetic uploads from a known model (a = 50 ms, s = 2 MB/s, C = 22.8 MB/s, λ = 150/s,
    /// t₀ = 0.4 s; the store's limit binds above a·λ + 1 = 8.5 streams), stored, fitted by `ObjectStoreCalibrator`, looked up as `latest`; a plan with
    /// the same data, streams and path reproduces the model's time for the held-out upload.
    /// Tolerance 2 %: the fit searches a grid refined by golden sections on noiseless data.
    @Test func calibrationRoundTripAndPlan() throws {
        let dir = try FerryBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try FerryStore(path: "\(dir)/ferry.sqlite")
        let truth = S3PathModel(requestLatency: 0.05, streamRate: 2e6, pathBandwidth: 22.8e6, requestRateLimit: 150, fixedSeconds: 0.4)
        let run = try store.beginRun(settings: BenchSettings(profiles: ["small", "large"], streams: [2, 4, 8, 16], repetitions: 1, warmup: 0,
                                                             seed: 1, scale: 1),
                                     fingerprint: .capture(), cacheNote: "s3 target s3://b/p")
        #expect(throws: StoreError.self) { try store.objectStoreCalibration("latest") }
        try store.addObjectStoreRun(ObjectStoreRunInfo(runID: run, target: "s3://b/p", roundTripSeconds: 0.045, roundTripMinSeconds: 0.044,
                                                       pathBandwidth: nil))
        for (profile, files, requests, bytes) in [("small", 500, 500, Int64(4_600_000)), ("large", 8, 17, Int64(117_000_000))] {
            for n in [2, 4, 8, 16] {
                let t = truth.predict(requests: requests, bytes: bytes, streams: n).seconds
                try store.addObjectStoreSample(ObjectStoreSample(runID: run, profile: profile, streams: n, repetition: 0, files: files, bytes: bytes,
                                                                 requests: requests, seconds: t, errors: 0, heldOut: false))
            }
        }
        let holdSeconds = truth.predict(requests: 1_000, bytes: 66_600_000, streams: 16).seconds
        try store.addObjectStoreSample(ObjectStoreSample(runID: run, profile: "mixed", streams: 16, repetition: 0, files: 1_000,
                                                         bytes: 66_600_000, requests: 1_000, seconds: holdSeconds, errors: 0, heldOut: true))
        let (samples, runs) = try store.objectStoreSamples(runs: [run])
        #expect(samples.count == 9 && runs.count == 1)
        #expect(try store.objectStoreSamples(runs: [run + 1]).samples.isEmpty)
        let fitted = try ObjectStoreCalibrator.fit(samples: samples, runs: runs)
        #expect(!fitted.isFlagged, "\(fitted.failures)")
        #expect(fitted.sampleCount == 8)
        #expect(abs(try #require(fitted.holdOut.first).relativeError) < 0.02, "\(fitted.holdOut) \(fitted.model) rms \(fitted.rmsRelativeError)")
        let saved = try store.save(fitted)
        let latest = try FerryStore(path: "\(dir)/ferry.sqlite", access: .readOnly).objectStoreCalibration("latest")
        // Equal but for the time stamp, which the store keeps to the second.
        #expect(latest.id == saved.id && latest.model == saved.model && latest.holdOut == saved.holdOut)
        #expect(try store.objectStoreCalibration("c\(saved.id)").model == saved.model)
        #expect(throws: StoreError.self) { try store.objectStoreCalibration("99") }

        // The plan of the held-out upload: 1,000 files, 66.6 MB, 16 streams, the path's 22.8 MB/s.
        let scenario = try read("""
        data: { size: 66.6MB, files: 1000 }
        network: { rate: 22.8MB/s }
        copy: { streams: 16 }
        target: { kind: s3, calibration: latest }
        """)
        #expect(throws: PlanError.self) { try Planner.plan(scenario) }
        let plan = try Planner.plan(scenario, objectStoreCalibrations: { try store.objectStoreCalibration($0) })
        expectClose(plan.estimate.seconds, holdSeconds, relative: 0.02, "fit on noiseless data, grid + golden-section precision")
        #expect(plan.objectStoreCalibration?.id == saved.id)
        #expect(plan.assumptions.contains { $0.contains("S3 path calibration \(saved.id)") })
        #expect(plan.scenario.path.objectStore?.requestRateLimit == saved.model.requestRateLimit, "calibrated λ")
        // An explicit limit in the scenario wins over the calibrated one.
        let explicit = try read("data: { size: 66.6MB, files: 1000 }\nnetwork: { rate: 22.8MB/s }\ntarget: { kind: s3, calibration: latest, request_rate_limit: 3500/s }\n")
        let p2 = try Planner.plan(explicit, objectStoreCalibrations: { try store.objectStoreCalibration($0) })
        #expect(p2.scenario.path.objectStore?.requestRateLimit == 3_500)

        // Without a held-out upload the calibration is flagged (not validated).
        let unvalidated = try ObjectStoreCalibrator.fit(samples: samples.filter { !$0.heldOut }, runs: runs)
        #expect(unvalidated.isFlagged)
    }
}

private extension URL {
    /// Creates the parent directory; returns self.
    func creatingParent() throws -> URL {
        try FileManager.default.createDirectory(at: deletingLastPathComponent(), withIntermediateDirectories: true)
        return self
    }
}
