import Foundation

/// An inventory of a directory tree (`ferry scan PATH`): counts, bytes, the shape of the tree
/// and the mix of sizes and ages — the input of plans (`data: { inventory: FILE.json }`), of
/// stratified samples (`ferry bench --source`) and of synthetic twins (`ferry dataset generate
/// --inventory`).
///
/// Counting rules (the oracles in the tests are `find` and `du`):
/// - `files`, `directories` (the root included), `symlinks`, `other` count paths, like
///   `find -type f|d|l`; symbolic links are never followed.
/// - `apparentBytes` is the sum of regular files' sizes (`st_size`) per path, like
///   `find -type f -printf '%s'` — what a copy that does not preserve hard links moves.
/// - `allocatedBytes` is disk usage (`st_blocks × 512`) of every entry, each inode once,
///   like `du -s -B1`.
/// Encoded as snake_case JSON with `schema_version`.
public struct Inventory: Sendable, Codable, Equatable {
    /// Version of this JSON shape.
    public static let schemaVersion = 1

    /// Version of the JSON shape this value was read from or will be written as.
    public var schemaVersion: Int = Inventory.schemaVersion
    /// The scanned directory, as given.
    public var root: String
    /// When the scan started (also the reference time of the age histogram).
    public var scannedAt: Date
    /// Wall time of the walk, seconds.
    public var seconds: Double
    /// Worker threads that walked the tree.
    public var threads: Int
    /// Entries examined (everything below the root, plus the root).
    public var entries: Int
    /// Regular files (paths).
    public var files: Int
    /// Directories, the root included.
    public var directories: Int
    /// Symbolic links (not followed).
    public var symlinks: Int
    /// FIFOs, sockets and device nodes.
    public var other: Int
    /// Sum of regular files' sizes per path, bytes.
    public var apparentBytes: Int64
    /// Disk usage of all entries, each inode once (`du -s -B1`), bytes.
    public var allocatedBytes: Int64
    /// Sum of `st_size` of directories and symlinks (with `apparentBytes − hardLinks.duplicateBytes`,
    /// this is `du -s -b`), bytes.
    public var metadataApparentBytes: Int64
    /// Regular files with more than one name.
    public var hardLinks: HardLinks
    /// Files and bytes per log2 size bucket.
    public var sizeHistogram: [SizeBucket]
    /// Regular files directly inside each directory.
    public var filesPerDirectory: FilesPerDirectory
    /// How deep the tree goes.
    public var depth: Depth
    /// The largest regular files, largest first.
    public var largestFiles: [LargeFile]
    /// Regular files by time since last modification.
    public var ageHistogram: [AgeBucket]
    /// Entries that could not be read.
    public var errors: ScanErrors

    /// Entries examined per second of wall time.
    public var entriesPerSecond: Double { seconds > 0 ? Double(entries) / seconds : 0 }
    /// Mean regular-file size, bytes (0 without files).
    public var meanFileBytes: Double { files > 0 ? Double(apparentBytes) / Double(files) : 0 }

    /// Bytes of regular files modified within `seconds` before the scan (cumulative over the age buckets).
    public func bytesModified(within seconds: Double) -> Int64 {
        ageHistogram.filter { $0.maxAgeSeconds != nil && $0.maxAgeSeconds! <= seconds }.reduce(0) { $0 + $1.bytes }
    }

    /// Hard-link counts: regular files whose link count is above 1.
    public struct HardLinks: Sendable, Codable, Equatable {
        /// Paths of regular files with `st_nlink > 1` seen in the tree.
        public var linkedFiles: Int
        /// Distinct inodes among them.
        public var inodes: Int
        /// Bytes counted more than once in `apparentBytes` (paths beyond the first of an inode in the tree).
        public var duplicateBytes: Int64
    }

    /// One log2 size bucket: sizes in `[lowerBytes, upperBytes)`; the first bucket holds
    /// empty files (`lowerBytes = upperBytes = 0`).
    public struct SizeBucket: Sendable, Codable, Equatable {
        /// Smallest size in the bucket, bytes.
        public var lowerBytes: Int64
        /// First size past the bucket, bytes (0 for the empty-file bucket).
        public var upperBytes: Int64
        /// Files in the bucket.
        public var files: Int
        /// Bytes of those files.
        public var bytes: Int64
    }

    /// How many regular files directories hold directly.
    public struct FilesPerDirectory: Sendable, Codable, Equatable {
        /// Largest count in one directory.
        public var max: Int
        /// files / directories.
        public var mean: Double
        /// Directories per log2 bucket of their file count (first bucket: directories without files).
        public var histogram: [CountBucket]
    }

    /// Directories whose file count lies in `[lower, upper)` (`lower = upper = 0`: no files).
    public struct CountBucket: Sendable, Codable, Equatable {
        /// Smallest count in the bucket.
        public var lower: Int
        /// First count past the bucket.
        public var upper: Int
        /// Directories in the bucket.
        public var directories: Int
    }

    /// Depth of entries below the root (the root's children are at depth 1, as in `find -printf %d`).
    public struct Depth: Sendable, Codable, Equatable {
        /// Deepest entry.
        public var max: Int
        /// Mean depth of regular files.
        public var meanFileDepth: Double
        /// Regular files at each depth, index = depth (index 0 is always 0).
        public var filesByDepth: [Int]
        /// Directories at each depth (index 0: the root).
        public var directoriesByDepth: [Int]
    }

    /// A large file: path relative to the root and size.
    public struct LargeFile: Sendable, Codable, Equatable {
        /// Path relative to the scanned root.
        public var path: String
        /// Size, bytes.
        public var bytes: Int64
    }

    /// Regular files last modified between `minAgeSeconds` and `maxAgeSeconds` before the scan.
    public struct AgeBucket: Sendable, Codable, Equatable {
        /// `1d`, `7d`, `30d`, `365d`, `older`, or `future` (modified after the scan started; both bounds 0).
        public var label: String
        /// Lower age bound, seconds (inclusive).
        public var minAgeSeconds: Double
        /// Upper age bound, seconds (exclusive); `nil` for `older`.
        public var maxAgeSeconds: Double?
        /// Files in the bucket.
        public var files: Int
        /// Bytes of those files.
        public var bytes: Int64
    }

    /// Entries that could not be listed or examined.
    public struct ScanErrors: Sendable, Codable, Equatable {
        /// How many.
        public var count: Int
        /// The first few, `path: reason`.
        public var examples: [String]
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", root, scannedAt = "scanned_at", seconds, threads, entries, files, directories,
             symlinks, other, apparentBytes = "apparent_bytes", allocatedBytes = "allocated_bytes",
             metadataApparentBytes = "metadata_apparent_bytes", hardLinks = "hard_links", sizeHistogram = "size_histogram",
             filesPerDirectory = "files_per_directory", depth, largestFiles = "largest_files", ageHistogram = "age_histogram",
             errors
    }
}

extension Inventory.HardLinks {
    enum CodingKeys: String, CodingKey { case linkedFiles = "linked_files", inodes, duplicateBytes = "duplicate_bytes" }
}
extension Inventory.SizeBucket {
    enum CodingKeys: String, CodingKey { case lowerBytes = "lower_bytes", upperBytes = "upper_bytes", files, bytes }
}
extension Inventory.FilesPerDirectory {
    enum CodingKeys: String, CodingKey { case max, mean, histogram }
}
extension Inventory.Depth {
    enum CodingKeys: String, CodingKey {
        case max, meanFileDepth = "mean_file_depth", filesByDepth = "files_by_depth", directoriesByDepth = "directories_by_depth"
    }
}
extension Inventory.AgeBucket {
    enum CodingKeys: String, CodingKey { case label, minAgeSeconds = "min_age_seconds", maxAgeSeconds = "max_age_seconds", files, bytes }
}
