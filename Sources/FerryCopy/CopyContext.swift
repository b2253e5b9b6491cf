/// Counters the workers add to; folded into the `CopySummary` at the end.
struct WorkerResults: Sendable {
    var files = 0
    var bytes: Int64 = 0
    var symlinks = 0
    var skipped = 0
    var retries = 0
    var verified = 0
    var errors: [FileFailure] = []
}

/// State shared by the coordinator and all workers of one run.
final class CopyContext: Sendable {
    /// The seam (already wrapped to retry EINTR).
    let system: any SystemCalls
    /// The run's options.
    let options: CopyOptions
    /// The task queue.
    let queue: WorkQueue
    /// The shared rate limiter, when `--bwlimit` is set.
    let limiter: BandwidthLimiter?
    /// Which metadata is carried over (owner, group, xattrs, ACLs) for this process.
    let policy: MetadataPolicy
    /// Where completed ranges of large files are recorded for resume; `nil` in a dry run.
    let journal: ResumeJournal?
    /// Set once `copy_file_range` reported ENOSYS/EXDEV/EOPNOTSUPP: use read/write from then on.
    let copyRangeDisabled = Locked(false)
    /// Totals and failures.
    let results = Locked(WorkerResults())
    /// Manifest rows not yet written (the coordinator flushes them in batches).
    let pendingRecords = Locked([ManifestRecord]())
    /// Progress counters: files finished, bytes moved.
    let progress = Locked((files: 0, bytes: Int64(0)))

    init(system: any SystemCalls, options: CopyOptions, queue: WorkQueue, journal: ResumeJournal? = nil) {
        self.system = system
        self.options = options
        self.queue = queue
        self.journal = journal
        policy = MetadataPolicy(options: options)
        limiter = options.bandwidthLimit.map { BandwidthLimiter(bytesPerSecond: $0) }
    }
}
