import Foundation
@testable import FerryCopy

/// The real seam with hooks: tests inject errno values, short writes, corruption and
/// source changes at chosen calls. Configure before the run; hooks run on worker threads.
final class FaultInjectingSystemCalls: SystemCalls, @unchecked Sendable {
    let real = PosixSystemCalls()
    /// Path of every descriptor this seam opened.
    let paths = Locked([Int32: PathBytes]())
    /// Calls made, by name.
    let calls = Locked([String: Int]())

    /// Fails `openForReading` of a path when it returns an errno.
    var openFault: (@Sendable (PathBytes) -> Errno?)?
    /// Runs before each `read`/`copyRange` from a source: (path, call number for that path).
    var beforeSourceRead: (@Sendable (PathBytes, Int) -> Void)?
    /// Fails a write or copy to a target: (temporary path, offset, bytes) → errno.
    var writeFault: (@Sendable (PathBytes, Int64, Int) -> Errno?)?
    /// Caps every `write` at this many bytes (short writes).
    var maxWriteBytes: Int?
    /// Runs after each successful write to a target (e.g. to corrupt it): (fd, path, offset).
    var afterWrite: (@Sendable (Int32, PathBytes, Int64) -> Void)?
    /// Makes `copyRange` unavailable (`ENOSYS`), forcing read/write.
    var disableCopyRange = false
    /// Every n-th call (of those that may be interrupted) fails with `EINTR` first.
    var interruptEvery: Int?
    /// Fails `lstat` of a path when it returns an errno (walk errors).
    var linkStatusFault: (@Sendable (PathBytes) -> Errno?)?
    /// Fails listing a directory when it returns an errno (walk errors).
    var listFault: (@Sendable (PathBytes) -> Errno?)?

    private func count(_ name: String) -> Int {
        calls.withLock { counts in
            counts[name, default: 0] += 1
            return counts[name]!
        }
    }

    private func maybeInterrupt(_ name: String) throws(Errno) {
        let n = count(name)
        if let every = interruptEvery, n % every == 0 { throw .interrupted }
    }

    private func path(_ fd: Int32) -> PathBytes { paths.withLock { $0[fd] } ?? PathBytes("?") }

    private let perPathReads = Locked([PathBytes: Int]())
    private func noteSourceRead(_ fd: Int32) {
        let p = path(fd)
        guard p.description.contains("/src/") else { return }
        let n = perPathReads.withLock { counts -> Int in
            counts[p, default: 0] += 1
            return counts[p]!
        }
        beforeSourceRead?(p, n)
    }

    func openForReading(_ path: PathBytes) throws(Errno) -> Int32 {
        try maybeInterrupt("open")
        if let e = openFault?(path) { throw e }
        let fd = try real.openForReading(path)
        paths.withLock { $0[fd] = path }
        return fd
    }

    func createExclusive(_ path: PathBytes, permissions: UInt32) throws(Errno) -> Int32 {
        try maybeInterrupt("create")
        let fd = try real.createExclusive(path, permissions: permissions)
        paths.withLock { $0[fd] = path }
        return fd
    }

    func close(_ fd: Int32) { real.close(fd) }

    func read(_ fd: Int32, into buffer: IOBuffer, count: Int, at offset: Int64) throws(Errno) -> Int {
        try maybeInterrupt("read")
        noteSourceRead(fd)
        return try real.read(fd, into: buffer, count: count, at: offset)
    }

    func write(_ fd: Int32, from buffer: IOBuffer, range: Range<Int>, at offset: Int64) throws(Errno) -> Int {
        try maybeInterrupt("write")
        if let e = writeFault?(path(fd), offset, range.count) { throw e }
        var range = range
        if let cap = maxWriteBytes, range.count > cap { range = range.lowerBound..<(range.lowerBound + cap) }
        let n = try real.write(fd, from: buffer, range: range, at: offset)
        afterWrite?(fd, path(fd), offset)
        return n
    }

    func copyRange(from source: Int32, at sourceOffset: Int64, to target: Int32, at targetOffset: Int64,
                   count: Int) throws(Errno) -> Int {
        if disableCopyRange { throw Errno(ENOSYS) }
        try maybeInterrupt("copyRange")
        noteSourceRead(source)
        if let e = writeFault?(path(target), targetOffset, count) { throw e }
        return try real.copyRange(from: source, at: sourceOffset, to: target, at: targetOffset, count: count)
    }

    func preallocate(_ fd: Int32, size: Int64) throws(Errno) { try real.preallocate(fd, size: size) }
    func truncate(_ fd: Int32, size: Int64) throws(Errno) { try real.truncate(fd, size: size) }
    func sync(_ fd: Int32) throws(Errno) { try real.sync(fd) }
    func status(_ fd: Int32) throws(Errno) -> FileStatus {
        try maybeInterrupt("fstat")
        return try real.status(fd)
    }
    func linkStatus(_ path: PathBytes) throws(Errno) -> FileStatus {
        try maybeInterrupt("lstat")
        if let e = linkStatusFault?(path) { throw e }
        return try real.linkStatus(path)
    }
    func listDirectory(_ path: PathBytes) throws(Errno) -> [PathBytes] {
        if let e = listFault?(path) { throw e }
        return try real.listDirectory(path)
    }
    func makeDirectory(_ path: PathBytes, permissions: UInt32) throws(Errno) {
        try maybeInterrupt("mkdir")
        try real.makeDirectory(path, permissions: permissions)
    }
    func removeDirectory(_ path: PathBytes) throws(Errno) { try real.removeDirectory(path) }
    func unlink(_ path: PathBytes) throws(Errno) { try real.unlink(path) }
    func rename(_ source: PathBytes, to target: PathBytes) throws(Errno) {
        try maybeInterrupt("rename")
        try real.rename(source, to: target)
    }
    func makeSymlink(_ path: PathBytes, pointingTo destination: PathBytes) throws(Errno) {
        try real.makeSymlink(path, pointingTo: destination)
    }
    func readSymlink(_ path: PathBytes) throws(Errno) -> PathBytes { try real.readSymlink(path) }
    func setPermissions(_ fd: Int32, _ permissions: UInt32) throws(Errno) { try real.setPermissions(fd, permissions) }
    func setPermissions(path: PathBytes, _ permissions: UInt32) throws(Errno) { try real.setPermissions(path: path, permissions) }
    func setTimes(_ fd: Int32, accessed: FileTime, modified: FileTime) throws(Errno) {
        try maybeInterrupt("futimens")
        try real.setTimes(fd, accessed: accessed, modified: modified)
    }
    func setTimes(path: PathBytes, accessed: FileTime, modified: FileTime) throws(Errno) {
        try real.setTimes(path: path, accessed: accessed, modified: modified)
    }
}
