import Foundation
import Testing
import FerryKit
import FerryModels

/// `ferry calibrate` on stored S3 bench uploads, then `ferry plan` with `target: { kind: s3,
/// calibration: … }`, through the binary. The uploads are synthetic (written with FerryKit from
/// a known model) so no server is needed; `benchmarks/s3-predict.sh` runs the real chain.
@Suite("ferry calibrate and plan on an S3 path")
struct S3CalibrateCommandTests {
    @Test func calibrateThenPlan() throws {
        let dir = try FerryBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = "\(dir)/ferry.sqlite"
        let store = try FerryStore(path: db)
        // a = 45 ms, s = 3 MB/s, C = 25 MB/s, λ = 3,500/s (not binding), t₀ = 0.2 s.
        let truth = S3PathModel(requestLatency: 0.045, streamRate: 3e6, pathBandwidth: 25e6, requestRateLimit: 3_500, fixedSeconds: 0.2)
        let run = try store.beginRun(settings: BenchSettings(profiles: ["small", "large"], streams: [2, 4, 8, 16], repetitions: 1,
                                                             warmup: 0, seed: 1, scale: 1),
                                     fingerprint: .capture(), cacheNote: "s3 target s3://bench/cal")
        try store.addObjectStoreRun(ObjectStoreRunInfo(runID: run, target: "s3://bench/cal", roundTripSeconds: 0.046,
                                                       roundTripMinSeconds: 0.045, pathBandwidth: 25e6))
        for (profile, requests, bytes) in [("small", 500, Int64(4_600_000)), ("large", 17, Int64(117_000_000))] {
            for n in [2, 4, 8, 16] {
                try store.addObjectStoreSample(ObjectStoreSample(
                    runID: run, profile: profile, streams: n, repetition: 0, files: requests, bytes: bytes, requests: requests,
                    seconds: truth.predict(requests: requests, bytes: bytes, streams: n).seconds, errors: 0, heldOut: false))
            }
        }
        let held = truth.predict(requests: 1_000, bytes: 66_600_000, streams: 16).seconds
        try store.addObjectStoreSample(ObjectStoreSample(runID: run, profile: "mixed", streams: 16, repetition: 0, files: 1_000,
                                                         bytes: 66_600_000, requests: 1_000, seconds: held, errors: 0, heldOut: true))
        try store.finishRun(run, status: "complete")

        let calibrate = try FerryBinary.run(["calibrate", "--db", db, "--format", "json"])
        #expect(calibrate.status == 0, "\(calibrate.stderr)")
        let c = try FerryBinary.json(calibrate)
        #expect(c["kind"] as? String == "s3_path")
        // Noiseless data with C given: a within 10 % — at 16 streams a fitted λ can stand in for part of
        // R·a/N (R/λ vs R(a + 1/λ)/N), so a and λ trade off; the prediction below is what must hold.
        expectClose(c["request_latency_seconds"] as? Double ?? 0, 0.045, relative: 0.10, "a–λ trade-off on 2 profiles")
        let hold = try #require((c["hold_out"] as? [[String: Any]])?.first)
        expectClose(hold["relative_error"] as? Double ?? 1, 0, absolute: 0.02, "held-out error on noiseless data")
        let text = try FerryBinary.run(["calibrate", "--db", db])
        #expect(text.stdout.contains("held out mixed at 16 streams"), "\(text.stdout)")

        // `ferry runs list` shows the S3 path calibrations beside the local ones, with the fitted latency.
        let listed = try FerryBinary.json(try FerryBinary.run(["runs", "list", "--db", db, "--format", "json"]))
        let paths = try #require(listed["s3_path_calibrations"] as? [[String: Any]])
        #expect(paths.count == 2)  // the JSON and the text calibrate above each stored one
        #expect(paths.first?["target"] as? String == "s3://bench/cal")
        expectClose(paths.first?["request_latency_seconds"] as? Double ?? 0, c["request_latency_seconds"] as? Double ?? 1,
                    relative: 1e-12, "the stored fit, as calibrate printed it")
        let listText = try FerryBinary.run(["runs", "list", "--db", db])
        #expect(listText.stdout.contains("S3 path calibrations:") && listText.stdout.contains("s3://bench/cal"), "\(listText.stdout)")

        try """
        data: { size: 66.6MB, files: 1000 }
        network: { rate: 25MB/s }
        copy: { streams: 16 }
        target: { kind: s3, calibration: latest }
        """.write(toFile: "\(dir)/s3.yaml", atomically: true, encoding: .utf8)
        let plan = try FerryBinary.run(["plan", "\(dir)/s3.yaml", "--db", db, "--no-write", "--format", "json"])
        #expect(plan.status == 0, "\(plan.stderr)")
        let p = try FerryBinary.json(plan)
        expectClose(p["seconds"] as? Double ?? 0, held, relative: 0.02, "the calibrated plan reproduces the model's held-out time")
        let objectStore = try #require(p["object_store"] as? [String: Any])
        #expect(objectStore["requests"] as? Double == 1_000)
        #expect(p["bottleneck"] as? String == "request_latency")
        // A plan naming a calibration with no store is an error naming --db.
        let missing = try FerryBinary.run(["plan", "\(dir)/s3.yaml", "--db", "\(dir)/none.sqlite", "--no-write"])
        #expect(missing.status == 1 && missing.stderr.contains("no database"), "\(missing.stderr)")
    }
}
