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

    /// Creates settings (see the fields).
    public init(profiles: [String], streams: [Int] = [1, 2, 4, 8, 16, 32], repetitions: Int = 3, warmup: Int = 1,
                seed: UInt64 = 1, scale: Double = 1, peers: [String] = [], cache: PageCacheMode = .evict,
                profileScales: [String: Double]? = nil) {
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
