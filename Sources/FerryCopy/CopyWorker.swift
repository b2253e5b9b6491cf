#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One worker thread's logic: takes chunk tasks from the queue and copies them with blocking
/// system calls, on a dedicated `Thread` (never on Swift concurrency's cooperative pool).
final class CopyWorker {
    private let index: Int
    private let context: CopyContext
    private let buffer: IOBuffer
    private let hasher = XXH3Hasher()
    private var system: any SystemCalls { context.system }
    private var options: CopyOptions { context.options }

    /// Creates worker number `index` with its own buffer and hashing state.
    init(index: Int, context: CopyContext) {
        self.index = index
        self.context = context
        buffer = IOBuffer(capacity: context.options.bufferSize)
    }

    /// Runs tasks until the queue reports that every job is done.
    func run() {
        while let task = context.queue.next(worker: index) {
            process(task)
        }
    }

    /// Stops handing out work and fails every task not yet started (their jobs finalize
    /// as failed: descriptors closed, temporaries removed).
    private func stopAll(reason: String) {
        for task in context.queue.stop(reason: reason) {
            task.job.fail(.notStarted(path: task.job.relative.description, reason: reason))
            complete(task, .skipped)
        }
    }

    private func process(_ task: CopyTask) {
        if let reason = context.queue.stopped {
            // Stopped (SIGINT/SIGTERM, or ENOSPC before the walk added this task): finish
            // queued work as not started, copying nothing.
            task.job.fail(.notStarted(path: task.job.relative.description, reason: reason))
            complete(task, .skipped)
            return
        }
        switch task.job.kind {
        case let .symlink(content): copySymlink(task.job, content: content)
        case .compare: compare(task.job)
        case .file: copyChunk(task)
        }
    }

    // MARK: regular files

    private func copyChunk(_ task: CopyTask) {
        let job = task.job
        guard let prepared = job.prepare(system, options: options, policy: context.policy, journal: context.journal) else {
            complete(task, .skipped)
            return
        }
        let range = job.range(of: task.chunk)
        guard prepared.unit > 0 else {
            complete(task, copyData(job, range: range, prepared))
            return
        }
        // Resumable: copy unit by unit, skip units an earlier run recorded, record each one done.
        var start = range.lowerBound
        while start < range.upperBound {
            let unit = start..<min(range.upperBound, start + prepared.unit)
            if !job.isResumed(start) {
                let outcome = copyData(job, range: unit, prepared)
                guard case .done = outcome else {
                    complete(task, outcome)
                    return
                }
                context.journal?.record(job.relative, range: unit)
            }
            start = unit.upperBound
        }
        complete(task, .done(nil))
    }

    /// Copies `range`: verified, data runs only (sparse), or all of it.
    private func copyData(_ job: FileJob, range: Range<Int64>, _ prepared: FileJob.Prepared) -> FileJob.ChunkOutcome {
        if options.verify { return copyVerified(job, range: range, from: prepared.source, to: prepared.target) }
        if prepared.sparse { return copySparse(job, range: range, from: prepared.source, to: prepared.target) }
        return copy(job, range: range, from: prepared.source, to: prepared.target)
    }

    /// Copies only the data runs of `range` (`SEEK_DATA`/`SEEK_HOLE`); the target was sized
    /// with `ftruncate`, so what is skipped stays a hole.
    private func copySparse(_ job: FileJob, range: Range<Int64>, from source: Int32, to target: Int32) -> FileJob.ChunkOutcome {
        var position = range.lowerBound
        while position < range.upperBound {
            let segment: Range<Int64>?
            do throws(Errno) { segment = try system.dataSegment(source, from: position) } catch {
                if error.code == EINVAL || error.code == EOPNOTSUPP {
                    return copy(job, range: position..<range.upperBound, from: source, to: target)
                }
                return .failed(.system(operation: "find data in", path: job.relative.description, errno: error))
            }
            guard let segment, segment.lowerBound < range.upperBound else { break }
            let part = max(segment.lowerBound, position)..<min(segment.upperBound, range.upperBound)
            guard !part.isEmpty else { break }
            let outcome = copy(job, range: part, from: source, to: target)
            guard case .done = outcome else { return outcome }
            position = part.upperBound
        }
        return .done(nil)
    }

    private func complete(_ task: CopyTask, _ outcome: FileJob.ChunkOutcome) {
        if task.job.finish(chunk: task.chunk, outcome) { finalize(task.job) }
    }

    private func account(_ bytes: Int) {
        context.progress.withLock { $0.bytes += Int64(bytes) }
        context.limiter?.consume(bytes)
    }

    private func writeAll(_ fd: Int32, count: Int, at offset: Int64) throws(Errno) {
        var done = 0
        while done < count {
            let n = try system.write(fd, from: buffer, range: done..<count, at: offset + Int64(done))
            if n <= 0 { throw Errno.io }  // a zero-byte write would loop forever
            done += n
        }
    }

    /// Copies `range` of the source to the same offsets of the target.
    private func copy(_ job: FileJob, range: Range<Int64>, from source: Int32, to target: Int32) -> FileJob.ChunkOutcome {
        if options.verify { return copyVerified(job, range: range, from: source, to: target) }
        let path = job.relative.description
        var position = range.lowerBound
        if !context.copyRangeDisabled.withLock({ $0 }) {
            let slice = context.limiter?.sliceBytes ?? (8 << 20)
            fast: while position < range.upperBound {
                if let reason = context.queue.cancellation { return .failed(.interrupted(path: path, reason: reason)) }
                let want = Int(min(Int64(slice), range.upperBound - position))
                do throws(Errno) {
                    let n = try system.copyRange(from: source, at: position, to: target, at: position, count: want)
                    if n == 0 { return .changed }  // the source shrank
                    position += Int64(n)
                    account(n)
                } catch {
                    switch error.code {
                    case ENOSYS, EXDEV, EOPNOTSUPP:
                        context.copyRangeDisabled.withLock { $0 = true }
                        break fast
                    case EINVAL:
                        break fast  // this file cannot use the fast path; read/write it
                    default:
                        return .failed(.system(operation: "copy", path: path, errno: error))
                    }
                }
            }
        }
        while position < range.upperBound {
            if let reason = context.queue.cancellation { return .failed(.interrupted(path: path, reason: reason)) }
            let want = Int(min(Int64(buffer.capacity), range.upperBound - position))
            let n: Int
            do throws(Errno) { n = try system.read(source, into: buffer, count: want, at: position) } catch {
                return .failed(.system(operation: "read source", path: path, errno: error))
            }
            if n == 0 { return .changed }
            do throws(Errno) { try writeAll(target, count: n, at: position) } catch {
                return .failed(.system(operation: "write target", path: path, errno: error))
            }
            position += Int64(n)
            account(n)
        }
        return .done(nil)
    }

    /// Read/write copy hashing the source as read, then the target as written back; a
    /// mismatch rewrites the range, up to `options.attempts` times in all.
    private func copyVerified(_ job: FileJob, range: Range<Int64>, from source: Int32, to target: Int32) -> FileJob.ChunkOutcome {
        let path = job.relative.description
        var mismatch = (ContentHash(high: 0, low: 0), ContentHash(high: 0, low: 0))
        for attempt in 1...options.attempts {
            hasher.reset()
            var position = range.lowerBound
            while position < range.upperBound {
                if let reason = context.queue.cancellation { return .failed(.interrupted(path: path, reason: reason)) }
                let want = Int(min(Int64(buffer.capacity), range.upperBound - position))
                let n: Int
                do throws(Errno) { n = try system.read(source, into: buffer, count: want, at: position) } catch {
                    return .failed(.system(operation: "read source", path: path, errno: error))
                }
                if n == 0 { return .changed }
                hasher.update(buffer, count: n)
                do throws(Errno) { try writeAll(target, count: n, at: position) } catch {
                    return .failed(.system(operation: "write target", path: path, errno: error))
                }
                position += Int64(n)
                if attempt == 1 { account(n) } else { context.limiter?.consume(n) }
            }
            let sourceDigest = hasher.digest()
            hasher.reset()
            position = range.lowerBound
            while position < range.upperBound {
                let want = Int(min(Int64(buffer.capacity), range.upperBound - position))
                let n: Int
                do throws(Errno) { n = try system.read(target, into: buffer, count: want, at: position) } catch {
                    return .failed(.system(operation: "read back target", path: path, errno: error))
                }
                if n == 0 { break }
                hasher.update(buffer, count: n)
                position += Int64(n)
            }
            let targetDigest = hasher.digest()
            if position == range.upperBound && targetDigest == sourceDigest {
                if attempt > 1 { context.results.withLock { $0.retries += 1 } }
                return .done(sourceDigest)
            }
            mismatch = (sourceDigest, targetDigest)
        }
        return .failed(.verificationFailed(path: path, source: mismatch.0.description,
                                           target: mismatch.1.description, attempts: options.attempts))
    }

    /// Runs once per job after its last chunk: commit, retry or fail.
    private func finalize(_ job: FileJob) {
        switch job.conclude(system, options: options, verify: options.verify, journal: context.journal) {
        case let .commit(source, target, temporary, status, hash, resumed):
            let path = job.relative.description
            if resumed {
                // Ranges from an earlier run: check the whole file before it gets a final name.
                let same: Bool
                do throws(CopyError) {
                    same = try digest(of: source, what: "source", relative: path) == digest(of: target, what: "target", relative: path)
                } catch {
                    job.cleanup(system, keepPartialIfResumable: true)
                    fail(job, error)
                    context.queue.jobCompleted()
                    return
                }
                if !same {
                    if let chunks = job.restartAfterResumeMismatch(system, options: options, journal: context.journal) {
                        context.results.withLock { $0.retries += 1 }
                        context.queue.pushFront(chunks.map { CopyTask(job: job, chunk: $0) })
                        return
                    }
                    fail(job, .verificationFailed(path: path, source: "source", target: "resumed partial copy",
                                                  attempts: options.attempts))
                    context.queue.jobCompleted()
                    return
                }
            }
            if let error = commit(job, source: source, target: target, temporary: temporary, status: status) {
                job.cleanup(system)
                if status.size >= options.resumeThreshold { context.journal?.forget(job.relative) }
                fail(job, error)
                context.queue.jobCompleted()
                return
            }
            system.close(source)
            job.committed()
            if status.size >= options.resumeThreshold { context.journal?.forget(job.relative) }
            context.results.withLock {
                $0.files += 1
                $0.bytes += status.size
                if options.verify { $0.verified += 1 }
            }
            recordCopied(job, kind: .regular, status: status, hash: hash)
        case let .retry(chunks):
            context.results.withLock { $0.retries += 1 }
            context.queue.pushFront(chunks.map { CopyTask(job: job, chunk: $0) })
            return
        case let .fail(error):
            fail(job, error)
        }
        context.queue.jobCompleted()
    }

    /// fsync (with `--fsync`), owner, mode, xattrs/ACLs and times through the descriptor,
    /// `close` with its status (deferred write errors surface there), then the rename.
    /// - Returns: the error, or `nil` when the file is in place.
    private func commit(_ job: FileJob, source: Int32, target: Int32, temporary: PathBytes,
                        status: FileStatus) -> CopyError? {
        let path = job.relative.description
        do throws(Errno) {
            if options.fsync { try system.sync(target) }
        } catch {
            return .system(operation: "fsync", path: path, errno: error)
        }
        do throws(MetadataFailure) {
            try context.policy.applyToFile(system, source: source, target: target, status: status)
        } catch {
            return .system(operation: error.operation, path: path, errno: error.errno)
        }
        job.targetClosed()
        do throws(Errno) { try system.closeAfterWriting(target) } catch {
            return .system(operation: "close (write error reported late) of", path: path, errno: error)
        }
        do throws(Errno) {
            try WritableParent.retry(system, policy: context.policy, path: job.target) { () throws(Errno) in
                try system.rename(temporary, to: job.target)
            }
        } catch {
            return .system(operation: "rename into place", path: path, errno: error)
        }
        return nil
    }

    /// Counts a finished entry in the progress and queues its manifest record as copied.
    private func recordCopied(_ job: FileJob, kind: FileKind, status: FileStatus, hash: ContentHash?) {
        context.progress.withLock { $0.files += 1 }
        context.pendingRecords.withLock {
            $0.append(ManifestRecord(path: job.relative, kind: kind, size: status.size, modified: status.modified,
                                     permissions: status.permissions, hash: hash, state: .copied))
        }
    }

    /// Records a failed job; after ENOSPC, stops new work and fails the dropped tasks.
    private func fail(_ job: FileJob, _ error: CopyError) {
        let status = job.currentStatus
        context.results.withLock { $0.errors.append(FileFailure(path: job.relative.description, error: error)) }
        context.progress.withLock { $0.files += 1 }
        context.pendingRecords.withLock {
            $0.append(ManifestRecord(path: job.relative, kind: status.kind, size: status.size, modified: status.modified,
                                     permissions: status.permissions, hash: nil, state: .failed,
                                     error: error.localizedDescription))
        }
        if let errno = error.errno, errno == .noSpace || errno.code == EDQUOT {
            stopAll(reason: "stopped after \(errno) on '\(job.relative)'")
        }
    }

    // MARK: symlinks

    private func copySymlink(_ job: FileJob, content: PathBytes) {
        let status = job.currentStatus
        let temporary = TemporaryName.make(for: job.target)
        let policy = context.policy
        var operation = "create symlink"
        do throws(Errno) {
            try WritableParent.retry(system, policy: policy, path: temporary) { () throws(Errno) in
                try system.makeSymlink(temporary, pointingTo: content)
            }
            operation = "set owner or attributes of symlink"
            do throws(MetadataFailure) {
                try policy.applyOwnerAndAttributes(system, source: job.source, target: temporary, status: status, existing: nil)
            } catch {
                operation = error.operation + " symlink"
                throw error.errno
            }
            operation = "set times of symlink"
            try system.setTimes(path: temporary, accessed: status.accessed, modified: status.modified)
            operation = "rename symlink into place"
            try system.rename(temporary, to: job.target)
        } catch {
            try? system.unlink(temporary)
            fail(job, .system(operation: operation, path: job.relative.description, errno: error))
            context.queue.jobCompleted()
            return
        }
        context.results.withLock { $0.symlinks += 1 }
        recordCopied(job, kind: .symlink, status: status, hash: nil)
        context.queue.jobCompleted()
    }

    // MARK: --checksum

    private func hashFile(_ path: PathBytes, what: String, relative: String) throws(CopyError) -> ContentHash {
        let fd: Int32
        do throws(Errno) { fd = try system.openForReading(path) } catch {
            throw .system(operation: "open \(what)", path: relative, errno: error)
        }
        defer { system.close(fd) }
        return try digest(of: fd, what: what, relative: relative)
    }

    /// XXH3-128 of an open file's whole content, read with `pread` from offset 0.
    private func digest(of fd: Int32, what: String, relative: String) throws(CopyError) -> ContentHash {
        hasher.reset()
        var position: Int64 = 0
        while true {
            let n: Int
            do throws(Errno) { n = try system.read(fd, into: buffer, count: buffer.capacity, at: position) } catch {
                throw .system(operation: "read \(what)", path: relative, errno: error)
            }
            if n == 0 { break }
            hasher.update(buffer, count: n)
            position += Int64(n)
        }
        return hasher.digest()
    }

    private func compare(_ job: FileJob) {
        let status = job.currentStatus
        let path = job.relative.description
        let sourceHash: ContentHash
        let targetHash: ContentHash
        do throws(CopyError) {
            sourceHash = try hashFile(job.source, what: "source", relative: path)
            targetHash = try hashFile(job.target, what: "target", relative: path)
        } catch {
            fail(job, error)
            context.queue.jobCompleted()
            return
        }
        if sourceHash != targetHash {
            let chunks = job.convertToCopy(options)
            context.queue.pushFront(chunks.map { CopyTask(job: job, chunk: $0) })
            return
        }
        // Same content: bring the metadata in line, like rsync -c -a does.
        do throws(Errno) {
            let existing = try system.linkStatus(job.target)
            let permissions = context.policy.permissions(for: status)
            if existing.permissions != permissions { try system.setPermissions(path: job.target, permissions) }
            if existing.modified != status.modified {
                try system.setTimes(path: job.target, accessed: status.accessed, modified: status.modified)
            }
        } catch {
            fail(job, .system(operation: "update metadata of", path: path, errno: error))
            context.queue.jobCompleted()
            return
        }
        context.results.withLock { $0.skipped += 1 }
        recordCopied(job, kind: .regular, status: status, hash: sourceHash)
        context.queue.jobCompleted()
    }
}
