/// One file or symlink to bring to the target, shared by the workers copying its chunks.
///
/// Regular files are split into chunks (one chunk below the threshold); each chunk is a task.
/// The first worker to start a chunk opens the source and creates the temporary target (or
/// reopens a partial copy a killed run left, see `ResumeJournal`); the worker finishing the
/// last chunk finalizes: checks the source did not change, applies metadata, renames into
/// place, or cleans up and retries/reports.
///
/// All mutable state lives in one `State` value inside a `Locked`, so every access goes
/// through the lock and the compiler checks that the job is `Sendable`.
final class FileJob: Sendable {
    /// What the job does.
    enum Kind: Sendable {
        /// Copy a regular file chunk by chunk.
        case file
        /// `--checksum`: hash source and target first; copy only if they differ.
        case compare
        /// Recreate a symlink with this content.
        case symlink(PathBytes)
    }

    /// How a chunk task ended.
    enum ChunkOutcome {
        /// Copied (and verified, with the source digest, when verifying).
        case done(ContentHash?)
        /// The source changed (or shrank) under the copy.
        case changed
        /// Failed with an error that fails the whole file.
        case failed(CopyError)
        /// Not run: the job had already failed, or new work was stopped.
        case skipped
    }

    /// The descriptors and modes a chunk task copies with.
    struct Prepared {
        /// Source and target descriptors.
        var source: Int32
        var target: Int32
        /// Copy only the data runs (`SEEK_DATA`/`SEEK_HOLE`): the source has holes.
        var sparse: Bool
        /// Record completed ranges of this size in the resume journal; 0 = not resumable.
        var unit: Int64
    }

    /// Path relative to the roots.
    let relative: PathBytes
    /// Absolute source path.
    let source: PathBytes
    /// Absolute final target path.
    let target: PathBytes

    private struct State: Sendable {
        var kind: Kind
        var status: FileStatus
        var chunks: [Range<Int64>] = []
        var remaining = 0
        var attempt = 1
        var sourceFD: Int32 = -1
        var targetFD: Int32 = -1
        var temporary: PathBytes?
        var openStatus: FileStatus?
        var failure: CopyError?
        var changed = false
        var digests: [ContentHash?] = []
        var sparse = false
        /// Resume unit in bytes when the copy is journaled; 0 otherwise.
        var unit: Int64 = 0
        /// Start offsets of units already in the temporary from an earlier run.
        var resumed: Set<Int64> = []
    }

    private let state: Locked<State>

    /// Creates a job from the walk's `lstat` of the source.
    init(relative: PathBytes, source: PathBytes, target: PathBytes, kind: Kind, status: FileStatus) {
        self.relative = relative
        self.source = source
        self.target = target
        state = Locked(State(kind: kind, status: status))
    }

    /// What the job currently does (a `.compare` job may become a `.file` copy).
    var kind: Kind { state.withLock { $0.kind } }

    /// The source status the current attempt works from.
    var currentStatus: FileStatus { state.withLock { $0.status } }

    /// The byte range of chunk `index`.
    func range(of index: Int) -> Range<Int64> { state.withLock { $0.chunks[index] } }

    /// Size used for ordering, bytes.
    var size: Int64 { state.withLock { $0.status.size } }

    /// Whether the unit starting at `offset` was already copied by an earlier, killed run.
    func isResumed(_ offset: Int64) -> Bool { state.withLock { $0.resumed.contains(offset) } }

    /// Whether this attempt continues a partial copy from an earlier run.
    var resumesPartialCopy: Bool { state.withLock { !$0.resumed.isEmpty } }

    /// Splits the file into chunks per `options` and returns the chunk indices to enqueue.
    func plan(_ options: CopyOptions) -> Range<Int> {
        state.withLock { Self.plan(&$0, options) }
    }

    private static func plan(_ s: inout State, _ options: CopyOptions) -> Range<Int> {
        switch s.kind {
        case .compare, .symlink:
            s.chunks = [0..<s.status.size]
        case .file:
            let size = s.status.size
            if size >= options.chunkThreshold && size > options.chunkSize {
                s.chunks = stride(from: Int64(0), to: size, by: Int(options.chunkSize)).map {
                    $0..<min(size, $0 + options.chunkSize)
                }
            } else {
                s.chunks = [0..<size]
            }
        }
        s.remaining = s.chunks.count
        s.digests = Array(repeating: nil, count: s.chunks.count)
        s.failure = nil
        s.changed = false
        return 0..<s.chunks.count
    }

    /// Turns a `.compare` job whose target differs into a copy; returns the chunks to enqueue.
    func convertToCopy(_ options: CopyOptions) -> Range<Int> {
        state.withLock {
            $0.kind = .file
            return Self.plan(&$0, options)
        }
    }

    /// Opens the source and creates the temporary target on first use — or, for a large
    /// file whose partial copy the journal knows (same size and mtime, temporary still of
    /// the full size), reopens that temporary and marks its recorded ranges as done.
    /// - Returns: the descriptors, or `nil` when the job already failed or changed.
    func prepare(_ system: any SystemCalls, options: CopyOptions, policy: MetadataPolicy,
                 journal: ResumeJournal?) -> Prepared? {
        state.withLock { s -> Prepared? in
            if s.failure != nil || s.changed { return nil }
            if s.sourceFD >= 0 { return Prepared(source: s.sourceFD, target: s.targetFD, sparse: s.sparse, unit: s.unit) }
            let path = relative.description
            do throws(Errno) {
                s.sourceFD = try system.openForReading(source)
            } catch {
                s.failure = .system(operation: "open source", path: path, errno: error)
                return nil
            }
            // No fstat here: the walk's lstat is the "before" state, and `conclude` compares the
            // descriptor's fstat with it after the copy (one system call per file fewer).
            let size = s.status.size
            s.sparse = options.preserveSparse && s.status.isSparse
            let unit = journal != nil && !options.dryRun && size >= options.resumeThreshold ? options.chunkSize : 0
            s.unit = unit
            s.resumed = []
            if unit > 0, let journal, let partial = journal.partial(for: relative) {
                if partial.size == size, partial.modified == s.status.modified, partial.unit == unit,
                   let fd = try? system.openForWriting(partial.temporary) {
                    if (try? system.status(fd))?.size == size {
                        s.targetFD = fd
                        s.temporary = partial.temporary
                        s.resumed = partial.done
                        return Prepared(source: s.sourceFD, target: fd, sparse: s.sparse, unit: unit)
                    }
                    system.close(fd)
                }
                try? system.unlink(partial.temporary)
                journal.forget(relative)
            }
            for _ in 0..<8 {
                let name = unit > 0 ? ResumeJournal.temporary(for: target) : TemporaryName.make(for: target)
                do throws(Errno) {
                    s.targetFD = try WritableParent.retry(system, policy: policy, path: name) { () throws(Errno) in
                        try system.createExclusive(name, permissions: 0o600)
                    }
                    s.temporary = name
                    break
                } catch where error == .exists {
                    continue
                } catch {
                    s.failure = .system(operation: "create temporary for", path: path, errno: error)
                    return nil
                }
            }
            guard s.targetFD >= 0, let temporary = s.temporary else {
                s.failure = .system(operation: "create temporary for", path: path, errno: .exists)
                return nil
            }
            if size >= 1 << 20 && !s.sparse {
                do throws(Errno) {
                    try system.preallocate(s.targetFD, size: size)
                } catch where error == .noSpace {
                    s.failure = .system(operation: "preallocate", path: path, errno: error)
                    return nil
                } catch {
                    // EOPNOTSUPP/ENOSYS: the filesystem cannot preallocate; writes extend the file.
                }
            }
            if s.sparse || unit > 0 {
                // Holes stay holes, and a resumable temporary has its final size from the start.
                do throws(Errno) { try system.truncate(s.targetFD, size: size) } catch {
                    s.failure = .system(operation: "set size of", path: path, errno: error)
                    return nil
                }
            }
            if unit > 0 { journal?.begin(relative, temporary: temporary, status: s.status, unit: unit) }
            return Prepared(source: s.sourceFD, target: s.targetFD, sparse: s.sparse, unit: unit)
        }
    }

    /// Records a chunk's outcome.
    /// - Returns: `true` when this was the last outstanding chunk: the caller must finalize.
    func finish(chunk: Int, _ outcome: ChunkOutcome) -> Bool {
        state.withLock { s in
            switch outcome {
            case let .done(digest): s.digests[chunk] = digest
            case .changed: s.changed = true
            case let .failed(error): if s.failure == nil { s.failure = error }
            case .skipped: break
            }
            s.remaining -= 1
            return s.remaining == 0
        }
    }

    /// Marks the job failed (e.g. not started after ENOSPC) without running it.
    func fail(_ error: CopyError) {
        state.withLock { if $0.failure == nil { $0.failure = error } }
    }

    /// What finalization must do, decided under the lock once every chunk has finished.
    enum Finish {
        /// Apply metadata and rename into place; `resumed`: hash the whole file first.
        case commit(source: Int32, target: Int32, temporary: PathBytes, status: FileStatus, hash: ContentHash?,
                    resumed: Bool)
        /// Copy again (the source changed); enqueue these chunks.
        case retry(Range<Int>)
        /// Give up with this error (descriptors closed, temporary removed).
        case fail(CopyError)
    }

    /// Decides the job's fate after its last chunk: checks the source's size and mtime are
    /// unchanged since it was opened; retries up to `options.attempts` times; cleans up.
    /// A failed resumable copy keeps its temporary and journal rows for the next run.
    func conclude(_ system: any SystemCalls, options: CopyOptions, verify: Bool, journal: ResumeJournal?) -> Finish {
        state.withLock { s -> Finish in
            if s.failure == nil && !s.changed && s.sourceFD >= 0 {
                do throws(Errno) {
                    let after = try system.status(s.sourceFD)
                    if !after.sameSizeAndTime(as: s.status) { s.changed = true } else { s.openStatus = after }
                } catch {
                    s.failure = .system(operation: "stat source", path: relative.description, errno: error)
                }
            }
            if s.failure == nil && !s.changed, let temporary = s.temporary {
                let hash: ContentHash? = verify && s.digests.allSatisfy({ $0 != nil })
                    ? XXH3Hasher.combine(s.digests.map { $0! }) : nil
                return .commit(source: s.sourceFD, target: s.targetFD, temporary: temporary,
                               status: s.openStatus ?? s.status, hash: hash, resumed: !s.resumed.isEmpty)
            }
            let keep = s.failure != nil && !s.changed && s.unit > 0
            Self.cleanup(&s, system, keepPartial: keep)
            if s.unit > 0 && !keep { journal?.forget(relative) }
            if s.failure == nil && s.changed {
                if s.attempt < options.attempts {
                    s.attempt += 1
                    do throws(Errno) {
                        let fresh = try system.linkStatus(source)
                        if fresh.kind != .regular {
                            s.failure = .sourceChanged(path: relative.description, attempts: s.attempt)
                        } else {
                            s.status = fresh
                            s.openStatus = nil
                            return .retry(Self.plan(&s, options))
                        }
                    } catch {
                        s.failure = .system(operation: "stat source", path: relative.description, errno: error)
                    }
                } else {
                    s.failure = .sourceChanged(path: relative.description, attempts: s.attempt)
                }
            }
            return .fail(s.failure ?? .sourceChanged(path: relative.description, attempts: s.attempt))
        }
    }

    /// A resumed copy whose whole-file hash differs from the source: drop the partial copy
    /// and copy everything again (counts as an attempt). Returns the chunks to enqueue, or
    /// `nil` when the attempts are used up (the job then failed).
    func restartAfterResumeMismatch(_ system: any SystemCalls, options: CopyOptions,
                                    journal: ResumeJournal?) -> Range<Int>? {
        state.withLock { s -> Range<Int>? in
            Self.cleanup(&s, system, keepPartial: false)
            journal?.forget(relative)
            s.resumed = []
            guard s.attempt < options.attempts else {
                s.failure = .verificationFailed(path: relative.description, source: "source", target: "resumed partial copy",
                                                attempts: s.attempt)
                return nil
            }
            s.attempt += 1
            s.openStatus = nil
            return Self.plan(&s, options)
        }
    }

    /// Closes descriptors and removes the temporary (after a failed commit, too); a
    /// resumable copy that failed for a reason other than a changed source keeps its
    /// temporary (the journal names it) so the next run continues it.
    func cleanup(_ system: any SystemCalls, keepPartialIfResumable: Bool = false) {
        state.withLock { s in Self.cleanup(&s, system, keepPartial: keepPartialIfResumable && s.unit > 0) }
    }

    private static func cleanup(_ s: inout State, _ system: any SystemCalls, keepPartial: Bool) {
        if s.sourceFD >= 0 { system.close(s.sourceFD); s.sourceFD = -1 }
        if s.targetFD >= 0 { system.close(s.targetFD); s.targetFD = -1 }
        if let temporary = s.temporary, !keepPartial { try? system.unlink(temporary) }
        s.temporary = nil
    }

    /// Notes that the target descriptor was closed by the commit (so cleanup leaves it).
    func targetClosed() {
        state.withLock { $0.targetFD = -1 }
    }

    /// Forgets descriptors and the temporary after a successful rename (they are closed).
    func committed() {
        state.withLock {
            $0.sourceFD = -1
            $0.targetFD = -1
            $0.temporary = nil
        }
    }
}
