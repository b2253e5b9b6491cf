import Foundation

/// One timed copy of one profile's data with one tool at one stream count.
public struct BenchSample: Sendable, Equatable, Codable {
    /// The run this sample belongs to (0 before it is stored).
    public var runID: Int64
    /// Profile name.
    public var profile: String
    /// `ferry` for the in-process engine, or a peer's name (`cp`, `rsync`, `rclone`).
    public var tool: String
    /// Parallel streams (worker threads, or rclone's `--transfers`); 1 for single-stream peers.
    public var streams: Int
    /// Repetition index, 0-based; warm-up runs count separately.
    public var repetition: Int
    /// Whether this was a warm-up run (stored, but not fitted).
    public var warmup: Bool
    /// Regular files copied.
    public var files: Int
    /// Bytes of file content copied.
    public var bytes: Int64
    /// Wall-clock seconds of the copy.
    public var seconds: Double
    /// How the page cache was prepared: `dropped`, `evicted`, `warm`.
    public var cache: String
    /// Files that failed (a sample with failures is not fitted).
    public var errors: Int
    /// Directories in the copied tree (the root included; 0 in runs stored before this was recorded).
    public var directories: Int = 0
    /// Copies timed for this sample: short copies are repeated to a time budget and `seconds`
    /// is the median of the copies (1 in older runs).
    public var copies: Int = 1
    /// Median absolute deviation of the copies' seconds (0 for a single copy).
    public var madSeconds: Double = 0

    /// The tool name of no-change re-runs of Ferry's engine (the copy repeated onto its own
    /// complete result: every file checked, none copied). Not fitted by the wall-time model.
    public static let rescanTool = "ferry-rescan"

    /// Creates a sample.
    public init(runID: Int64 = 0, profile: String, tool: String, streams: Int, repetition: Int, warmup: Bool,
                files: Int, bytes: Int64, seconds: Double, cache: String, errors: Int = 0,
                directories: Int = 0, copies: Int = 1, madSeconds: Double = 0) {
        self.directories = directories
        self.copies = copies
        self.madSeconds = madSeconds
        self.runID = runID
        self.profile = profile
        self.tool = tool
        self.streams = streams
        self.repetition = repetition
        self.warmup = warmup
        self.files = files
        self.bytes = bytes
        self.seconds = seconds
        self.cache = cache
        self.errors = errors
    }

    /// Byte throughput, bytes per second.
    public var bytesPerSecond: Double { seconds > 0 ? Double(bytes) / seconds : 0 }
    /// File rate, files per second.
    public var filesPerSecond: Double { seconds > 0 ? Double(files) / seconds : 0 }
    /// Whether the sample can be fitted: Ferry's engine, not a warm-up, no failures, positive time.
    public var isFittable: Bool { tool == "ferry" && !warmup && errors == 0 && seconds > 0 && files > 0 }
}
