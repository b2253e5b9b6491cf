/// One file that could not be copied, and why.
public struct FileFailure: Sendable, Hashable {
    /// The path relative to the source root.
    public var path: String
    /// The error, with its errno where there is one.
    public var error: CopyError

    /// Creates a failure record.
    public init(path: String, error: CopyError) {
        self.path = path
        self.error = error
    }
}

/// What a copy run did.
public struct CopySummary: Sendable {
    /// Regular files copied (or, in a dry run, that would be copied).
    public var files: Int = 0
    /// Bytes of file content copied (or that would be).
    public var bytes: Int64 = 0
    /// Wall-clock seconds from start to end of the run.
    public var seconds: Double = 0
    /// Regular files and symlinks left alone because the target already matched.
    public var skipped: Int = 0
    /// Directories created.
    public var directoriesCreated: Int = 0
    /// Symlinks created or replaced.
    public var symlinks: Int = 0
    /// Target entries removed by `delete` (relative paths; would-be removals in a dry run).
    public var deleted: [String] = []
    /// Leftover temporary files from an interrupted run that were removed.
    public var staleTemporariesRemoved: Int = 0
    /// Files copied again because the source changed during the copy or verification failed.
    public var retries: Int = 0
    /// Files whose content was verified with XXH3-128.
    public var verified: Int = 0
    /// Per-file failures; non-empty means the CLI exits 2.
    public var errors: [FileFailure] = []
    /// Non-fatal notes: special files skipped, files that vanished during the walk.
    public var warnings: [String] = []
    /// Why new work stopped early (e.g. ENOSPC), `nil` when the run went to the end.
    public var stoppedReason: String?
    /// Whether this was a dry run.
    public var dryRun = false
    /// In a dry run, every change it would make, in walk order (deletions last).
    public var plannedActions: [PlannedAction] = []
    /// Target entries `delete` would have removed but did not, because some source entries
    /// could not be read (0 when deletion ran or was not asked for).
    public var deletionSkipped = 0
    /// The signal that stopped the run (SIGINT 2, SIGTERM 15), `nil` when none did.
    public var stopSignal: Int32?
    /// Files left uncopied because a signal stopped the run — queued, or in flight and
    /// abandoned with their temporaries removed (not listed in `errors`).
    public var unfinished = 0
    /// The mtime tolerance used by the quick check, seconds (0 = exact to the nanosecond).
    public var modifyWindowSeconds: Double = 0

    /// Throughput in bytes per second (`bytes / seconds`, 0 for an instant run).
    public var bytesPerSecond: Double { seconds > 0 ? Double(bytes) / seconds : 0 }

    /// Creates an empty summary.
    public init() {}
}
