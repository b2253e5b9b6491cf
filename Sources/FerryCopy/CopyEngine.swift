import Foundation

/// Ferry's parallel copy engine: brings a target directory tree in line with a source tree.
///
/// One run: the walk (quick check, create directories, delete extras) runs on the calling
/// thread and streams each file to copy into a bounded work queue, while `streams` worker
/// threads copy from it — memory holds a window of jobs, not the tree; files of at least
/// `chunkThreshold` bytes are queued after the walk (largest first; split into chunks copied
/// concurrently at their offsets while they are fewer than the streams); then directory
/// modes and times are applied.
///
/// Each file is written to `.ferry-tmp.<run token>.<random>.<name>` in its target directory, optionally
/// `fsync`ed, given the source's mode and times, and renamed into place, so a final name
/// never holds a partial file. A source whose size or mtime changes during its copy is
/// copied again (up to `attempts`), then reported. With `verify`, the source is hashed
/// (XXH3-128) as read and the target as written back; a mismatch is rewritten, then reported.
///
/// Data moves with `copy_file_range` when the kernel supports it between the two files
/// (falling back to `pread`/`pwrite`, e.g. across filesystems); verification always uses
/// `pread`/`pwrite` because it needs the bytes.
///
/// The manifest (`Manifest`) records each run and each path's outcome; it lives outside the
/// data (`ManifestLocation`). Re-runs skip files whose target has the source's size and
/// mtime within the modify window (or, with `checksum`, the same XXH3-128). One run per
/// destination at a time (`DestinationLock`); dangerous pairs are refused (`CopyPaths`).
///
/// `run` blocks the calling thread; from async code use `copy(from:to:progress:)`.
public final class CopyEngine: Sendable {
    /// The options for every run of this engine.
    public let options: CopyOptions
    private let system: any SystemCalls
    private let stop = StopState()
    private let hook: BlockingTestHook?
    /// Chunk tasks that may wait in the work queue before the walk blocks (memory bound).
    let queueCapacity: Int
    /// Hard-link names or pending deletions held in memory before they move to SQLite.
    let scratchSpillAfter: Int

    /// Creates an engine using the real system calls.
    /// - Parameter options: what to do; see `CopyOptions` for defaults.
    public convenience init(options: CopyOptions = CopyOptions()) {
        self.init(options: options, system: PosixSystemCalls(), environment: ProcessInfo.processInfo.environment)
    }

    /// Creates an engine over a custom syscall seam (tests inject faults this way).
    /// - Parameters:
    ///   - environment: enables `BlockingTestHook` when it sets its variable.
    ///   - queueCapacity: chunk tasks that may wait in the work queue before the walk blocks.
    ///   - scratchSpillAfter: hard-link names or pending deletions held in memory before
    ///     they move to SQLite (`RunScratch`).
    init(options: CopyOptions, system: any SystemCalls, environment: [String: String] = [:],
         queueCapacity: Int = 2_048, scratchSpillAfter: Int = 16_384) {
        self.options = options
        self.queueCapacity = queueCapacity
        self.scratchSpillAfter = scratchSpillAfter
        var seam = RetryingSystemCalls(base: system)
        hook = BlockingTestHook(environment: environment, stop: stop)
        if let hook { seam.beforeTargetWrite = hook.beforeTargetWrite }
        self.system = seam
    }

    /// Asks the current (or next) run to stop: no new work is taken, files in flight are
    /// abandoned and their temporaries removed, the manifest is left consistent, and `run`
    /// returns the summary with `stoppedReason` and `stopSignal` set. Safe from any thread.
    /// - Parameters:
    ///   - reason: for the summary, e.g. `"interrupted by SIGINT"`.
    ///   - signal: the signal number behind the request, if any.
    public func requestStop(reason: String, signal: Int32? = nil) {
        stop.request(reason: reason, signal: signal)
    }

    /// Where the manifest for this pair lives with these options: `options.manifestPath`,
    /// else the state directory's file for the canonical pair.
    /// - Throws: `CopyError` when the pair is unsafe or the source is missing.
    public func manifestPath(source: String, destination: String) throws(CopyError) -> String {
        let paths = try CopyPaths.resolve(source: source, destination: destination, delete: options.delete,
                                          manifest: options.manifestPath)
        return manifestPath(for: paths)
    }

    private func manifestPath(for paths: CopyPaths) -> String {
        options.manifestPath ?? ManifestLocation.defaultPath(
            for: paths, stateDirectory: options.stateDirectory ?? ManifestLocation.stateDirectory())
    }

    /// Copies the contents of `source` into `destination` (created if missing), blocking
    /// the calling thread until done.
    /// - Parameters:
    ///   - source: a directory; its contents (not the directory itself) are copied.
    ///   - destination: the target directory (not inside-out with the source; see `CopyPaths`).
    ///   - progress: called about every `options.progressInterval` seconds on the calling
    ///     thread, from the start of the walk, and once at the end.
    /// - Returns: what happened; per-file failures are in `errors`, not thrown.
    /// - Throws: `CopyError` for a problem that stops the run before any copying: bad
    ///   options, an unsafe pair, a missing source, an unusable destination, a destination
    ///   locked by another run, an unusable manifest.
    public func run(from source: String, to destination: String,
                    progress: ((CopyProgress) -> Void)? = nil) throws(CopyError) -> CopySummary {
        try options.validate()
        let clock = ContinuousClock()
        let started = clock.now
        let paths = try CopyPaths.resolve(source: source, destination: destination, delete: options.delete,
                                          manifest: options.manifestPath)
        let sourceRoot = PathBytes(paths.source)
        let targetRoot = PathBytes(paths.destination)

        let rootStatus: FileStatus
        do throws(Errno) {
            rootStatus = try system.linkStatus(sourceRoot)
        } catch {
            throw .badSource(path: source, reason: "cannot be read: \(error)")
        }
        guard rootStatus.kind == .directory else { throw .badSource(path: source, reason: "is not a directory") }

        var rootFresh = false
        var lock: DestinationLock?
        if !options.dryRun {
            rootFresh = try makeRoot(targetRoot)
            lock = try DestinationLock(directory: paths.destination)
        } else {
            rootFresh = (try? system.linkStatus(targetRoot)) == nil
        }
        defer { withExtendedLifetime(lock) {} }

        let manifestFile = manifestPath(for: paths)
        var manifest: Manifest?
        var prefixes: [String] = []
        var runID: Int64 = 0
        if !options.dryRun {
            try makeManifestDirectory(manifestFile)
            let opened = try Manifest(path: manifestFile)
            prefixes = try opened.temporaryPrefixes()
            runID = try opened.beginRun(source: paths.source, destination: paths.destination,
                                        temporaryPrefix: TemporaryName.prefix)
            manifest = opened
        } else if FileManager.default.fileExists(atPath: manifestFile) {
            let opened = try Manifest(path: manifestFile, readOnly: true)
            prefixes = try opened.temporaryPrefixes()
            opened.close()
        }

        var excluded: (device: UInt64, inode: UInt64)?
        if paths.destinationInsideSource, let target = try? system.linkStatus(targetRoot) {
            excluded = (target.device, target.inode)
        }
        let window = modifyWindow(sourceRoot: sourceRoot, targetRoot: targetRoot)
        // The previous run's rows are read per directory, never loaded whole (a lookup error
        // only means unchanged rows are rewritten).
        let lookup: (([PathBytes]) -> [ManifestFingerprint?])? = manifest.map { manifest in
            { paths in (try? manifest.fingerprints(of: paths)) ?? [] }
        }
        let planner = SyncPlanner(system: system, options: options, sourceRoot: sourceRoot, targetRoot: targetRoot,
                                  lookup: lookup, temporaryPrefixes: prefixes.map { Array($0.utf8) },
                                  modifyWindowNanoseconds: window, excluded: excluded, stop: stop,
                                  scratch: RunScratch(queue: manifest?.queue, spillAfter: scratchSpillAfter))
        if let manifest { planner.resumableTemporaries = ResumeJournal(manifest: manifest).temporaries() }

        // The workers start before the walk: it streams jobs into a bounded queue (it blocks
        // while the queue is full), so memory holds a window of jobs, not the tree.
        let queue = WorkQueue(capacity: queueCapacity, order: options.order)
        stop.attach(queue)
        let context = CopyContext(system: system, options: options, queue: queue,
                                  journal: manifest.map { ResumeJournal(manifest: $0) })
        let copyStarted = clock.now
        // Each worker is built on its own thread; `join` waits for them (copy-fidelity).
        let workers = WorkerPool(count: options.dryRun ? 0 : max(1, options.streams), context: context)

        var found = (files: 0, bytes: Int64(0))
        var manifestError: CopyError?
        var eta = EtaModel()
        var walking = true
        func report() {
            guard let progress else { return }
            let (files, bytes) = context.progress.withLock { ($0.files, $0.bytes) }
            let elapsed = (clock.now - copyStarted).seconds
            eta.add(seconds: elapsed, files: files, bytes: bytes)
            // While walking the totals still grow: no ETA yet.
            let left = walking ? nil : eta.secondsLeft(filesLeft: found.files - files, bytesLeft: found.bytes - bytes)
            progress(CopyProgress(filesDone: files, filesTotal: found.files, bytesDone: bytes, bytesTotal: found.bytes,
                                  elapsedSeconds: elapsed, runSeconds: (clock.now - started).seconds,
                                  walking: walking, etaSeconds: left))
        }
        func record(_ batch: [ManifestRecord]) {
            do throws(CopyError) { try manifest?.record(batch, run: runID) } catch {
                if manifestError == nil { manifestError = error }
            }
        }
        func flush() {
            let batch = context.pendingRecords.withLock { records -> [ManifestRecord] in
                defer { records.removeAll(keepingCapacity: true) }
                return records
            }
            record(batch)
        }
        var lastTick: ContinuousClock.Instant?
        // During the walk (after each directory, and while it waits for room in the queue):
        // progress every interval, and the workers' manifest rows in batches.
        func tick() {
            if context.pendingRecords.withLock({ $0.count }) >= 4_096 { flush() }
            // The first call reports at once: progress is visible from the start of the walk.
            if let last = lastTick, (clock.now - last).seconds < options.progressInterval { return }
            lastTick = clock.now
            report()
            flush()
        }
        planner.afterDirectory = { _ in tick() }
        planner.recordUnchanged = { record($0) }
        planner.forgetDeleted = { paths in
            do throws(CopyError) { try manifest?.forget(paths) } catch {
                if manifestError == nil { manifestError = error }
            }
        }

        var dry = CopySummary()
        var dryHasher: (XXH3Hasher, IOBuffer)?
        // Files at least `chunkThreshold` long wait for the end of the walk (few: each is big),
        // so whether to split them can be decided over all of them.
        var bigJobs: [FileJob] = []
        // Large files planned now, whose partial copies the journal keeps (bounded like `bigJobs`).
        var resumable = Set<PathBytes>()
        let interval = options.progressInterval
        planner.emit = { [options] job in
            let isSymlink: Bool
            if case .symlink = job.kind { isSymlink = true } else { isSymlink = false }
            found.files += 1
            if !isSymlink { found.bytes += job.size }
            if options.dryRun {
                self.dryRunTotal(job, summary: &dry, hasher: &dryHasher)
                return
            }
            if !isSymlink && job.size >= options.resumeThreshold { resumable.insert(job.relative) }
            if case .file = job.kind, job.size >= options.chunkThreshold {
                bigJobs.append(job)
                return
            }
            queue.add(job.plan(options).map { CopyTask(job: job, chunk: $0) }, interval: interval, whileBlocked: tick)
        }
        planner.walk(rootStatus: rootStatus, rootFresh: rootFresh)
        planner.afterDirectory = nil
        planner.emit = { _ in }
        planner.recordUnchanged = { _ in }
        planner.forgetDeleted = { _ in }
        hook?.walkFinished()
        var summary = planner.summary
        summary.dryRun = options.dryRun
        summary.modifyWindowSeconds = Double(window) / 1e9

        if options.dryRun {
            queue.finishAdding()
            summary.files += dry.files
            summary.bytes += dry.bytes
            summary.symlinks += dry.symlinks
            summary.skipped += dry.skipped
            summary.errors += dry.errors
            summary.plannedActions += dry.plannedActions
            // Deletions were planned last by the walk; keep them last after the checksum updates.
            let deleted = Set(summary.deleted)
            let deletions = summary.plannedActions.filter { $0.kind == .delete && deleted.contains($0.path) }
            summary.plannedActions.removeAll { $0.kind == .delete && deleted.contains($0.path) }
            summary.plannedActions += deletions
            summary.seconds = (clock.now - started).seconds
            return summary
        }

        // Splitting pays only while big files are fewer than the streams: with at least one big
        // file per stream every worker already reads a whole file sequentially, and chunking
        // would scatter reads across cold files (cp -a beat us 1.6× on 4 × 1 GiB that way).
        var planned = options
        if bigJobs.count >= options.streams { planned.chunkThreshold = .max }
        for job in ordered(bigJobs) {
            queue.add(job.plan(planned).map { CopyTask(job: job, chunk: $0) }, interval: interval, whileBlocked: tick)
        }
        bigJobs = []
        queue.finishAdding()
        walking = false

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
        var errors = results.errors
        if let (reason, signal) = stop.requested {
            summary.stoppedReason = reason
            summary.stopSignal = signal
            let before = errors.count
            errors.removeAll { failure in
                switch failure.error {
                case .notStarted, .interrupted: return true
                default: return false
                }
            }
            summary.unfinished = before - errors.count
        } else {
            summary.stoppedReason = queue.stopReason
        }
        summary.errors += errors.sorted { $0.path < $1.path }
        if let manifestError { summary.errors.append(FileFailure(path: manifestFile, error: manifestError)) }
        // Copy fidelity: orphaned partial copies go; further names of hard-linked files are linked.
        if summary.stoppedReason == nil {
            context.journal?.sweep(keeping: resumable, targetRoot: targetRoot, system: system)
            if planner.hardLinks.followerCount > 0 {
                let linked = planner.hardLinks.link(system, policy: context.policy, targetRoot: targetRoot, dryRun: false)
                summary.skipped += linked.unchanged
                summary.errors += linked.errors
            }
        }

        try? manifest?.finishRun(runID, summary: summary)
        manifest?.close()
        manifest = nil
        applyDirectoryMetadata(planner.directories, sourceRoot: sourceRoot, targetRoot: targetRoot, summary: &summary)
        summary.seconds = (clock.now - started).seconds
        return summary
    }

    /// Creates the manifest's directory (mode 0700: the manifest names every path copied).
    private func makeManifestDirectory(_ file: String) throws(CopyError) {
        let directory = (file as NSString).deletingLastPathComponent
        guard !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) else { return }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .manifest(path: file, message: "cannot create its directory: \(error.localizedDescription.lowercased())")
        }
    }

    /// Adds one job to a dry run's totals: files and bytes that would be copied. With
    /// `checksum`, the comparison really hashes both sides (on this thread), so only
    /// differing files count.
    private func dryRunTotal(_ job: FileJob, summary: inout CopySummary, hasher: inout (XXH3Hasher, IOBuffer)?) {
        switch job.kind {
        case .symlink: summary.symlinks += 1
        case .file:
            summary.files += 1
            summary.bytes += job.size
        case .compare:
            if hasher == nil { hasher = (XXH3Hasher(), IOBuffer(capacity: options.bufferSize)) }
            let (h, buffer) = hasher!
            do throws(Errno) {
                let same = try hashFile(job.source, h, buffer) == hashFile(job.target, h, buffer)
                if same {
                    summary.skipped += 1
                    return
                }
            } catch {
                summary.errors.append(FileFailure(path: job.relative.description,
                                                  error: .system(operation: "hash", path: job.relative.description,
                                                                 errno: error)))
                return
            }
            summary.files += 1
            summary.bytes += job.size
            summary.plannedActions.append(PlannedAction(kind: .update, path: job.relative.description, bytes: job.size))
        }
    }

    private func hashFile(_ path: PathBytes, _ hasher: XXH3Hasher, _ buffer: IOBuffer) throws(Errno) -> ContentHash {
        let fd = try system.openForReading(path)
        defer { system.close(fd) }
        hasher.reset()
        var position: Int64 = 0
        while true {
            let n = try system.read(fd, into: buffer, count: buffer.capacity, at: position)
            if n == 0 { break }
            hasher.update(buffer, count: n)
            position += Int64(n)
        }
        return hasher.digest()
    }

    /// The quick check's mtime tolerance in nanoseconds: `options.modifyWindow` when set,
    /// else the coarser side's granularity minus 1 ns (`TimestampGranularity`): 0 between
    /// nanosecond filesystems, 1.999999999 s onto FAT.
    private func modifyWindow(sourceRoot: PathBytes, targetRoot: PathBytes) -> Int64 {
        if let window = options.modifyWindow { return Int64((window * 1e9).rounded()) }
        let source = TimestampGranularity.byFileSystemType(sourceRoot.description)
        let target: Int64
        if options.dryRun {
            target = TimestampGranularity.byFileSystemType(targetRoot.description)
        } else {
            target = TimestampGranularity.probe(system, directory: targetRoot)
                ?? TimestampGranularity.byFileSystemType(targetRoot.description)
        }
        return max(source, target) - 1
    }

    /// Copies without blocking the caller's task: the run happens on a dedicated thread.
    /// Cancelling the task stops the run like `requestStop` (no new work, this run's
    /// temporaries removed, the manifest consistent), then this throws `CancellationError`.
    /// - Parameters: as for `run(from:to:progress:)`; `progress` is called on that thread.
    public func copy(from source: String, to destination: String,
                     progress: (@Sendable (CopyProgress) -> Void)? = nil) async throws -> CopySummary {
        let cancelled = Locked(false)
        let summary = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let thread = Thread { [self] in
                    do throws(CopyError) {
                        continuation.resume(returning: try run(from: source, to: destination, progress: progress))
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
                thread.name = "ferry-copy-coordinator"
                thread.start()
            }
        } onCancel: {
            cancelled.withLock { $0 = true }
            requestStop(reason: "cancelled")
        }
        if cancelled.withLock({ $0 }) { throw CancellationError() }
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
                let permissions = policy.permissions(for: directory.status)
                if current.permissions != permissions {
                    try system.setPermissions(path: path, permissions)
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
