import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Walks the source tree, compares it with the target, and decides what to do.
///
/// Runs on the coordinator thread while the workers copy: each file or symlink to bring
/// over is handed to `emit` as soon as its directory has been compared (the engine puts it
/// in the bounded work queue, which blocks the walk while the workers are behind), so memory
/// holds one directory's listing and a window of jobs, not the tree. For each source directory it lists
/// the matching target directory once (unless the planner just created it, so it is known
/// empty): temporaries an earlier run of this engine left (names starting with a prefix the
/// manifest recorded) are removed, and entries present on both sides get the quick check
/// (size, and mtime within the modify window) or, with `checksum`, a content comparison job.
/// Directories are created here, parents first; their modes and times are applied last.
///
/// Safety rules (each one a way the engine used to lose data):
/// - Deletion (`delete`) runs after the whole walk, and not at all when any source entry
///   could not be read (a non-ENOENT `lstat`, `readdir` or `readlink` error): an unreadable
///   entry must not look "gone from the source" (rsync: "IO error encountered -- skipping
///   file deletion").
/// - Without `delete`, a non-empty target directory is never removed to make way for a
///   source file or symlink of the same name: that is a per-entry conflict error.
/// - Every source entry is copied whatever its name; only exact temporaries are cleaned up.
/// - When the destination lies inside the source, the walk skips the destination directory.
final class SyncPlanner {
    private let system: any SystemCalls
    private let options: CopyOptions
    private let sourceRoot: PathBytes
    private let targetRoot: PathBytes
    /// Looks up the manifest's rows for paths (one batch per directory); `nil` = no manifest.
    private let lookup: ((PathBytes, [PathBytes]) -> [ManifestFingerprint?])?
    private let temporaryPrefixes: [[UInt8]]
    private let modifyWindow: Int64
    private let excluded: (device: UInt64, inode: UInt64)?
    private let stop: StopState?

    /// Receives each regular file, symlink and checksum comparison to run, in walk order.
    var emit: (FileJob) -> Void = { _ in }
    /// Receives batches of rows for files found unchanged that the manifest did not know in
    /// that state (at most `recordBatch` rows at a time).
    var recordUnchanged: ([ManifestRecord]) -> Void = { _ in }
    /// Rows per `recordUnchanged` batch (one SQLite transaction each).
    var recordBatch = 1_000
    /// Jobs emitted so far.
    private(set) var jobsEmitted = 0
    /// Directories in walk order (parents before children), root first, kept in `scratch`
    /// (their mode and times are applied after the copy).
    var directories: RunScratch { scratch }
    /// Skips, deletions, warnings and walk errors so far.
    private(set) var summary = CopySummary()
    /// Rows for files found unchanged, not yet handed to `recordUnchanged`.
    private var unchangedRecords: [ManifestRecord] = []
    /// This directory's files found unchanged, looked up in the manifest in one batch.
    private var unchangedCandidates: [(PathBytes, FileStatus)] = []
    /// Receives batches of paths removed by `delete` (their manifest rows go).
    var forgetDeleted: ([PathBytes]) -> Void = { _ in }
    private var deletedPaths: [PathBytes] = []
    /// Hard-link groups (copy-fidelity hook): further names of an inode are linked after the copy.
    let hardLinks: HardLinkIndex
    /// Where hard links and pending deletions are kept (spilled to SQLite past a bound).
    private let scratch: RunScratch
    /// Partial copies a killed run left for resume (copy-fidelity hook): absolute target
    /// paths that are neither data nor to be deleted.
    var resumableTemporaries: Set<PathBytes> = []
    private let policy: MetadataPolicy
    /// Whether any source entry could not be read (deletion is then skipped).
    private(set) var sourceReadErrors = 0
    /// Running totals for progress during the walk: entries seen, bytes of files to copy.
    private(set) var walked = (entries: 0, bytes: Int64(0))
    /// Called after each directory is visited (the engine reports walk progress from it).
    var afterDirectory: ((SyncPlanner) -> Void)?

    /// Creates a planner.
    /// - Parameters:
    ///   - lookup: the manifest's rows' fingerprints for a batch of paths, all children of
    ///     the directory given first (to avoid
    ///     rewriting unchanged ones); `nil` when there is no manifest (dry runs).
    ///   - temporaryPrefixes: `.ferry-tmp.<token>.` prefixes of earlier runs (from the manifest).
    ///   - modifyWindowNanoseconds: mtimes this close (|Δ| ≤ window, ns) count as equal.
    ///   - excluded: `(st_dev, st_ino)` of a source directory not to walk (the destination,
    ///     when it lies inside the source).
    ///   - stop: checked once per directory; the walk ends early when a stop was requested.
    init(system: any SystemCalls, options: CopyOptions, sourceRoot: PathBytes, targetRoot: PathBytes,
         lookup: ((PathBytes, [PathBytes]) -> [ManifestFingerprint?])?, temporaryPrefixes: [[UInt8]] = [], modifyWindowNanoseconds: Int64 = 0,
         excluded: (device: UInt64, inode: UInt64)? = nil, stop: StopState? = nil,
         scratch: RunScratch = RunScratch(queue: nil)) {
        self.scratch = scratch
        hardLinks = HardLinkIndex(scratch: scratch)
        self.system = system
        self.options = options
        self.sourceRoot = sourceRoot
        self.targetRoot = targetRoot
        self.lookup = lookup
        policy = MetadataPolicy(options: options)
        self.temporaryPrefixes = temporaryPrefixes
        self.modifyWindow = max(0, modifyWindowNanoseconds)
        self.excluded = excluded
        self.stop = stop
    }

    private func source(_ relative: PathBytes) -> PathBytes { relative.isEmpty ? sourceRoot : sourceRoot.appending(relative) }
    private func target(_ relative: PathBytes) -> PathBytes { relative.isEmpty ? targetRoot : targetRoot.appending(relative) }

    private func error(_ operation: String, _ relative: PathBytes, _ errno: Errno) {
        let path = relative.isEmpty ? "." : relative.description
        summary.errors.append(FileFailure(path: path, error: .system(operation: operation, path: path, errno: errno)))
    }

    /// A source read failed: report it and remember that deletion is no longer safe.
    private func sourceError(_ operation: String, _ relative: PathBytes, _ errno: Errno) {
        sourceReadErrors += 1
        error(operation, relative, errno)
    }

    private func plan(_ action: PlannedAction.Kind, _ relative: PathBytes, bytes: Int64 = 0) {
        guard options.dryRun else { return }
        summary.plannedActions.append(PlannedAction(kind: action, path: relative.description, bytes: bytes))
    }

    /// Walks everything, then deletes extras (with `delete`, when no source read failed).
    /// - Parameters:
    ///   - rootStatus: `lstat` of the source root (a directory).
    ///   - rootFresh: whether the target root was just created (so it is empty).
    func walk(rootStatus: FileStatus, rootFresh: Bool) {
        scratch.addDirectory(PathBytes(bytes: []), status: rootStatus)
        var stack: [(PathBytes, Bool)] = [(PathBytes(bytes: []), rootFresh)]
        var stopped = false
        while let (relative, fresh) = stack.popLast() {
            if stop?.requested != nil {
                stopped = true
                break
            }
            visit(relative, fresh: fresh, stack: &stack)
            resolveUnchanged(in: relative)
            afterDirectory?(self)
        }
        flushUnchanged()
        // An unfinished walk has not seen every source entry: nothing may be deleted.
        if !stopped { deleteExtras() }
    }

    private func emitJob(_ job: FileJob) {
        jobsEmitted += 1
        emit(job)
    }

    /// Looks this directory's unchanged files up in the manifest (one batch) and queues rows
    /// for those it does not know in their current state.
    private func resolveUnchanged(in directory: PathBytes) {
        guard !unchangedCandidates.isEmpty else { return }
        defer { unchangedCandidates.removeAll(keepingCapacity: true) }
        let rows = lookup?(directory, unchangedCandidates.map(\.0)) ?? []
        for (index, (child, status)) in unchangedCandidates.enumerated() {
            if index < rows.count, let row = rows[index], row.matches(status) { continue }
            unchangedRecords.append(ManifestRecord(path: child, kind: .regular, size: status.size,
                                                   modified: status.modified, permissions: status.permissions,
                                                   hash: nil, state: .copied))
        }
        if unchangedRecords.count >= recordBatch { flushUnchanged() }
    }

    private func flushUnchanged() {
        guard !unchangedRecords.isEmpty else { return }
        recordUnchanged(unchangedRecords)
        unchangedRecords.removeAll(keepingCapacity: true)
    }

    private func deleteExtras() {
        // Target entries absent from the source, recorded per directory during the walk (in
        // `scratch`), deleted now that the walk has ended cleanly.
        let pending = scratch.deletionCount
        guard options.delete, pending > 0 else { return }
        if sourceReadErrors > 0 {
            summary.deletionSkipped = pending
            summary.warnings.append("source read errors (\(sourceReadErrors)): skipped deletion of "
                                    + "\(pending) target entries absent from the source, "
                                    + "so nothing unreadable is mistaken for deleted")
            return
        }
        scratch.forEachDeletion { child in
            if options.dryRun {
                summary.deleted.append(child.description)
                plan(.delete, child)
                return
            }
            do throws(Errno) {
                let existing = try system.linkStatus(target(child))
                if remove(child, existing) {
                    summary.deleted.append(child.description)
                    deletedPaths.append(child)
                    if deletedPaths.count >= recordBatch {
                        forgetDeleted(deletedPaths)
                        deletedPaths.removeAll(keepingCapacity: true)
                    }
                }
            } catch where error == .noEntry {
                // Already gone.
            } catch {
                self.error("stat target", child, error)
            }
        }
        if !deletedPaths.isEmpty { forgetDeleted(deletedPaths) }
        deletedPaths = []
    }

    private func visit(_ relative: PathBytes, fresh: Bool, stack: inout [(PathBytes, Bool)]) {
        let names: [PathBytes]
        do throws(Errno) { names = try system.listDirectory(source(relative)) } catch {
            sourceError("read directory", relative, error)
            return
        }
        var targetNames = Set<PathBytes>()
        if !fresh {
            do throws(Errno) {
                targetNames = Set(try system.listDirectory(target(relative)))
            } catch where error == .noEntry {
                // Listed as existing but gone: treat as empty.
            } catch {
                self.error("read target directory", relative, error)
                return
            }
            for name in targetNames where TemporaryName.isTemporary(name, prefixes: temporaryPrefixes) {
                targetNames.remove(name)
                if options.dryRun {
                    summary.staleTemporariesRemoved += 1
                    continue
                }
                if (try? system.unlink(target(relative.appending(name)))) != nil { summary.staleTemporariesRemoved += 1 }
            }
            if !resumableTemporaries.isEmpty {
                targetNames = targetNames.filter { !resumableTemporaries.contains(target(relative.appending($0))) }
            }
        }
        var sourceNames = Set<PathBytes>()
        let (sourceStatuses, targetStatuses) = statusesInParallel(relative, names: names, targetNames: targetNames)
        for (index, name) in names.enumerated() {
            let child = relative.appending(name)
            let status: FileStatus
            do throws(Errno) { status = try sourceStatuses[index].get() } catch where error == .noEntry {
                summary.warnings.append("'\(child)' vanished during the walk")
                continue
            } catch {
                sourceError("stat source", child, error)
                // Keep the target's copy: the entry exists, it just could not be read.
                sourceNames.insert(name)
                continue
            }
            sourceNames.insert(name)
            walked.entries += 1
            if let excluded, status.kind == .directory, status.device == excluded.device, status.inode == excluded.inode {
                summary.warnings.append("skipped '\(child)': it is the destination (inside the source)")
                continue
            }
            var existing: FileStatus?
            if let targetStatus = targetStatuses[index] {
                do throws(Errno) { existing = try targetStatus.get() } catch where error == .noEntry {
                    existing = nil
                } catch {
                    self.error("stat target", child, error)
                    continue
                }
            }
            switch status.kind {
            case .directory:
                var childFresh = fresh || existing == nil
                if let existing, existing.kind != .directory {
                    guard remove(child, existing) else { continue }
                    childFresh = true
                }
                if childFresh {
                    if !options.dryRun {
                        do throws(Errno) {
                            let path = target(child)
                            try WritableParent.retry(system, policy: policy, path: path) { () throws(Errno) in
                                try system.makeDirectory(path, permissions: status.permissions & 0o777 | 0o700)
                            }
                        } catch {
                            self.error("create directory", child, error)
                            continue
                        }
                    }
                    plan(.makeDirectory, child)
                    summary.directoriesCreated += 1
                }
                scratch.addDirectory(child, status: status)
                stack.append((child, childFresh))
            case .regular:
                if options.preserveHardLinks && hardLinks.isFollower(child, status: status) { continue }
                var update = false
                if let existing {
                    if existing.kind == .regular && existing.size == status.size {
                        if options.checksum {
                            emitJob(FileJob(relative: child, source: source(child), target: target(child),
                                            kind: .compare, status: status))
                            continue
                        }
                        if sameTime(existing.modified, status.modified) {
                            unchanged(child, status, existing: existing)
                            continue
                        }
                    } else if existing.kind == .directory {
                        guard replaceDirectory(child, existing, with: "file") else { continue }
                    }
                    update = existing.kind == .regular
                }
                walked.bytes += status.size
                plan(update ? .update : .copy, child, bytes: status.size)
                emitJob(FileJob(relative: child, source: source(child), target: target(child), kind: .file, status: status))
            case .symlink:
                let content: PathBytes
                do throws(Errno) { content = try system.readSymlink(source(child)) } catch {
                    sourceError("read symlink", child, error)
                    continue
                }
                if let existing {
                    if existing.kind == .symlink, (try? system.readSymlink(target(child))) == content {
                        summary.skipped += 1
                        continue
                    }
                    if existing.kind == .directory { guard replaceDirectory(child, existing, with: "symlink") else { continue } }
                }
                plan(.symlink, child)
                emitJob(FileJob(relative: child, source: source(child), target: target(child),
                                kind: .symlink(content), status: status))
            case .special:
                switch SpecialFiles.sync(system, policy: policy, options: options, relative: child, source: source(child),
                                         target: target(child), status: status, existing: existing) {
                case .created: break
                case .unchanged: summary.skipped += 1
                case let .failed(failure): summary.errors.append(FileFailure(path: child.description, error: failure))
                }
            }
        }
        if options.delete {
            for name in targetNames where !sourceNames.contains(name) {
                scratch.addDeletion(relative.appending(name))
            }
        }
    }

    /// `lstat` of every source entry and of every target entry of the same name, the two
    /// sides on two threads at once (a no-change re-run is nothing but these calls, and
    /// rsync overlaps them too, in its sender and receiver processes).
    /// - Returns: per index of `names`: the source status or error; the target's, or `nil`
    ///   when the target has no such name.
    private func statusesInParallel(_ relative: PathBytes, names: [PathBytes], targetNames: Set<PathBytes>)
        -> ([Result<FileStatus, Errno>], [Result<FileStatus, Errno>?]) {
        let system = self.system
        let sourceDirectory = source(relative)
        let targetDirectory = target(relative)
        // fd-relative `fstatat` against each directory held open: the kernel resolves one
        // name per call instead of the whole path (path walks were the no-change re-run's
        // largest kernel cost). Falls back to full paths when the seam has no descriptors.
        @Sendable func stat(_ name: PathBytes, in directory: PathBytes, _ fd: Int32?) -> Result<FileStatus, Errno> {
            Result { () throws(Errno) in
                if let fd { return try system.linkStatus(name, in: fd, parent: directory) }
                return try system.linkStatus(directory.appending(name))
            }
        }
        @Sendable func statSources() -> [Result<FileStatus, Errno>] {
            let fd = system.openDirectory(sourceDirectory)
            defer { if let fd { system.close(fd) } }
            return names.map { name in stat(name, in: sourceDirectory, fd) }
        }
        @Sendable func statTargets() -> [Result<FileStatus, Errno>?] {
            let fd = targetNames.isEmpty ? nil : system.openDirectory(targetDirectory)
            defer { if let fd { system.close(fd) } }
            return names.map { name in
                guard targetNames.contains(name) else { return nil }
                return stat(name, in: targetDirectory, fd)
            }
        }
        // Below a few dozen entries a second thread costs more than it saves.
        guard names.count >= 32, !targetNames.isEmpty else { return (statSources(), statTargets()) }
        let targets = Locked<[Result<FileStatus, Errno>?]>([])
        let sources = Locked<[Result<FileStatus, Errno>]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                let result = statSources()
                sources.withLock { $0 = result }
            } else {
                let result = statTargets()
                targets.withLock { $0 = result }
            }
        }
        return (sources.withLock { $0 }, targets.withLock { $0 })
    }

    /// Whether two mtimes are equal within the modify window.
    private func sameTime(_ a: FileTime, _ b: FileTime) -> Bool {
        let difference = a.totalNanoseconds &- b.totalNanoseconds
        return difference.magnitude <= UInt64(modifyWindow)
    }

    /// A file whose target already matches: fix its owner, mode and extended attributes where
    /// only those differ, count it.
    private func unchanged(_ child: PathBytes, _ status: FileStatus, existing: FileStatus) {
        summary.skipped += 1
        if options.dryRun { return }
        // Owner and group drift is fixed like rsync -o -g does (copy-fidelity hook; no
        // system call unless they differ). Before the mode: chown clears setuid/setgid.
        var chowned = false
        if let (owner, group) = policy.ownership(for: status, current: (existing.owner, existing.group)) {
            do throws(Errno) {
                try system.setOwner(path: target(child), owner: owner, group: group)
                chowned = status.permissions & 0o6000 != 0
            } catch {
                if policy.privileged || error.code != EPERM { self.error("set owner of", child, error) }
            }
        }
        let mode = policy.permissions(for: status)
        if chowned || existing.permissions != mode {
            do throws(Errno) { try system.setPermissions(path: target(child), mode) } catch {
                self.error("set mode of", child, error)
            }
        }
        // Attributes change without touching the mtime (setfattr, setfacl): compare them too.
        if policy.copiesAnyAttribute {
            do throws(MetadataFailure) { try policy.syncAttributes(system, source: source(child), target: target(child)) } catch {
                self.error(error.operation, child, error.errno)
            }
        }
        unchangedCandidates.append((child, status))
    }

    /// Makes way for a source file or symlink where the target has a directory: an empty
    /// directory is removed; a non-empty one only with `delete` (else a conflict error).
    private func replaceDirectory(_ child: PathBytes, _ existing: FileStatus, with kind: String) -> Bool {
        if !options.delete {
            let empty: Bool
            do throws(Errno) { empty = try system.listDirectory(target(child)).isEmpty } catch {
                self.error("read target directory", child, error)
                return false
            }
            if !empty {
                summary.errors.append(FileFailure(path: child.description,
                                                  error: .wouldRemoveDirectory(path: child.description, sourceKind: kind)))
                return false
            }
        }
        if options.dryRun { plan(.delete, child) }
        return remove(child, existing)
    }

    /// Removes a target entry (recursively for directories); in a dry run, pretends.
    /// - Returns: whether it is gone.
    @discardableResult
    private func remove(_ child: PathBytes, _ existing: FileStatus) -> Bool {
        if options.dryRun { return true }
        do throws(Errno) {
            try removeTree(target(child), kind: existing.kind)
            return true
        } catch {
            self.error("remove target", child, error)
            return false
        }
    }

    private func removeTree(_ path: PathBytes, kind: FileKind) throws(Errno) {
        guard kind == .directory else {
            try system.unlink(path)
            return
        }
        for name in try system.listDirectory(path) {
            let child = path.appending(name)
            try removeTree(child, kind: try system.linkStatus(child).kind)
        }
        try system.removeDirectory(path)
    }
}
