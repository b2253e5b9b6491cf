import Foundation

/// Ferry's parallel copy engine: brings a target directory tree in line with a source tree.
///
/// One run: plan (walk, quick-check, create directories, delete extras) on the calling
/// thread; copy with `streams` worker `Thread`s (largest first, big files split into chunks
/// copied concurrently at their offsets); then apply directory modes and times.
///
/// Each file is written to `.ferry-tmp.<random>.<name>` in its target directory, optionally
/// `fsync`ed, given the source's mode and times, and renamed into place, so a final name
/// never holds a partial file. A source whose size or mtime changes during its copy is
/// copied again (up to `attempts`), then reported. With `verify`, the source is hashed
/// (XXH3-128) as read and the target as written back; a mismatch is rewritten, then reported.
///
/// Data moves with `copy_file_range` when the kernel supports it between the two files
/// (falling back to `pread`/`pwrite`, e.g. across filesystems); verification always uses
/// `pread`/`pwrite` because it needs the bytes.
///
/// The manifest (`Manifest`) records each run and each path's outcome; re-runs skip files
/// whose target has the source's size and mtime (or, with `checksum`, the same XXH3-128).
///
/// `run` blocks the calling thread; from async code use `copy(from:to:progress:)`.
public final class CopyEngine: Sendable {
    /// The options for every run of this engine.
    public let options: CopyOptions
    private let system: any SystemCalls

    /// Creates an engine using the real system calls.
    /// - Parameter options: what to do; see `CopyOptions` for defaults.
    public convenience init(options: CopyOptions = CopyOptions()) {
        self.init(options: options, system: PosixSystemCalls())
    }

    /// Creates an engine over a custom syscall seam (tests inject faults this way).
    init(options: CopyOptions, system: any SystemCalls) {
        self.options = options
        self.system = RetryingSystemCalls(base: system)
    }

    /// Where the manifest for `destination` lives with these options.
    public func manifestPath(destination: String) -> String {
        options.manifestPath ?? PathBytes(destination).appending(PathBytes(Manifest.defaultFileName)).description
    }

    /// Copies the contents of `source` into `destination` (created if missing), blocking
    /// the calling thread until done.
    /// - Parameters:
    ///   - source: a directory; its contents (not the directory itself) are copied.
    ///   - destination: the target directory.
    ///   - progress: called about every `options.progressInterval` seconds on the calling
    ///     thread during the copy phase, and once at the end.
    /// - Returns: what happened; per-file failures are in `errors`, not thrown.
    /// - Throws: `CopyError` for a problem that stops the run before any copying: bad
    ///   options, a missing source, an uncreatable destination, an unusable manifest.
    public func run(from source: String, to destination: String,
                    progress: ((CopyProgress) -> Void)? = nil) throws(CopyError) -> CopySummary {
        try run(from: source, to: destination, progress: progress, cancellation: nil)
    }

    /// `run(from:to:progress:)` that stops early once `cancellation` is set (the copy phase's
    /// workers check it between ranges; the summary's `stoppedReason` is then "cancelled").
    func run(from source: String, to destination: String, progress: ((CopyProgress) -> Void)?,
             cancellation: CopyCancellation?) throws(CopyError) -> CopySummary {
        try options.validate()
        let clock = ContinuousClock()
        let started = clock.now
        let sourceRoot = PathBytes(source)
        let targetRoot = PathBytes(destination)

        let rootStatus: FileStatus
        do throws(Errno) {
            // Follow a symlinked root like `cp -a src/ dst` does: stat "src/." instead of lstat "src".
            rootStatus = try system.linkStatus(sourceRoot.appending(PathBytes(".")))
        } catch {
            throw .badSource(path: source, reason: "cannot be read: \(error)")
        }
        guard rootStatus.kind == .directory else { throw .badSource(path: source, reason: "is not a directory") }

        var rootFresh = false
        if !options.dryRun {
            rootFresh = try makeRoot(targetRoot)
        } else {
            rootFresh = (try? system.linkStatus(targetRoot)) == nil
        }

        let manifestFile = manifestPath(destination: destination)
        let manifestInRoot = options.manifestPath == nil ? Manifest.defaultFileName : nil
        var manifest: Manifest?
        var known: [PathBytes: ManifestRecord] = [:]
        var runID: Int64 = 0
        if !options.dryRun {
            let opened = try Manifest(path: manifestFile)
            known = try opened.entries()
            runID = try opened.beginRun(source: source, destination: destination)
            manifest = opened
        }
        // The manifest file appeared in the root after `makeRoot`; it is not data.
        let planner = SyncPlanner(system: system, options: options, sourceRoot: sourceRoot, targetRoot: targetRoot,
                                  manifestName: manifestInRoot, known: known)
        planner.walk(rootStatus: rootStatus, rootFresh: rootFresh)
        var summary = planner.summary
        summary.dryRun = options.dryRun
        try manifest?.record(planner.unchangedRecords, run: runID)
        try manifest?.forget(planner.deletedPaths)

        let jobs = ordered(planner.jobs)
        let bytesTotal = jobs.reduce(Int64(0)) { total, job in
            if case .symlink = job.kind { return total }
            return total + job.size
        }
        if options.dryRun {
            for job in jobs {
                switch job.kind {
                case .symlink: summary.symlinks += 1
                case .file, .compare:
                    summary.files += 1
                    summary.bytes += job.size
                }
            }
            summary.seconds = (clock.now - started).seconds
            return summary
        }

        // Splitting pays only while big files are fewer than the streams: with at least one big
        // file per stream every worker already reads a whole file sequentially, and chunking
        // would scatter reads across cold files (cp -a beat us 1.6× on 4 × 1 GiB that way).
        var planned = options
        let threshold = options.chunkThreshold
        let bigFiles = jobs.lazy.filter { job in
            if case .file = job.kind { return job.size >= threshold }
            return false
        }.count
        if bigFiles >= options.streams { planned.chunkThreshold = .max }
        var tasks: [CopyTask] = []
        tasks.reserveCapacity(jobs.count)
        for job in jobs {
            for chunk in job.plan(planned) { tasks.append(CopyTask(job: job, chunk: chunk)) }
        }
        let queue = WorkQueue(tasks: tasks, jobs: jobs.count, order: planned.order)
        let context = CopyContext(system: system, options: planned, queue: queue,
                                  journal: manifest.map { ResumeJournal(manifest: $0) }, cancellation: cancellation)
        let copyStarted = clock.now
        let workerCount = max(1, min(options.streams, tasks.count))
        let workers = WorkerPool(count: jobs.isEmpty ? 0 : workerCount, context: context)
        func report() {
            guard let progress else { return }
            let (files, bytes) = context.progress.withLock { ($0.files, $0.bytes) }
            progress(CopyProgress(filesDone: files, filesTotal: jobs.count, bytesDone: bytes, bytesTotal: bytesTotal,
                                  elapsedSeconds: (clock.now - copyStarted).seconds))
        }
        var manifestError: CopyError?
        func flush() {
            let batch = context.pendingRecords.withLock { records -> [ManifestRecord] in
                defer { records.removeAll(keepingCapacity: true) }
                return records
            }
            do throws(CopyError) { try manifest?.record(batch, run: runID) } catch {
                if manifestError == nil { manifestError = error }
            }
        }
        while !queue.waitUntilDone(timeout: options.progressInterval) {
            report()
            flush()
        }
        // Workers leave `next` as soon as the last job completes; wait for them to be gone.
        workers.join()
        report()
        flush()

        let results = context.results.withLock { $0 }
        summary.files = results.files
        summary.bytes = results.bytes
        summary.symlinks = results.symlinks
        summary.skipped += results.skipped
        summary.retries = results.retries
        summary.verified = results.verified
        summary.errors += results.errors.sorted { $0.path < $1.path }
        summary.stoppedReason = queue.stopReason
        if let manifestError { summary.errors.append(FileFailure(path: manifestFile, error: manifestError)) }
        if queue.stopReason == nil {
            context.journal?.sweep(keeping: Set(jobs.map(\.relative)), targetRoot: targetRoot, system: system)
        }
        if planner.hardLinks.followers.count > 0 && queue.stopReason == nil {
            let linked = planner.hardLinks.link(system, policy: context.policy, targetRoot: targetRoot, dryRun: false)
            summary.skipped += linked.unchanged
            summary.errors += linked.errors
        }

        try? manifest?.finishRun(runID, summary: summary)
        manifest?.close()
        manifest = nil
        applyDirectoryMetadata(planner.directories, sourceRoot: sourceRoot, targetRoot: targetRoot, summary: &summary)
        summary.seconds = (clock.now - started).seconds
        return summary
    }

    /// Copies without blocking the caller's task: the run happens on a dedicated thread.
    /// Cancelling the task stops the run: workers stop taking work, this run's temporaries
    /// are removed, the manifest records the run as stopped, and this throws
    /// `CancellationError`.
    /// - Parameters: as for `run(from:to:progress:)`; `progress` is called on that thread.
    public func copy(from source: String, to destination: String,
                     progress: (@Sendable (CopyProgress) -> Void)? = nil) async throws -> CopySummary {
        let cancellation = CopyCancellation()
        let summary = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let thread = Thread { [self] in
                    do throws(CopyError) {
                        continuation.resume(returning: try run(from: source, to: destination, progress: progress,
                                                               cancellation: cancellation))
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
                thread.name = "ferry-copy-coordinator"
                thread.start()
            }
        } onCancel: {
            cancellation.cancel()
        }
        if cancellation.isCancelled { throw CancellationError() }
        return summary
    }

    /// Creates the destination root (and missing parents).
    /// - Returns: whether it had to be created.
    private func makeRoot(_ root: PathBytes) throws(CopyError) -> Bool {
        if let existing = try? system.linkStatus(root.appending(PathBytes("."))) {
            guard existing.kind == .directory else {
                throw .system(operation: "use destination", path: root.description, errno: .notDirectory)
            }
            return false
        }
        var missing: [PathBytes] = []
        var cursor = root
        while !cursor.isEmpty, cursor.bytes != [UInt8(ascii: "/")], (try? system.linkStatus(cursor)) == nil {
            missing.append(cursor)
            cursor = cursor.parent
        }
        for path in missing.reversed() {
            do throws(Errno) { try system.makeDirectory(path, permissions: 0o755) } catch where error == .exists {
            } catch {
                throw .system(operation: "create destination", path: path.description, errno: error)
            }
        }
        return true
    }

    /// The jobs in hand-out order: `.largestFirst` descending by size, `.mixed` ascending
    /// (the queue takes from both ends), `.walk` unchanged.
    private func ordered(_ jobs: [FileJob]) -> [FileJob] {
        switch options.order {
        case .walk: return jobs
        case .largestFirst:
            return jobs.map { ($0.size, $0) }.sorted { $0.0 > $1.0 }.map(\.1)
        case .mixed:
            return jobs.map { ($0.size, $0) }.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// Applies each directory's mode and times, deepest first (writing children changes a
    /// directory's mtime, so this runs after all files and after the manifest is closed).
    private func applyDirectoryMetadata(_ directories: [SyncPlanner.Directory], sourceRoot: PathBytes,
                                        targetRoot: PathBytes, summary: inout CopySummary) {
        let policy = MetadataPolicy(options: options)
        for directory in directories.reversed() {
            let path = directory.relative.isEmpty ? targetRoot : targetRoot.appending(directory.relative)
            let name = directory.relative.isEmpty ? "." : directory.relative.description
            do throws(Errno) {
                let current = try system.linkStatus(path)
                // Owner, xattrs and ACLs (copy-fidelity); a default ACL set only now is not
                // inherited by the files just copied into the directory.
                do throws(MetadataFailure) {
                    let source = directory.relative.isEmpty ? sourceRoot : sourceRoot.appending(directory.relative)
                    try policy.applyOwnerAndAttributes(system, source: source, target: path, status: directory.status,
                                                       existing: current)
                } catch {
                    summary.errors.append(FileFailure(path: name, error: .system(operation: error.operation, path: name,
                                                                                  errno: error.errno)))
                }
                if current.permissions != directory.status.permissions {
                    try system.setPermissions(path: path, directory.status.permissions)
                }
                if current.modified != directory.status.modified {
                    try system.setTimes(path: path, accessed: directory.status.accessed, modified: directory.status.modified)
                }
            } catch where error == .noEntry {
                // Not created (its creation error is already reported).
            } catch {
                summary.errors.append(FileFailure(path: name, error: .system(operation: "set directory metadata of",
                                                                              path: name, errno: error)))
            }
        }
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
