/// Settings of an S3 copy (`ferry copy DIR s3://…` or `ferry copy s3://… DIR`).
public struct S3SyncOptions: Sendable {
    /// Requests in flight at once (files and parts), ≥ 1.
    public var streams = 16
    /// Files at least this large are uploaded in parts, bytes (default 16 MiB).
    public var multipartThreshold: Int64 = 16 << 20
    /// Part size, bytes (default 8 MiB; raised so a file has at most 10,000 parts; S3's minimum is 5 MiB).
    public var partSize: Int64 = 8 << 20
    /// Read back what was written: HEAD each uploaded object (size and ETag), SHA-256 each download against its metadata.
    public var verify = false
    /// Decide "unchanged" by SHA-256 (kept in object metadata) instead of size + mtime.
    public var checksum = false
    /// Remove objects (or local files) under the destination that the source does not have.
    public var delete = false
    /// Upload what symlinks point to instead of skipping them.
    public var followSymlinks = false
    /// Report what would change; change nothing.
    public var dryRun = false
    /// Where the sync state lives (SQLite).
    public var manifestPath: String

    /// Creates options with defaults and a manifest path.
    public init(manifestPath: String) { self.manifestPath = manifestPath }
}

/// What an S3 copy did. `files` counts objects (or files) written: 0 on an unchanged re-run.
public struct S3SyncSummary: Sendable {
    /// Objects or files written.
    public var files = 0
    /// Payload bytes written (parts reused from an earlier run not included).
    public var bytes: Int64 = 0
    /// Wall time, seconds.
    public var seconds = 0.0
    /// Unchanged entries skipped.
    public var skipped = 0
    /// Failures (relative path, message).
    public var errors: [(path: String, message: String)] = []
    /// Warnings (symlinks skipped, special files, deletions withheld).
    public var warnings: [String] = []
    /// Keys or paths removed by `--delete`.
    public var deleted: [String] = []
    /// Symlinks skipped (not followed).
    public var symlinksSkipped = 0
    /// Parts uploaded in this run.
    public var partsUploaded = 0
    /// Parts of an interrupted upload found complete at the server (ListParts) and not sent again.
    public var partsResumed = 0
    /// Objects read back and checked (`--verify`).
    public var verified = 0
    /// Requests sent, by S3 operation.
    public var requests: [String: Int] = [:]
    /// Requests repeated after a retryable failure.
    public var retries = 0
    /// Whether nothing was changed (`--dry-run`).
    public var dryRun = false

    /// Bytes per second over the wall time (0 when no time elapsed).
    public var bytesPerSecond: Double { seconds > 0 ? Double(bytes) / seconds : 0 }
}
