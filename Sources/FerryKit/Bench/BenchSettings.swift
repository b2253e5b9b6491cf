import Foundation

/// How a benchmark sweep is run; stored with the run.
public struct BenchSettings: Sendable, Equatable, Codable {
    /// Profile names swept.
    public var profiles: [String]
    /// Stream counts swept, each ≥ 1.
    public var streams: [Int]
    /// Timed repetitions per (profile, tool, streams), ≥ 1.
    public var repetitions: Int
    /// Untimed-for-fitting warm-up copies per profile before the sweep, ≥ 0.
    public var warmup: Int
    /// Seed of the sample data and of the sweep's order.
    public var seed: UInt64
    /// Factor on each profile's file count.
    public var scale: Double
    /// Peer tools to run beside Ferry (`cp`, `rsync`, `rclone`).
    public var peers: [String]
    /// Page-cache handling before each timed copy.
    public var cache: PageCacheMode
    /// Extra per-profile factors on the file count (`--profile NAME:SCALE`), already applied
    /// to the profiles handed to the runner; recorded for the report. `nil` in older runs.
    public var profileScales: [String: Double]?
    /// Time budget of one sample, seconds: a copy shorter than this is repeated (fresh target,
    /// cache prepared each time) until the copies add up to it, and the sample is their median.
    /// `nil` or 0: one copy per sample (older runs).
    public var minSeconds: Double?
    /// Whether each of Ferry's timed copies is followed by a timed no-change re-run onto its
    /// own result (the floor of a delta round). `nil` in older runs (false).
    public var rescan: Bool?
    /// Samples of real trees benchmarked beside the profiles (`--source PATH --sample SIZE`):
    /// their names, as stored in the samples' `profile` column.
    public var sourceSamples: [String]?

    /// Creates settings (see the fields).
    public init(profiles: [String], streams: [Int] = [1, 2, 4, 8, 16, 32], repetitions: Int = 3, warmup: Int = 1,
                seed: UInt64 = 1, scale: Double = 1, peers: [String] = [], cache: PageCacheMode = .evict,
                profileScales: [String: Double]? = nil, minSeconds: Double? = nil, rescan: Bool? = nil) {
        self.minSeconds = minSeconds
        self.rescan = rescan
        self.profiles = profiles
        self.streams = streams
        self.repetitions = repetitions
        self.warmup = warmup
        self.seed = seed
        self.scale = scale
        self.peers = peers
        self.cache = cache
        self.profileScales = profileScales
    }
}
