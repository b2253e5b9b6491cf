import Foundation

/// What `DatasetGenerator.generate` wrote.
public struct DatasetSummary: Sendable, Equatable, Codable {
    /// Profile name.
    public var profile: String
    /// Master seed used.
    public var seed: UInt64
    /// Output root.
    public var path: String
    /// Regular files written.
    public var files: Int
    /// Total bytes of content.
    public var bytes: Int64
    /// Directories created, root included.
    public var directories: Int
    /// Median file size, bytes.
    public var medianSize: Int64
    /// Largest file, bytes.
    public var largestSize: Int64
}
