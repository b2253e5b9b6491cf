import Foundation

/// One file or symlink to bring to the target, shared by the workers copying its chunks.
///
/// Regular files are split into chunks (one chunk below the threshold); each chunk is a task.
/// The first worker to start a chunk opens the source and creates the temporary target; the
/// worker finishing the last chunk finalizes: checks the source did not change, applies mode
/// and times, renames into place, or cleans up and retries/reports.
final class FileJob: @unchecked Sendable {
    /// What the job does.
    enum Kind {
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

    /// Path relative to the roots.
    let relative: PathBytes
    /// Absolute source path.
    let source: PathBytes
    /// Absolute final target path.
    let target: PathBytes

    private let lock = NSLock()
    // Everything below is guarded by `lock`.
    private var storedKind: Kind
    private var status: FileStatus
    private var chunks: [Range<Int64>] = []
    private var remaining = 0
    private(set) var attempt = 1
    private var sourceFD: Int32 = -1
    private var targetFD: Int32 = -1
    private(set) var temporary: PathBytes?
    private var openStatus: FileStatus?
    private var failure: CopyError?
    private var changed = false
    private var digests: [ContentHash?] = []

    /// Creates a job from the walk's `lstat` of the source.
    init(relative: PathBytes, source: PathBytes, target: PathBytes, kind: Kind, status: FileStatus) {
        self.relative = relative
        self.source = source
        self.target = target
        self.storedKind = kind
        self.status = status
    }

    /// What the job currently does (a `.compare` job may become a `.file` copy).
    var kind: Kind { lock.withLock { storedKind } }

    /// The source status the current attempt works from.
    var currentStatus: FileStatus { lock.withLock { status } }

    /// The byte range of chunk `index`.
    func range(of index: Int) -> Range<Int64> { lock.withLock { chunks[index] } }

    /// Size used for ordering, bytes.
    var size: Int64 { lock.withLock { status.size } }

    /// Splits the file into chunks per `options` and returns the chunk indices to enqueue.
    func plan(_ options: CopyOptions) -> Range<Int> {
        lock.withLock { planLocked(options) }
    }

    private func planLocked(_ options: CopyOptions) -> Range<Int> {
        switch storedKind {
        case .compare, .symlink:
            chunks = [0..<status.size]
        case .file:
            let size = status.size
            if size >= options.chunkThreshold && size > options.chunkSize {
                chunks = stride(from: Int64(0), to: size, by: Int(options.chunkSize)).map {
                    $0..<min(size, $0 + options.chunkSize)
                }
            } else {
                chunks = [0..<size]
            }
        }
        remaining = chunks.count
        digests = Array(repeating: nil, count: chunks.count)
        failure = nil
        changed = false
        return 0..<chunks.count
    }

    /// Turns a `.compare` job whose target differs into a copy; returns the chunks to enqueue.
    func convertToCopy(_ options: CopyOptions) -> Range<Int> {
        lock.withLock {
            storedKind = .file
            return planLocked(options)
        }
    }

    /// Opens the source and creates the temporary target on first use.
    /// - Returns: `(source fd, target fd)`, or `nil` when the job already failed or changed.
    func prepare(_ system: any SystemCalls, options: CopyOptions) -> (Int32, Int32)? {
        lock.lock()
        defer { lock.unlock() }
        if failure != nil || changed { return nil }
        if sourceFD >= 0 { return (sourceFD, targetFD) }
        do throws(Errno) {
            sourceFD = try system.openForReading(source)
        } catch {
            failure = .system(operation: "open source", path: relative.description, errno: error)
            return nil
        }
        do throws(Errno) {
            let st = try system.status(sourceFD)
            openStatus = st
            if !st.sameSizeAndTime(as: status) {
                changed = true
                return nil
            }
        } catch {
            failure = .system(operation: "stat source", path: relative.description, errno: error)
            return nil
        }
        for _ in 0..<8 {
            let name = TemporaryName.make(for: target)
            do throws(Errno) {
                targetFD = try system.createExclusive(name, permissions: 0o600)
                temporary = name
                break
            } catch where error == .exists {
                continue
            } catch {
                failure = .system(operation: "create temporary for", path: relative.description, errno: error)
                return nil
            }
        }
        guard targetFD >= 0 else {
            failure = .system(operation: "create temporary for", path: relative.description, errno: .exists)
            return nil
        }
        if status.size >= 1 << 20 {
            do throws(Errno) {
                try system.preallocate(targetFD, size: status.size)
            } catch where error == .noSpace {
                failure = .system(operation: "preallocate", path: relative.description, errno: error)
                return nil
            } catch {
                // EOPNOTSUPP/ENOSYS: the filesystem cannot preallocate; writes extend the file.
            }
        }
        return (sourceFD, targetFD)
    }

    /// Records a chunk's outcome.
    /// - Returns: `true` when this was the last outstanding chunk: the caller must finalize.
    func finish(chunk: Int, _ outcome: ChunkOutcome) -> Bool {
        lock.withLock {
            switch outcome {
            case let .done(digest): digests[chunk] = digest
            case .changed: changed = true
            case let .failed(error): if failure == nil { failure = error }
            case .skipped: break
            }
            remaining -= 1
            return remaining == 0
        }
    }

    /// Marks the job failed (e.g. not started after ENOSPC) without running it.
    func fail(_ error: CopyError) {
        lock.withLock { if failure == nil { failure = error } }
    }

    /// What finalization must do, decided under the lock once every chunk has finished.
    enum Finish {
        /// Apply metadata and rename into place.
        case commit(source: Int32, target: Int32, temporary: PathBytes, status: FileStatus, hash: ContentHash?)
        /// Copy again (the source changed); enqueue these chunks.
        case retry(Range<Int>)
        /// Give up with this error (descriptors closed, temporary removed).
        case fail(CopyError)
    }

    /// Decides the job's fate after its last chunk: checks the source's size and mtime are
    /// unchanged since it was opened; retries up to `options.attempts` times; cleans up.
    func conclude(_ system: any SystemCalls, options: CopyOptions, verify: Bool) -> Finish {
        lock.lock()
        defer { lock.unlock() }
        if failure == nil && !changed && sourceFD >= 0 {
            do throws(Errno) {
                let after = try system.status(sourceFD)
                if let before = openStatus, !after.sameSizeAndTime(as: before) { changed = true }
            } catch {
                failure = .system(operation: "stat source", path: relative.description, errno: error)
            }
        }
        if failure == nil && !changed, let temporary {
            let hash: ContentHash? = verify && digests.allSatisfy({ $0 != nil })
                ? XXH3Hasher.combine(digests.map { $0! }) : nil
            return .commit(source: sourceFD, target: targetFD, temporary: temporary,
                           status: openStatus ?? status, hash: hash)
        }
        cleanupLocked(system)
        if failure == nil && changed {
            if attempt < options.attempts {
                attempt += 1
                do throws(Errno) {
                    let fresh = try system.linkStatus(source)
                    if fresh.kind != .regular {
                        failure = .sourceChanged(path: relative.description, attempts: attempt)
                    } else {
                        status = fresh
                        openStatus = nil
                        return .retry(planLocked(options))
                    }
                } catch {
                    failure = .system(operation: "stat source", path: relative.description, errno: error)
                }
            } else {
                failure = .sourceChanged(path: relative.description, attempts: attempt)
            }
        }
        return .fail(failure ?? .sourceChanged(path: relative.description, attempts: attempt))
    }

    /// Closes descriptors and removes the temporary (after a failed commit, too).
    func cleanup(_ system: any SystemCalls) {
        lock.withLock { cleanupLocked(system) }
    }

    private func cleanupLocked(_ system: any SystemCalls) {
        if sourceFD >= 0 { system.close(sourceFD); sourceFD = -1 }
        if targetFD >= 0 { system.close(targetFD); targetFD = -1 }
        if let temporary { try? system.unlink(temporary) }
        temporary = nil
    }

    /// Forgets descriptors and the temporary after a successful rename (they are closed).
    func committed() {
        lock.withLock {
            sourceFD = -1
            targetFD = -1
            temporary = nil
        }
    }
}
