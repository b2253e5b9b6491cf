import Foundation

/// Upload time over a WAN path into object storage, with its bottleneck named.
///
/// ```
/// requests R = files + parts (a multipart file: 1 create + its parts + 1 complete; counted as parts + 2)
/// T(N) = t0 + max(R · (a + 1/λ) / N,  R / λ) + B / min(N · s, C)
/// ```
/// The request term is the asymptotic bound of a closed system (N streams, each waiting `a`
/// per request, a store serving at most λ requests/s): `a`: per-request latency (s: round trip
/// and client overhead); `λ`: the store's request-rate limit (requests/s; S3: 3,500 PUT/s per prefix);
/// `s`: one stream's rate (bytes/s: window / RTT); `C`: the path's total bandwidth (bytes/s).
public struct S3PathModel: Sendable, Equatable, Codable {
    /// Per-request latency, seconds.
    public var requestLatency: Double
    /// One stream's transfer rate, bytes/s.
    public var streamRate: Double
    /// Total path bandwidth, bytes/s (`.infinity` when unknown).
    public var pathBandwidth: Double
    /// The store's request-rate limit, requests/s.
    public var requestRateLimit: Double
    /// Fixed start-up cost (listing, connection set-up), seconds.
    public var fixedSeconds: Double

    /// S3's documented PUT rate per prefix, requests/s.
    public static let s3PutRateLimit = 3_500.0

    /// Creates a model.
    public init(requestLatency: Double, streamRate: Double, pathBandwidth: Double = .infinity,
                requestRateLimit: Double = S3PathModel.s3PutRateLimit, fixedSeconds: Double = 0) {
        self.requestLatency = requestLatency
        self.streamRate = streamRate
        self.pathBandwidth = pathBandwidth
        self.requestRateLimit = requestRateLimit
        self.fixedSeconds = fixedSeconds
    }

    /// Which term limits an upload.
    public enum Bottleneck: String, Sendable, Codable {
        /// Per-request round trips over the streams.
        case requestLatency = "request latency"
        /// The store's request-rate limit.
        case requestRate = "store request-rate limit"
        /// Window / RTT per stream.
        case streamWindow = "per-stream window/RTT"
        /// The path's total bandwidth.
        case pathBandwidth = "path bandwidth"
    }

    /// Requests an upload makes: one per small file, parts + 2 per multipart file.
    /// - Parameters:
    ///   - fileSizes: sizes, bytes.
    ///   - threshold: multipart threshold, bytes; `partSize`: bytes.
    public static func requests(fileSizes: [Int64], threshold: Int64, partSize: Int64) -> Int {
        let store = ObjectStoreTarget(partSize: Double(partSize), multipartThreshold: Double(threshold))
        return fileSizes.reduce(0) { $0 + Int(store.requests(files: 1, bytesEach: Double($1))) }
    }

    /// The plan's object-store target with this model's latency, request-rate limit and start-up
    /// (the part size and threshold are `ferry copy`'s unless given).
    public func objectStoreTarget(partSize: Double = ObjectStoreTarget.defaultPartSize,
                                  multipartThreshold: Double = ObjectStoreTarget.defaultMultipartThreshold) -> ObjectStoreTarget {
        ObjectStoreTarget(requestLatency: requestLatency, requestRateLimit: requestRateLimit, partSize: partSize,
                          multipartThreshold: multipartThreshold, fixedSeconds: fixedSeconds)
    }

    /// Predicted seconds and the limiting term for `requests` requests moving `bytes` bytes over `streams` streams.
    public func predict(requests: Int, bytes: Int64, streams: Int) -> (seconds: Double, bottleneck: Bottleneck) {
        // The request term is the plan's (`ObjectStoreTarget.requestSeconds`), t₀ included.
        let n = Double(max(1, streams))
        let (requestSeconds, limit) = objectStoreTarget().requestSeconds(requests: Double(requests), streams: streams,
                                                                          latency: requestLatency)
        let perStream = n * streamRate
        let transfer = Double(bytes) / min(perStream, pathBandwidth)
        let requestBottleneck: Bottleneck = limit == .requestRate ? .requestRate : .requestLatency
        let transferBottleneck: Bottleneck = perStream < pathBandwidth ? .streamWindow : .pathBandwidth
        return (requestSeconds + transfer, requestSeconds - fixedSeconds >= transfer ? requestBottleneck : transferBottleneck)
    }
}

/// One timed upload for fitting: requests, bytes, streams, seconds.
public struct S3PathSample: Sendable, Equatable, Codable {
    /// Requests made (files + parts).
    public var requests: Int
    /// Bytes moved.
    public var bytes: Int64
    /// Streams used.
    public var streams: Int
    /// Wall time, seconds.
    public var seconds: Double

    /// Creates a sample.
    public init(requests: Int, bytes: Int64, streams: Int, seconds: Double) {
        self.requests = requests
        self.bytes = bytes
        self.streams = streams
        self.seconds = seconds
    }
}

/// Fits `S3PathModel` to timed uploads by minimising the root-mean-square relative error
/// `√(Σ ((T̂ − T)/T)² / n)`: grids over the path bandwidth `C` (when not given) and the store's
/// service time `1/λ` (when fitted), refined by golden-section search; inside, golden-section
/// searches over `log s` and `a`, with `t0 ≥ 0` in closed form (weighted mean of the residuals).
public enum S3PathCalibration {
    /// Errors of the fit.
    public enum FitError: LocalizedError, Sendable {
        /// Fewer than 3 usable samples, or no spread in R/N.
        case tooFewSamples(Int)
        public var errorDescription: String? {
            switch self {
            case .tooFewSamples(let n): return "S3 path fit needs ≥ 3 samples with different requests/streams, got \(n)"
            }
        }
    }

    /// Fitted stream rates at or above this, bytes/s, sit at the search's upper edge (10^11): the
    /// streams did not limit the benched uploads.
    public static let streamRateCeiling = 1e10

    /// Fits the model.
    /// - Parameters:
    ///   - samples: timed uploads (seconds > 0).
    ///   - pathBandwidth: the path's total bandwidth, bytes/s; nil fits it too (none, or 1–8.9× the
    ///     fastest observed throughput, whichever explains the samples best).
    ///   - fitRequestRate: also fit the store's request-rate limit λ (else S3's 3,500/s).
    /// - Returns: the model and its root-mean-square relative error.
    public static func fit(_ samples: [S3PathSample], pathBandwidth: Double?,
                           fitRequestRate: Bool = true) throws -> (model: S3PathModel, rmsRelativeError: Double) {
        let usable = samples.filter { $0.seconds > 0 && $0.seconds.isFinite && $0.streams >= 1 }
        guard usable.count >= 3, Set(usable.map { Double($0.requests) / Double($0.streams) }).count >= 2 else {
            throw FitError.tooFewSamples(usable.count)
        }
        func rms(_ m: S3PathModel) -> Double {
            sqrt(usable.reduce(0) { total, p in
                let predicted = m.predict(requests: p.requests, bytes: p.bytes, streams: p.streams).seconds
                return total + pow((predicted - p.seconds) / p.seconds, 2)
            } / Double(usable.count))
        }
        func golden(_ lo: Double, _ hi: Double, _ f: (Double) -> Double) -> Double {
            var lo = lo, hi = hi
            let g = (sqrt(5.0) - 1) / 2
            for _ in 0..<24 {  // 0.618^24 ≈ 1e-5 of the bracket
                let m1 = hi - g * (hi - lo), m2 = lo + g * (hi - lo)
                if f(m1) < f(m2) { hi = m2 } else { lo = m1 }
            }
            return (lo + hi) / 2
        }
        let fastest = usable.map { Double($0.bytes) / $0.seconds }.max() ?? 1
        let maxPerRequest = usable.map { $0.seconds * Double($0.streams) / Double(max(1, $0.requests)) }.max() ?? 1
        // R/λ ≤ T for every upload, so the service time 1/λ is at most the smallest T/R: the grid
        // starts there and spans three decades below (0.7^19 ≈ 0.001).
        let maxService = usable.map { $0.seconds / Double(max(1, $0.requests)) }.min() ?? 1
        let weights = usable.map { 1 / ($0.seconds * $0.seconds) }
        let weightSum = weights.reduce(0, +)

        /// The best model for a fixed path bandwidth and request-rate limit.
        func inner(bandwidth: Double, limit: Double) -> (S3PathModel, Double) {
            var m = S3PathModel(requestLatency: 0, streamRate: fastest, pathBandwidth: bandwidth, requestRateLimit: limit)
            func withT0(_ c: S3PathModel) -> S3PathModel {
                var c = c
                c.fixedSeconds = 0
                var sum = 0.0
                for (p, w) in zip(usable, weights) {
                    sum += w * (p.seconds - c.predict(requests: p.requests, bytes: p.bytes, streams: p.streams).seconds)
                }
                c.fixedSeconds = max(0, sum / weightSum)
                return c
            }
            func bestLatency(_ c: S3PathModel) -> S3PathModel {
                var c = c
                c.requestLatency = golden(0, maxPerRequest) { var k = c; k.requestLatency = $0; return rms(withT0(k)) }
                return withT0(c)
            }
            let logRate = golden(log(1e4), log(1e11)) { var c = m; c.streamRate = exp($0); return rms(bestLatency(c)) }
            m.streamRate = exp(logRate)
            m = bestLatency(m)
            return (m, rms(m))
        }
        let bandwidths = pathBandwidth.map { [$0] } ?? ([.infinity] + (0..<13).map { fastest * pow(1.2, Double($0)) })
        let services = fitRequestRate ? [0] + (0..<20).map { maxService * pow(0.7, Double($0)) } : [1 / S3PathModel.s3PutRateLimit]
        var best: (model: S3PathModel, rms: Double, service: Double)?
        for c in bandwidths {
            for d in services {
                let (m, e) = inner(bandwidth: c, limit: d > 0 ? 1 / d : .infinity)
                if best == nil || e < best!.rms { best = (m, e, d) }
            }
        }
        var (model, error, service) = best!
        // Refine between grid neighbours, coordinate by coordinate (twice): the path bandwidth
        // (grid step 1.2×, when fitted) and the service time 1/λ (grid step 0.7×, when fitted).
        for _ in 0..<2 {
            if pathBandwidth == nil, model.pathBandwidth.isFinite {
                let limit = model.requestRateLimit, c0 = model.pathBandwidth
                let c = golden(log(c0 / 1.2), log(c0 * 1.2)) { inner(bandwidth: exp($0), limit: limit).1 }
                let refined = inner(bandwidth: exp(c), limit: limit)
                if refined.1 < error { (model, error) = refined }
            }
            if fitRequestRate, service > 0 {
                let c = model.pathBandwidth
                let d = golden(service * 0.7, service / 0.7) { inner(bandwidth: c, limit: 1 / $0).1 }
                let refined = inner(bandwidth: c, limit: 1 / d)
                if refined.1 < error { (model, error) = refined; service = d }
            }
        }
        return (model, error)
    }
}
