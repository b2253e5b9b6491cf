import Foundation

/// Upload time over a WAN path into object storage, with its bottleneck named.
///
/// ```
/// requests R = files + parts (a multipart file: 1 create + its parts + 1 complete; counted as parts + 2)
/// T(N) = t0 + max(R · a / N,  R / λ) + B / min(N · s, C)
/// ```
/// `a`: per-request latency (s: round trip plus the store's service time), spread over N streams;
/// `λ`: the store's request-rate limit (requests/s; S3: 3,500 PUT/s per prefix);
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
        fileSizes.reduce(0) { total, size in
            guard size >= threshold else { return total + 1 }
            let part = max(partSize, (size + 9_999) / 10_000)
            return total + Int((size + part - 1) / part) + 2
        }
    }

    /// Predicted seconds and the limiting term for `requests` requests moving `bytes` bytes over `streams` streams.
    public func predict(requests: Int, bytes: Int64, streams: Int) -> (seconds: Double, bottleneck: Bottleneck) {
        let n = Double(max(1, streams))
        let latencyTerm = Double(requests) * requestLatency / n
        let rateTerm = Double(requests) / requestRateLimit
        let perStream = n * streamRate
        let transfer = Double(bytes) / min(perStream, pathBandwidth)
        let requestPart = max(latencyTerm, rateTerm)
        let requestBottleneck: Bottleneck = rateTerm > latencyTerm ? .requestRate : .requestLatency
        let transferBottleneck: Bottleneck = perStream < pathBandwidth ? .streamWindow : .pathBandwidth
        return (fixedSeconds + requestPart + transfer, requestPart >= transfer ? requestBottleneck : transferBottleneck)
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

/// Fits `S3PathModel` to timed uploads: for each candidate stream rate `s` (log grid, then a
/// golden-section refinement), `a` and `t0 ≥ 0` follow by weighted linear least squares of
/// `T − B/min(N·s, C)` on `R/N` (weights 1/T², i.e. relative errors); the `s` with the least
/// relative squared error wins. The path bandwidth `C` and the store's limit are given, not fitted.
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

    /// Fits the model.
    /// - Parameters:
    ///   - samples: timed uploads (seconds > 0).
    ///   - pathBandwidth: the path's total bandwidth, bytes/s (`.infinity` if unknown).
    /// - Returns: the model and its root-mean-square relative error.
    public static func fit(_ samples: [S3PathSample], pathBandwidth: Double = .infinity) throws -> (model: S3PathModel, rmsRelativeError: Double) {
        let usable = samples.filter { $0.seconds > 0 && $0.seconds.isFinite && $0.streams >= 1 }
        guard usable.count >= 3, Set(usable.map { Double($0.requests) / Double($0.streams) }).count >= 2 else {
            throw FitError.tooFewSamples(usable.count)
        }
        func solve(_ s: Double) -> (a: Double, t0: Double, sse: Double) {
            // Weighted least squares of y = t0 + a·x with w = 1/T².
            var sw = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0
            var rows: [(x: Double, y: Double, w: Double, t: Double)] = []
            for p in usable {
                let n = Double(p.streams)
                let y = p.seconds - Double(p.bytes) / min(n * s, pathBandwidth)
                let x = Double(p.requests) / n
                let w = 1 / (p.seconds * p.seconds)
                rows.append((x, y, w, p.seconds))
                sw += w; sx += w * x; sy += w * y; sxx += w * x * x; sxy += w * x * y
            }
            let det = sw * sxx - sx * sx
            var a = det > 0 ? (sw * sxy - sx * sy) / det : 0
            var t0 = det > 0 ? (sy - a * sx) / sw : 0
            if t0 < 0 { t0 = 0; a = sxx > 0 ? sxy / sxx : 0 }
            if a < 0 { a = 0; t0 = max(0, sy / sw) }
            let sse = rows.reduce(0) { $0 + $1.w * pow($1.y - t0 - a * $1.x, 2) }
            return (a, t0, sse)
        }
        // Log grid from 10 kB/s to 100 GB/s, then golden-section search around the best point.
        var best = (s: 1e4, sse: Double.infinity)
        var s = 1e4
        while s <= 1e11 {
            let r = solve(s)
            if r.sse < best.sse { best = (s, r.sse) }
            s *= 1.1
        }
        var lo = log(best.s / 1.1), hi = log(best.s * 1.1)
        let g = (sqrt(5.0) - 1) / 2
        for _ in 0..<60 {
            let m1 = hi - g * (hi - lo), m2 = lo + g * (hi - lo)
            if solve(exp(m1)).sse < solve(exp(m2)).sse { hi = m2 } else { lo = m1 }
        }
        let rate = exp((lo + hi) / 2)
        let r = solve(rate)
        let model = S3PathModel(requestLatency: r.a, streamRate: rate, pathBandwidth: pathBandwidth, fixedSeconds: r.t0)
        let rms = sqrt(usable.reduce(0) { total, p in
            let predicted = model.predict(requests: p.requests, bytes: p.bytes, streams: p.streams).seconds
            return total + pow((predicted - p.seconds) / p.seconds, 2)
        } / Double(usable.count))
        return (model, rms)
    }
}
