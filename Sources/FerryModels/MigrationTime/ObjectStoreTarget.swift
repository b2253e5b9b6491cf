import Foundation

/// An object store at the end of the path (S3 or S3-compatible): every object costs requests,
/// not just bytes.
///
/// ```
/// requests R = Σ over files: 1                          (size < multipart threshold)
///                            ⌈size / part⌉ + 2           (create + parts + complete)
///              part = max(part size, ⌈size / 10,000⌉)   (S3 allows at most 10,000 parts)
/// T_req = t₀ + max(R · (a + 1/λ) / N,  R / λ)
/// ```
/// The request term is the bound of a closed system: N streams each wait `a` per request
/// (round trip + server time) for a store that serves at most λ requests/s. With S3's λ =
/// 3,500 PUT/s per prefix the store limits once N > a·λ + 1 (141 streams at a = 40 ms).
public struct ObjectStoreTarget: Sendable, Equatable, Codable {
    /// Per-request latency a, seconds (round trip + server time); `nil` takes the path's RTT.
    public var requestLatency: Double?
    /// The store's request-rate limit λ, requests/s (S3: 3,500 PUT/s per prefix; `.infinity`: none).
    public var requestRateLimit: Double
    /// Part size of a multipart upload, bytes.
    public var partSize: Double
    /// Files at least this large are uploaded in parts, bytes.
    public var multipartThreshold: Double
    /// Fixed start-up cost t₀ (listing the target, opening connections), seconds.
    public var fixedSeconds: Double

    /// S3's documented PUT/COPY/POST/DELETE rate per prefix, requests/s.
    public static let s3RequestRateLimit = 3_500.0
    /// The most parts one multipart upload may have (S3).
    public static let maxParts = 10_000.0
    /// `ferry copy`'s part size, bytes (8 MiB).
    public static let defaultPartSize = Double(8 << 20)
    /// `ferry copy`'s multipart threshold, bytes (16 MiB).
    public static let defaultMultipartThreshold = Double(16 << 20)

    /// Creates an object-store target; bytes, seconds, requests/s.
    public init(requestLatency: Double? = nil, requestRateLimit: Double = ObjectStoreTarget.s3RequestRateLimit,
                partSize: Double = ObjectStoreTarget.defaultPartSize,
                multipartThreshold: Double = ObjectStoreTarget.defaultMultipartThreshold, fixedSeconds: Double = 0) {
        self.requestLatency = requestLatency
        self.requestRateLimit = requestRateLimit
        self.partSize = partSize
        self.multipartThreshold = multipartThreshold
        self.fixedSeconds = fixedSeconds
    }

    /// Requests to write `files` files of `bytes` bytes each (all the same size).
    /// ```
    /// size < threshold: files;   else files · (⌈size / part⌉ + 2),  part = max(part size, ⌈size / 10,000⌉)
    /// ```
    /// - Parameters:
    ///   - files: how many, ≥ 0.
    ///   - bytesEach: the size of each, bytes, ≥ 0.
    public func requests(files: Double, bytesEach: Double) -> Double {
        guard files > 0 else { return 0 }
        guard bytesEach >= multipartThreshold else { return files }
        let part = max(partSize, (bytesEach / Self.maxParts).rounded(.up))
        return files * ((bytesEach / part).rounded(.up) + 2)
    }

    /// Requests to write a workload: per size class (each class's files at its mean size), or,
    /// without classes, every file at the mean size D / F. With no file count the data is taken
    /// as one object (the fewest requests it can take).
    public func requests(for workload: MigrationWorkload) -> Double {
        if let classes = workload.sizeClasses, !classes.isEmpty {
            return classes.reduce(0) { $0 + requests(files: Double($1.files), bytesEach: $1.files > 0 ? $1.bytes / Double($1.files) : 0) }
        }
        let files = max(1, Double(workload.files))
        return requests(files: files, bytesEach: workload.bytes / files)
    }

    /// Seconds spent on requests and which limit sets them.
    /// ```
    /// T_req = t₀ + max(R · (a + 1/λ) / N,  R / λ)
    /// ```
    /// - Parameters:
    ///   - requests: R, ≥ 0.
    ///   - streams: N, ≥ 1.
    ///   - latency: a, seconds (this target's, or the path's RTT).
    /// - Returns: seconds, and `.requestRate` when R/λ is the larger term, else `.requestLatency`.
    public func requestSeconds(requests: Double, streams: Int, latency: Double) -> (seconds: Double, limit: Bottleneck) {
        let n = Double(max(1, streams))
        let latencyBound = requests * (latency + 1 / requestRateLimit) / n
        let rateBound = requests / requestRateLimit
        return (fixedSeconds + max(latencyBound, rateBound), rateBound > latencyBound ? .requestRate : .requestLatency)
    }

    /// Checks every field.
    /// - Throws: `MigrationError.invalidInput` naming the first bad field.
    public func validate() throws {
        if let a = requestLatency { try require(a, "request latency (s)") }
        // +∞ is allowed: a store without a request-rate limit (a calibration that found none).
        guard requestRateLimit > 0, !requestRateLimit.isNaN else {
            throw MigrationError.invalidInput(field: "request rate limit (requests/s)", value: requestRateLimit, requirement: "must be > 0")
        }
        try require(partSize, "part size (bytes)", positive: true)
        try require(multipartThreshold, "multipart threshold (bytes)")
        try require(fixedSeconds, "object store start-up (s)")
    }
}

/// Files of similar size, for counting an object store's requests: `files` files holding `bytes`.
public struct FileSizeClass: Sendable, Equatable, Codable {
    /// Files in the class, ≥ 0.
    public var files: Int
    /// Their total size, bytes.
    public var bytes: Double

    /// Creates a size class.
    public init(files: Int, bytes: Double) {
        self.files = files
        self.bytes = bytes
    }
}
