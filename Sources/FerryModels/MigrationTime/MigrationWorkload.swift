import Foundation

/// The data to move and how it behaves while it moves.
public struct MigrationWorkload: Sendable, Equatable, Codable {
    /// Data to move before compression, bytes (> 0).
    public var bytes: Double
    /// Number of files (0 when unknown or irrelevant).
    public var files: Int
    /// Fixed cost per file (open, create, metadata, close), seconds, paid once per file and
    /// shared across streams.
    public var perFileSeconds: Double
    /// Bytes on the wire per byte of data, in (0, 1]: 0.7 means the data compresses to 70 %
    /// of its size (S4-2: `size_data = S_input · F_com`).
    public var compressionRatio: Double
    /// How fast the source data changes while the copy runs, bytes/s (0 = static).
    public var changeRate: Double
    /// The longest acceptable cutover downtime (writes frozen for the last delta), seconds;
    /// `nil` when no target is set.
    public var maxDowntime: Double?
    /// Files grouped by size (from a scan's histogram), to count an object store's multipart
    /// requests; `nil`: every file at the mean size.
    public var sizeClasses: [FileSizeClass]? = nil

    /// Creates a workload; sizes in bytes, durations in seconds, rates in bytes/s.
    public init(bytes: Double, files: Int = 0, perFileSeconds: Double = 0, compressionRatio: Double = 1,
                changeRate: Double = 0, maxDowntime: Double? = nil) {
        self.bytes = bytes
        self.files = files
        self.perFileSeconds = perFileSeconds
        self.compressionRatio = compressionRatio
        self.changeRate = changeRate
        self.maxDowntime = maxDowntime
    }

    /// Checks every field.
    /// - Throws: `MigrationError.invalidInput` naming the first bad field.
    public func validate() throws {
        try require(bytes, "size (bytes)", positive: true)
        guard files >= 0 else {
            throw MigrationError.invalidInput(field: "files", value: Double(files), requirement: "must be ≥ 0")
        }
        try require(perFileSeconds, "per-file overhead (s)")
        try require(compressionRatio, "compression ratio", positive: true, atMost: 1)
        try require(changeRate, "change rate (bytes/s)")
        if let d = maxDowntime { try require(d, "max downtime (s)", positive: true) }
    }
}
