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
    /// Fails `closeAfterWriting` of a target: (temporary path) → errno (the descriptor is
    /// still closed, as Linux does).
    var closeFault: (@Sendable (PathBytes) -> Errno?)?
    /// Fails `createExclusive` of a path: (path) → errno.
    var createFault: (@Sendable (PathBytes) -> Errno?)?
    /// Bytes moved into targets by `write` and `copyRange` (what a re-run had to copy).
    let bytesWritten = Locked<Int64>(0)
    /// A simulated `kill -9`: once set, every call fails with `EIO` and nothing is cleaned up
    /// (`unlink`, `close` and `rename` do nothing), so the disk keeps what a killed process
    /// leaves behind. Decided per call by `crashBefore` (path of the target, offset).
    var crashBefore: (@Sendable (PathBytes, Int64) -> Bool)?
    /// Whether the simulated crash has happened.
    let crashed = Locked(false)

    private func alive() throws(Errno) {
        if crashed.withLock({ $0 }) { throw .io }
    }
    /// Fails `lstat` of a path when it returns an errno (walk errors).
    var linkStatusFault: (@Sendable (PathBytes) -> Errno?)?
    /// Stores target times (paths containing `/dst`) truncated to this many nanoseconds, like a
    /// coarse filesystem (2 s for FAT).
    var targetTimeStep: Int64?
    /// Fails listing a directory when it returns an errno (walk errors).
    var listFault: (@Sendable (PathBytes) -> Errno?)?
    /// Runs after each successful `rename` (source, target): a file reached its final name.
    var afterRename: (@Sendable (PathBytes, PathBytes) -> Void)?

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
        try alive()
        try maybeInterrupt("open")
        if let e = openFault?(path) { throw e }
        let fd = try real.openForReading(path)
        paths.withLock { $0[fd] = path }
        return fd
    }

    func createExclusive(_ path: PathBytes, permissions: UInt32) throws(Errno) -> Int32 {
        try alive()
        try maybeInterrupt("create")
        if let e = createFault?(path) { throw e }
        let fd = try real.createExclusive(path, permissions: permissions)
        paths.withLock { $0[fd] = path }
        return fd
    }

    func close(_ fd: Int32) { real.close(fd) }
    func openForWriting(_ path: PathBytes) throws(Errno) -> Int32 {
        try alive()
        let fd = try real.openForWriting(path)
        paths.withLock { $0[fd] = path }
        return fd
    }
    func closeAfterWriting(_ fd: Int32) throws(Errno) {
        let p = path(fd)
        try real.closeAfterWriting(fd)
        try alive()
        if let e = closeFault?(p) { throw e }
    }

    func read(_ fd: Int32, into buffer: IOBuffer, count: Int, at offset: Int64) throws(Errno) -> Int {
        try maybeInterrupt("read")
        noteSourceRead(fd)
        return try real.read(fd, into: buffer, count: count, at: offset)
    }

    func write(_ fd: Int32, from buffer: IOBuffer, range: Range<Int>, at offset: Int64) throws(Errno) -> Int {
        try alive()
        if crashBefore?(path(fd), offset) == true { crashed.withLock { $0 = true }; throw .io }
        try maybeInterrupt("write")
        if let e = writeFault?(path(fd), offset, range.count) { throw e }
        var range = range
        if let cap = maxWriteBytes, range.count > cap { range = range.lowerBound..<(range.lowerBound + cap) }
        let n = try real.write(fd, from: buffer, range: range, at: offset)
        bytesWritten.withLock { $0 += Int64(n) }
        afterWrite?(fd, path(fd), offset)
        return n
    }

    func copyRange(from source: Int32, at sourceOffset: Int64, to target: Int32, at targetOffset: Int64,
                   count: Int) throws(Errno) -> Int {
        if disableCopyRange { throw Errno(ENOSYS) }
        try alive()
        if crashBefore?(path(target), targetOffset) == true { crashed.withLock { $0 = true }; throw .io }
        try maybeInterrupt("copyRange")
        noteSourceRead(source)
        if let e = writeFault?(path(target), targetOffset, count) { throw e }
        let n = try real.copyRange(from: source, at: sourceOffset, to: target, at: targetOffset, count: count)
        bytesWritten.withLock { $0 += Int64(n) }
        return n
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
    func unlink(_ path: PathBytes) throws(Errno) {
        try alive()
        try real.unlink(path)
    }
    func rename(_ source: PathBytes, to target: PathBytes) throws(Errno) {
        try alive()
        try maybeInterrupt("rename")
        try real.rename(source, to: target)
        afterRename?(source, target)
    }
    func makeSymlink(_ path: PathBytes, pointingTo destination: PathBytes) throws(Errno) {
        try real.makeSymlink(path, pointingTo: destination)
    }
    func readSymlink(_ path: PathBytes) throws(Errno) -> PathBytes { try real.readSymlink(path) }
    func setPermissions(_ fd: Int32, _ permissions: UInt32) throws(Errno) { try real.setPermissions(fd, permissions) }
    func setPermissions(path: PathBytes, _ permissions: UInt32) throws(Errno) { try real.setPermissions(path: path, permissions) }
    private func coarse(_ time: FileTime, _ path: PathBytes) -> FileTime {
        guard let step = targetTimeStep, path.description.contains("/dst") else { return time }
        let total = time.totalNanoseconds
        return FileTime(totalNanoseconds: total - total % step)
    }
    func setTimes(_ fd: Int32, accessed: FileTime, modified: FileTime) throws(Errno) {
        try maybeInterrupt("futimens")
        try real.setTimes(fd, accessed: coarse(accessed, path(fd)), modified: coarse(modified, path(fd)))
    }
    func setTimes(path: PathBytes, accessed: FileTime, modified: FileTime) throws(Errno) {
        try real.setTimes(path: path, accessed: coarse(accessed, path), modified: coarse(modified, path))
    }
    func setOwner(_ fd: Int32, owner: UInt32, group: UInt32) throws(Errno) {
        _ = count("fchown")
        try real.setOwner(fd, owner: owner, group: group)
    }
    func setOwner(path: PathBytes, owner: UInt32, group: UInt32) throws(Errno) {
        _ = count("lchown")
        try real.setOwner(path: path, owner: owner, group: group)
    }
    func attributeNames(_ fd: Int32) throws(Errno) -> [String] { try real.attributeNames(fd) }
    func attributeNames(path: PathBytes) throws(Errno) -> [String] { try real.attributeNames(path: path) }
    func attribute(_ fd: Int32, name: String) throws(Errno) -> [UInt8] { try real.attribute(fd, name: name) }
    func attribute(path: PathBytes, name: String) throws(Errno) -> [UInt8] { try real.attribute(path: path, name: name) }
    func setAttribute(_ fd: Int32, name: String, value: [UInt8]) throws(Errno) {
        try real.setAttribute(fd, name: name, value: value)
    }
    func setAttribute(path: PathBytes, name: String, value: [UInt8]) throws(Errno) {
        try real.setAttribute(path: path, name: name, value: value)
    }
    func removeAttribute(path: PathBytes, name: String) throws(Errno) { try real.removeAttribute(path: path, name: name) }
    func makeNode(_ path: PathBytes, mode: UInt32, device: UInt64) throws(Errno) {
        try real.makeNode(path, mode: mode, device: device)
    }
    func makeHardLink(_ path: PathBytes, to existing: PathBytes) throws(Errno) { try real.makeHardLink(path, to: existing) }
    func dataSegment(_ fd: Int32, from offset: Int64) throws(Errno) -> Range<Int64>? {
        try alive()
        return try real.dataSegment(fd, from: offset)
    }
}
