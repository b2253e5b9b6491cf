import Foundation

/// In which order files are handed to the workers.
public enum CopyOrder: String, Sendable, CaseIterable {
    /// Largest first (longest-processing-time first): big files start early and, split into
    /// chunks, cannot be the straggler that finishes alone at the end. The default.
    case largestFirst
    /// rclone's `--order-by size,mixed`: a quarter of the workers take the largest remaining
    /// file, the rest the smallest, so small-file throughput and big-file progress overlap.
    case mixed
    /// Directory walk order (for comparison in benchmarks).
    case walk
}

/// What `CopyEngine` does and how; every field has a documented default.
public struct CopyOptions: Sendable {
    /// Worker threads copying in parallel (`--streams`). Default: 2 × the CPU count, 2…32.
    public var streams: Int
    /// Hash source-as-read and target-after-write with XXH3-128 and compare (`--verify`).
    /// Default `false`: verification needs the data in user space, which rules out
    /// `copy_file_range`; the default relies on the kernel's copy plus size/mtime checks.
    public var verify: Bool
    /// Decide "unchanged" by comparing XXH3-128 of source and target instead of size + mtime
    /// (`--checksum`). Default `false`.
    public var checksum: Bool
    /// Remove target entries that are absent from the source (`--delete`). Default `false`.
    public var delete: Bool
    /// Upper bound on the total copy rate in bytes per second (`--bwlimit`); `nil` = unlimited.
    public var bandwidthLimit: Double?
    /// Walk and decide, but change nothing (`--dry-run`). Default `false`.
    public var dryRun: Bool
    /// `fsync` each file before renaming it into place (`--fsync`). Default `false`.
    public var fsync: Bool
    /// Files at least this large, in bytes, are split into chunks copied concurrently.
    /// Default 256 MiB (rclone's `--multi-thread-cutoff`).
    public var chunkThreshold: Int64
    /// Chunk size in bytes for split files. Default 64 MiB (rclone's `--multi-thread-chunk-size`).
    public var chunkSize: Int64
    /// Order of work. Default `.largestFirst`.
    public var order: CopyOrder
    /// Attempts per file when the source changes during the copy or verification fails,
    /// including the first. Default 3.
    public var attempts: Int
    /// Size in bytes of each worker's read/write buffer. Default 1 MiB.
    public var bufferSize: Int
    /// Where the manifest lives; `nil` = `<stateDirectory>/manifests/<hash of the canonical
    /// (source, destination) pair>.sqlite` (see `ManifestLocation`). Must lie outside both trees.
    public var manifestPath: String?
    /// Ferry's state directory for default manifests; `nil` = `$XDG_STATE_HOME/ferry`, else
    /// `~/.local/state/ferry`.
    public var stateDirectory: String?
    /// Whether copies are asked to get the source's numeric owner and group
    /// (`preserveOwner && preserveGroup`). Per entry, `MetadataPolicy` also needs the right
    /// to `chown` (root) before it keeps setuid/setgid (`PermissionPolicy`).
    public var preserveOwnership: Bool { preserveOwner && preserveGroup }
    /// mtimes within this many seconds count as equal in the quick check (rsync's
    /// `--modify-window`); `nil` = detect: the coarser of the two filesystems' timestamp
    /// granularity (e.g. 2 s on FAT), 0 on nanosecond filesystems.
    public var modifyWindow: Double?
    /// How often, in seconds, the progress callback runs. Default 0.5 s.
    public var progressInterval: Double

    // Fidelity, like `rsync -aHAX --numeric-ids` when the process has the rights; each has an
    // rsync-style opt-out flag (`--no-owner`, `--no-group`, …).
    /// Keep the numeric owner (needs root; ignored otherwise, like rsync). Default `true`.
    public var preserveOwner = true
    /// Keep the numeric group (root: any; others: groups they belong to). Default `true`.
    public var preserveGroup = true
    /// Keep extended attributes: `user.*`, and as root `trusted.*` and `security.*`. Default `true`.
    public var preserveXattrs = true
    /// Keep POSIX ACLs (`system.posix_acl_access`/`_default`). Default `true`.
    public var preserveACLs = true
    /// Recreate hard links among the copied files as hard links. Default `true`.
    public var preserveHardLinks = true
    /// Keep holes in sparse files (copy only the data found by `SEEK_DATA`/`SEEK_HOLE`). Default `true`.
    public var preserveSparse = true
    /// Recreate FIFOs, sockets and device nodes with `mknod`. Default `true`; with `false`
    /// they are reported as not copied (exit 2), never silently skipped.
    public var preserveSpecials = true
    /// Files at least this large, in bytes, record each `chunkSize` range as it completes, so
    /// a killed run resumes inside them. Default 256 MiB.
    public var resumeThreshold: Int64 = 256 << 20

    /// The default worker count for this machine: 2 × active CPUs, clamped to 2…32.
    public static var defaultStreams: Int {
        min(32, max(2, ProcessInfo.processInfo.activeProcessorCount * 2))
    }

    /// Options with every default as documented on the fields.
    public init(streams: Int = CopyOptions.defaultStreams, verify: Bool = false, checksum: Bool = false,
                delete: Bool = false, bandwidthLimit: Double? = nil, dryRun: Bool = false, fsync: Bool = false,
                chunkThreshold: Int64 = 256 << 20, chunkSize: Int64 = 64 << 20, order: CopyOrder = .largestFirst,
                attempts: Int = 3, bufferSize: Int = 1 << 20, manifestPath: String? = nil,
                progressInterval: Double = 0.5) {
        self.streams = streams
        self.verify = verify
        self.checksum = checksum
        self.delete = delete
        self.bandwidthLimit = bandwidthLimit
        self.dryRun = dryRun
        self.fsync = fsync
        self.chunkThreshold = chunkThreshold
        self.chunkSize = chunkSize
        self.order = order
        self.attempts = attempts
        self.bufferSize = bufferSize
        self.manifestPath = manifestPath
        self.progressInterval = progressInterval
    }

    /// The permission bits a copy of a source with `source` bits gets (setuid/setgid only
    /// with ownership; see `PermissionPolicy`).
    public func targetPermissions(_ source: UInt32) -> UInt32 {
        PermissionPolicy.targetPermissions(source, ownershipKept: preserveOwnership)
    }

    /// The largest chunk size and threshold accepted, bytes (1 PiB: far above any file the
    /// engine splits, far below `Int64.max`, so offsets never overflow).
    public static let maxChunkBytes: Int64 = 1 << 50

    /// Checks ranges.
    /// - Throws: `CopyError.invalidOption` naming the field and its value.
    public func validate() throws(CopyError) {
        if streams < 1 || streams > 1024 { throw .invalidOption(name: "streams", value: "\(streams)", requirement: "1…1024") }
        if chunkSize < 4096 { throw .invalidOption(name: "chunk size", value: "\(chunkSize) B", requirement: "at least 4096 B") }
        if chunkSize > Self.maxChunkBytes {
            throw .invalidOption(name: "chunk size", value: "\(chunkSize) B", requirement: "at most 1 PiB")
        }
        if chunkThreshold > Self.maxChunkBytes {
            throw .invalidOption(name: "chunk threshold", value: "\(chunkThreshold) B", requirement: "at most 1 PiB")
        }
        if let window = modifyWindow, !(window >= 0 && window <= 86_400) {
            throw .invalidOption(name: "modify window", value: "\(window) s", requirement: "0…86400 s")
        }
        if !(progressInterval > 0 && progressInterval <= 86_400) {
            throw .invalidOption(name: "progress interval", value: "\(progressInterval) s", requirement: "0…86400 s, above 0")
        }
        if chunkThreshold < 1 { throw .invalidOption(name: "chunk threshold", value: "\(chunkThreshold) B", requirement: "at least 1 B") }
        if attempts < 1 { throw .invalidOption(name: "attempts", value: "\(attempts)", requirement: "at least 1") }
        if bufferSize < 4096 || bufferSize > 1 << 30 { throw .invalidOption(name: "buffer size", value: "\(bufferSize) B", requirement: "4096 B…1 GiB") }
        if let rate = bandwidthLimit, !(rate > 0) || !rate.isFinite {
            throw .invalidOption(name: "bwlimit", value: "\(rate) B/s", requirement: "a positive finite rate")
        }
    }
}
