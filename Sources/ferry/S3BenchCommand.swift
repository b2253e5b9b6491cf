import ArgumentParser
import FerryKit
import FerryModels
import FerryS3
import FerryUnits
import Foundation

/// Flags of `ferry bench` that only S3 targets use.
struct S3BenchFlags: ParsableArguments {
    @Option(help: "Benchmark uploads to this S3 prefix (s3://bucket/prefix) instead of local copies.")
    var target: String?

    @Option(help: "S3 endpoint URL for --target (default: AWS_ENDPOINT_URL, the profile's endpoint_url, else AWS).")
    var endpoint: String?

    @Option(help: "S3 target: the path's total bandwidth for the fit, e.g. 200Mbit/s (default: fitted).")
    var pathBandwidth: String?

    @Option(help: "S3 target: a profile (NAME or NAME:SCALE) kept out of the fit, uploaded at the largest stream count and predicted.")
    var holdOut: String?
}

/// `ferry bench --target s3://…`: sweeps streams over uploads of each profile's sample data,
/// measures the path's round trip, stores the samples (tool `ferry-s3`) and fits per-request
/// latency and per-stream rate (`S3PathCalibration`); with `--hold-out`, predicts a profile
/// that was not fitted and reports the error.
enum S3BenchCommand {
    struct Sample: Sendable {
        var profile: String, streams: Int, repetition: Int, files: Int, bytes: Int64, requests: Int, seconds: Double, errors: Int
    }

    static func run(_ bench: Bench) throws {
        guard let targetText = bench.s3.target else { return }
        let target = try S3Location(parsing: targetText)
        let counts = try bench.streams.split(separator: ",").map { text -> Int in
            guard let n = Int(text.trimmingCharacters(in: .whitespaces)), n >= 1 else {
                throw ValidationError("--streams: '\(text)' is not a whole number ≥ 1")
            }
            return n
        }
        guard bench.repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1, got \(bench.repetitions)") }
        var bandwidth: Double?
        if let text = bench.s3.pathBandwidth { bandwidth = try DataRate.parse(text).bytesPerSecond }
        let names = bench.profileNames.isEmpty ? ["small-files", "large-files"] : bench.profileNames
        let catalog = ProfileCatalog(directory: bench.profiles)
        // NAME:SCALE scales one profile's file count on top of --scale.
        func load(_ entry: String) throws -> DatasetProfile {
            if let colon = entry.lastIndex(of: ":"), let factor = Double(entry[entry.index(after: colon)...]) {
                guard factor > 0, factor.isFinite else { throw ValidationError("profile \(entry): scale must be > 0") }
                return try catalog.profile(String(entry[..<colon])).scaled(by: factor * bench.scale)
            }
            return try catalog.profile(entry).scaled(by: bench.scale)
        }
        let profiles = try names.map(load)
        let holdOut = try bench.s3.holdOut.map(load)
        let configuration = try S3Configuration.resolve(environment: ProcessInfo.processInfo.environment,
                                                        endpointOverride: bench.s3.endpoint)
        let scratch = (bench.scratch as NSString).appendingPathComponent("s3")
        var trees: [String: String] = [:]
        for profile in profiles + (holdOut.map { [$0] } ?? []) {
            let dir = (scratch as NSString).appendingPathComponent(profile.name)
            try DatasetGenerator(profile: profile, seed: bench.seed).generate(into: dir, replace: true)
            trees[profile.name] = dir
        }

        let store = try FerryStore(path: bench.global.databasePath)
        let settings = BenchSettings(profiles: profiles.map(\.name), streams: counts, repetitions: bench.repetitions, warmup: 0,
                                     seed: bench.seed, scale: bench.scale)
        let runID = try store.beginRun(settings: settings, fingerprint: .capture(), cacheNote: "s3 target \(target)")
        let quiet = bench.global.quiet
        let treeOf = trees
        let outcome = try S3CopyCommand.blocking { () -> (rtt: [Double], samples: [Sample], holds: [Sample]) in
            let client = S3Client(configuration: configuration, maxConnections: counts.max() ?? 1)
            do {
                // Round trip: HEAD of a key that does not exist (no body, no disk at the server), 7 times.
                var rtt: [Double] = []
                for _ in 0..<7 {
                    let start = Date()
                    _ = try await client.headObject(bucket: target.bucket, key: target.key(for: ".ferry-rtt-probe"))
                    rtt.append(Date().timeIntervalSince(start))
                }
                // The held-out uploads (at the largest stream count, once per repetition) are shuffled in
                // with the fitted ones, so a drift in the machine's load falls on both alike.
                var order: [(String, Int, Int, Bool)] = []
                for p in profiles { for n in counts { for r in 0..<bench.repetitions { order.append((p.name, n, r, false)) } } }
                if let holdOut { for r in 0..<bench.repetitions { order.append((holdOut.name, counts.max() ?? 1, r, true)) } }
                var generator = SplitMix(seed: bench.seed &+ UInt64(runID))
                order.shuffle(using: &generator)
                var samples: [Sample] = [], holds: [Sample] = []
                for (profile, n, r, heldOut) in order {
                    let sample = try await upload(client: client, tree: treeOf[profile]!, profile: profile, streams: n, repetition: r,
                                                  target: target, runID: runID, scratch: scratch)
                    if !quiet { FileHandle.standardError.write(Data("\(profile) N=\(n) r\(r): \(String(format: "%.3f", sample.seconds)) s\n".utf8)) }
                    if heldOut { holds.append(sample) } else { samples.append(sample) }
                }
                try await client.shutdown()
                return (rtt, samples, holds)
            } catch {
                try? await client.shutdown()
                throw error
            }
        }
        let rtt = outcome.rtt.sorted()
        let rttMedian = rtt[rtt.count / 2]
        // The uploads with their request counts, for `ferry calibrate` (the held-out one marked).
        try store.addObjectStoreRun(ObjectStoreRunInfo(runID: runID, target: target.description, roundTripSeconds: rttMedian,
                                                       roundTripMinSeconds: rtt[0], pathBandwidth: bandwidth))
        for (s, heldOut) in outcome.samples.map({ ($0, false) }) + outcome.holds.map({ ($0, true) }) {
            try store.add(BenchSample(runID: runID, profile: s.profile, tool: "ferry-s3", streams: s.streams, repetition: s.repetition,
                                      warmup: false, files: s.files, bytes: s.bytes, seconds: s.seconds, cache: "s3", errors: s.errors))
            try store.addObjectStoreSample(ObjectStoreSample(runID: runID, profile: s.profile, streams: s.streams, repetition: s.repetition,
                                                             files: s.files, bytes: s.bytes, requests: s.requests, seconds: s.seconds,
                                                             errors: s.errors, heldOut: heldOut))
        }
        let fitted = outcome.samples.filter { $0.errors == 0 }.map {
            S3PathSample(requests: $0.requests, bytes: $0.bytes, streams: $0.streams, seconds: $0.seconds)
        }
        let fit = try? S3PathCalibration.fit(fitted, pathBandwidth: bandwidth)
        let note = "s3 target \(target); measured RTT median \(String(format: "%.1f", rttMedian * 1000)) ms (min \(String(format: "%.1f", rtt[0] * 1000)) ms)"
            + (fit.map { String(format: "; fit: request latency %.4f s, stream rate %.0f B/s, fixed %.3f s, rms error %.1f %%",
                                $0.model.requestLatency, $0.model.streamRate, $0.model.fixedSeconds, $0.rmsRelativeError * 100) } ?? "")
        try store.finishRun(runID, status: outcome.samples.contains { $0.errors > 0 } ? "complete with errors" : "complete", cacheNote: note)

        var body: [String: Any] = [
            "run_id": runID, "target": target.description, "rtt_seconds_median": rttMedian, "rtt_seconds_min": rtt[0],
            "samples": outcome.samples.map { s in
                ["profile": s.profile, "tool": "ferry-s3", "streams": s.streams, "repetition": s.repetition, "files": s.files,
                 "bytes": s.bytes, "requests": s.requests, "seconds": s.seconds, "errors": s.errors] as [String: Any]
            },
        ]
        if let fit {
            body["fit"] = ["request_latency_seconds": fit.model.requestLatency, "stream_rate_bytes_per_second": fit.model.streamRate,
                           "path_bandwidth_bytes_per_second": fit.model.pathBandwidth.isFinite ? fit.model.pathBandwidth : NSNull(),
                           "request_rate_limit_per_second": fit.model.requestRateLimit, "fixed_seconds": fit.model.fixedSeconds,
                           "rms_relative_error": fit.rmsRelativeError] as [String: Any]
            // The held-out time is the median of its repetitions.
            if var hold = outcome.holds.first, let median = Statistics.median(outcome.holds.map(\.seconds)) {
                hold.seconds = median
                let predicted = fit.model.predict(requests: hold.requests, bytes: hold.bytes, streams: hold.streams)
                body["hold_out"] = ["profile": hold.profile, "streams": hold.streams, "files": hold.files, "bytes": hold.bytes,
                                    "requests": hold.requests, "measured_seconds": hold.seconds, "predicted_seconds": predicted.seconds,
                                    "relative_error": (predicted.seconds - hold.seconds) / hold.seconds,
                                    "bottleneck": predicted.bottleneck.rawValue] as [String: Any]
            }
        } else {
            body["fit"] = NSNull()
        }
        switch bench.global.format {
        case .json: emit(JSONText.render(body))
        default:
            var lines = [note]
            if let hold = body["hold_out"] as? [String: Any] {
                lines.append(String(format: "hold-out %@ at N=%d: measured %.3f s, predicted %.3f s (%+.1f %%), bottleneck %@",
                                    hold["profile"] as! String, hold["streams"] as! Int, hold["measured_seconds"] as! Double,
                                    hold["predicted_seconds"] as! Double, (hold["relative_error"] as! Double) * 100,
                                    hold["bottleneck"] as! String))
            }
            lines.append("run \(runID): \(outcome.samples.count) timed uploads stored (tool ferry-s3)")
            emit(lines.joined(separator: "\n"))
        }
    }

    /// One timed upload of `tree` into a fresh prefix.
    static func upload(client: S3Client, tree: String, profile: String, streams: Int, repetition: Int,
                       target: S3Location, runID: Int64, scratch: String) async throws -> Sample {
        let location = try S3Location(parsing: "s3://\(target.bucket)/\(target.key(for: "bench-\(runID)/\(profile)/n\(streams)-r\(repetition)"))")
        var options = S3SyncOptions(manifestPath: "\(scratch)/manifest-\(runID)-\(profile)-\(streams)-\(repetition).sqlite")
        options.streams = streams
        let before = client.stats.byOperation
        let sync = try S3Sync(client: client, options: options)
        let summary = try await sync.upload(from: tree, to: location)
        try? FileManager.default.removeItem(atPath: options.manifestPath)
        let after = client.stats.byOperation
        let writes = ["PutObject", "UploadPart", "CreateMultipartUpload", "CompleteMultipartUpload"]
        let requests = writes.reduce(0) { $0 + (after[$1] ?? 0) - (before[$1] ?? 0) }
        return Sample(profile: profile, streams: streams, repetition: repetition, files: summary.files, bytes: summary.bytes,
                      requests: requests, seconds: summary.seconds, errors: summary.errors.count)
    }
}

/// SplitMix64: a small seeded generator for the sweep order.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
