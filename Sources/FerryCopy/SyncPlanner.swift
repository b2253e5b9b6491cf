#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Walks the source tree, compares it with the target, and decides what to do.
///
/// Runs on the calling thread before the workers start. For each source directory it lists
/// the matching target directory once (unless the planner just created it, so it is known
/// empty): stray temporaries from an interrupted run are removed, entries missing from the
/// source are deleted with `delete`, and entries present on both sides get the quick check
/// (size and mtime to the nanosecond) or, with `checksum`, a content comparison job.
/// Directories are created here, parents first; their modes and times are applied last.
final class SyncPlanner {
    /// A directory whose mode and times must be applied after its contents are in place.
    struct Directory {
        /// Relative path (empty for the root).
        var relative: PathBytes
        /// The source directory's status.
        var status: FileStatus
    }

    private let system: any SystemCalls
    private let options: CopyOptions
    private let sourceRoot: PathBytes
    private let targetRoot: PathBytes
    private let manifestName: String?
    private let known: [PathBytes: ManifestRecord]

    /// Regular files, symlinks and checksum comparisons to run.
    private(set) var jobs: [FileJob] = []
    /// Directories in walk order (parents before children), root first.
    private(set) var directories: [Directory] = []
    /// Skips, deletions, warnings and walk errors so far.
    private(set) var summary = CopySummary()
    /// Rows for files found unchanged that the manifest did not know in that state.
    private(set) var unchangedRecords: [ManifestRecord] = []
    /// Paths removed by `delete`.
    private(set) var deletedPaths: [PathBytes] = []
    /// Hard-link groups (copy-fidelity hook): further names of an inode are linked after the copy.
    let hardLinks = HardLinkIndex()
    private let policy: MetadataPolicy

    /// Creates a planner.
    /// - Parameters:
    ///   - manifestName: the manifest's file name when it lives in the target root (excluded
    ///     from deletion and from the source walk), else `nil`.
    ///   - known: the manifest's rows, to avoid rewriting unchanged ones.
    init(system: any SystemCalls, options: CopyOptions, sourceRoot: PathBytes, targetRoot: PathBytes,
         manifestName: String?, known: [PathBytes: ManifestRecord]) {
        self.system = system
        self.options = options
        self.sourceRoot = sourceRoot
        self.targetRoot = targetRoot
        self.manifestName = manifestName
        self.known = known
        policy = MetadataPolicy(options: options)
    }

    private func source(_ relative: PathBytes) -> PathBytes { relative.isEmpty ? sourceRoot : sourceRoot.appending(relative) }
    private func target(_ relative: PathBytes) -> PathBytes { relative.isEmpty ? targetRoot : targetRoot.appending(relative) }

    private func error(_ operation: String, _ relative: PathBytes, _ errno: Errno) {
        let path = relative.isEmpty ? "." : relative.description
        summary.errors.append(FileFailure(path: path, error: .system(operation: operation, path: path, errno: errno)))
    }

    private func isReserved(_ name: PathBytes, in directory: PathBytes) -> Bool {
        if TemporaryName.isTemporary(name) { return true }
        if directory.isEmpty, let manifestName { return Manifest.isManifestName(name, fileName: manifestName) }
        return false
    }

    /// Walks everything.
    /// - Parameters:
    ///   - rootStatus: `lstat` of the source root (a directory).
    ///   - rootFresh: whether the target root was just created (so it is empty).
    func walk(rootStatus: FileStatus, rootFresh: Bool) {
        directories.append(Directory(relative: PathBytes(bytes: []), status: rootStatus))
        var stack: [(PathBytes, Bool)] = [(PathBytes(bytes: []), rootFresh)]
        while let (relative, fresh) = stack.popLast() {
            visit(relative, fresh: fresh, stack: &stack)
        }
    }

    private func visit(_ relative: PathBytes, fresh: Bool, stack: inout [(PathBytes, Bool)]) {
        let names: [PathBytes]
        do throws(Errno) { names = try system.listDirectory(source(relative)) } catch {
            self.error("read directory", relative, error)
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
            for name in targetNames where TemporaryName.isTemporary(name) {
                targetNames.remove(name)
                if options.dryRun { continue }
                if (try? system.unlink(target(relative.appending(name)))) != nil { summary.staleTemporariesRemoved += 1 }
            }
        }
        var sourceNames = Set<PathBytes>()
        for name in names {
            if isReserved(name, in: relative) { continue }
            let child = relative.appending(name)
            let status: FileStatus
            do throws(Errno) { status = try system.linkStatus(source(child)) } catch where error == .noEntry {
                summary.warnings.append("'\(child)' vanished during the walk")
                continue
            } catch {
                self.error("stat source", child, error)
                continue
            }
            sourceNames.insert(name)
            var existing: FileStatus?
            if targetNames.contains(name) {
                do throws(Errno) { existing = try system.linkStatus(target(child)) } catch where error == .noEntry {
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
                                try system.makeDirectory(path, permissions: status.permissions | 0o700)
                            }
                        } catch {
                            self.error("create directory", child, error)
                            continue
                        }
                    }
                    summary.directoriesCreated += 1
                }
                directories.append(Directory(relative: child, status: status))
                stack.append((child, childFresh))
            case .regular:
                if options.preserveHardLinks && hardLinks.isFollower(child, status: status) { continue }
                if let existing {
                    if existing.kind == .regular && existing.size == status.size {
                        if options.checksum {
                            jobs.append(FileJob(relative: child, source: source(child), target: target(child),
                                                kind: .compare, status: status))
                            continue
                        }
                        if existing.modified == status.modified {
                            unchanged(child, status, existing: existing)
                            continue
                        }
                    } else if existing.kind == .directory {
                        guard remove(child, existing) else { continue }
                    }
                }
                jobs.append(FileJob(relative: child, source: source(child), target: target(child), kind: .file, status: status))
            case .symlink:
                let content: PathBytes
                do throws(Errno) { content = try system.readSymlink(source(child)) } catch {
                    self.error("read symlink", child, error)
                    continue
                }
                if let existing {
                    if existing.kind == .symlink, (try? system.readSymlink(target(child))) == content {
                        summary.skipped += 1
                        continue
                    }
                    if existing.kind == .directory { guard remove(child, existing) else { continue } }
                }
                jobs.append(FileJob(relative: child, source: source(child), target: target(child),
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
            for name in targetNames.sorted() where !sourceNames.contains(name) && !isReserved(name, in: relative) {
                let child = relative.appending(name)
                if options.dryRun {
                    summary.deleted.append(child.description)
                    continue
                }
                do throws(Errno) {
                    let existing = try system.linkStatus(target(child))
                    if remove(child, existing) {
                        summary.deleted.append(child.description)
                        deletedPaths.append(child)
                    }
                } catch {
                    self.error("stat target", child, error)
                }
            }
        }
    }

    /// A file whose target already matches: fix its mode if only that differs, count it.
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
        if let row = known[child], row.state == .copied, row.size == status.size, row.modified == status.modified,
           row.permissions == status.permissions {
            return
        }
        unchangedRecords.append(ManifestRecord(path: child, kind: .regular, size: status.size, modified: status.modified,
                                               permissions: status.permissions, hash: nil, state: .copied))
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
