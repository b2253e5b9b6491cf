/// The copy engine's one seam to the operating system.
///
/// Every system call the engine makes goes through this protocol, so tests can wrap the
/// real implementation (`PosixSystemCalls`) and inject `EINTR`, `ENOSPC`, `EACCES` or short
/// writes. Implementations report failures as `Errno` and never retry `EINTR` themselves:
/// the engine wraps the seam in `RetryingSystemCalls`, which does.
///
/// File descriptors are plain `Int32`s owned by the caller, who must `close` them.
protocol SystemCalls: Sendable {
    /// Opens an existing file read-only (`O_RDONLY | O_CLOEXEC | O_NOFOLLOW`).
    func openForReading(_ path: PathBytes) throws(Errno) -> Int32
    /// Creates a new file read-write, failing if it exists (`O_CREAT | O_EXCL`).
    /// - Parameter permissions: initial permission bits (the umask still applies).
    func createExclusive(_ path: PathBytes, permissions: UInt32) throws(Errno) -> Int32
    /// Closes a descriptor; errors are ignored (the data was already checked).
    func close(_ fd: Int32)
    /// `pread`: reads up to `count` bytes at `offset` into the start of `buffer`.
    /// - Returns: bytes read, 0 at end of file.
    func read(_ fd: Int32, into buffer: IOBuffer, count: Int, at offset: Int64) throws(Errno) -> Int
    /// `pwrite`: writes `buffer[range]` at `offset`.
    /// - Returns: bytes written, possibly fewer than `range.count` (a short write).
    func write(_ fd: Int32, from buffer: IOBuffer, range: Range<Int>, at offset: Int64) throws(Errno) -> Int
    /// `copy_file_range`: copies up to `count` bytes in the kernel.
    /// - Returns: bytes copied, 0 at the source's end of file.
    /// - Throws: `EXDEV`, `ENOSYS`, `EOPNOTSUPP` or `EINVAL` when the fast path does not apply.
    func copyRange(from source: Int32, at sourceOffset: Int64, to target: Int32, at targetOffset: Int64,
                   count: Int) throws(Errno) -> Int
    /// `fallocate`/`posix_fallocate`: reserves `size` bytes for the file.
    func preallocate(_ fd: Int32, size: Int64) throws(Errno)
    /// `ftruncate`: sets the file's size in bytes.
    func truncate(_ fd: Int32, size: Int64) throws(Errno)
    /// `fsync`: flushes the file's data and metadata to stable storage.
    func sync(_ fd: Int32) throws(Errno)
    /// `fstat` of an open descriptor.
    func status(_ fd: Int32) throws(Errno) -> FileStatus
    /// `lstat` of a path (symlinks are not followed).
    func linkStatus(_ path: PathBytes) throws(Errno) -> FileStatus
    /// The names in a directory, without `.` and `..`, in directory order.
    func listDirectory(_ path: PathBytes) throws(Errno) -> [PathBytes]
    /// `mkdir`.
    func makeDirectory(_ path: PathBytes, permissions: UInt32) throws(Errno)
    /// `rmdir` of an empty directory.
    func removeDirectory(_ path: PathBytes) throws(Errno)
    /// `unlink` of a file or symlink.
    func unlink(_ path: PathBytes) throws(Errno)
    /// `rename`, atomically replacing `target` if it exists.
    func rename(_ source: PathBytes, to target: PathBytes) throws(Errno)
    /// `symlink`: creates `path` as a link whose content is `destination`.
    func makeSymlink(_ path: PathBytes, pointingTo destination: PathBytes) throws(Errno)
    /// `readlink`: a symlink's content.
    func readSymlink(_ path: PathBytes) throws(Errno) -> PathBytes
    /// `fchmod` of an open descriptor.
    func setPermissions(_ fd: Int32, _ permissions: UInt32) throws(Errno)
    /// `chmod` of a path (used for directories).
    func setPermissions(path: PathBytes, _ permissions: UInt32) throws(Errno)
    /// `futimens`: sets access and modification times of an open descriptor.
    func setTimes(_ fd: Int32, accessed: FileTime, modified: FileTime) throws(Errno)
    /// `utimensat(AT_SYMLINK_NOFOLLOW)`: sets times of a path, not following a final symlink.
    func setTimes(path: PathBytes, accessed: FileTime, modified: FileTime) throws(Errno)
    /// `close` of a descriptor that was written to, with its status: on NFS and other network
    /// filesystems, deferred write errors (`EIO`, `ENOSPC`, `EDQUOT`) surface here. Never
    /// retried: Linux releases the descriptor even when `close` fails with `EINTR`.
    func closeAfterWriting(_ fd: Int32) throws(Errno)
    /// Opens an existing file read-write (`O_RDWR | O_CLOEXEC | O_NOFOLLOW`), e.g. a partial
    /// copy to resume.
    func openForWriting(_ path: PathBytes) throws(Errno) -> Int32
    /// `fchown` of an open descriptor to numeric ids; `UInt32.max` leaves an id unchanged.
    func setOwner(_ fd: Int32, owner: UInt32, group: UInt32) throws(Errno)
    /// `lchown` of a path (symlinks are not followed).
    func setOwner(path: PathBytes, owner: UInt32, group: UInt32) throws(Errno)
    /// `flistxattr`: the names of an open file's extended attributes (ACLs included).
    func attributeNames(_ fd: Int32) throws(Errno) -> [String]
    /// `llistxattr`: the names of a path's extended attributes (symlinks are not followed).
    func attributeNames(path: PathBytes) throws(Errno) -> [String]
    /// `fgetxattr`: one extended attribute's value, bytes.
    func attribute(_ fd: Int32, name: String) throws(Errno) -> [UInt8]
    /// `lgetxattr`: one extended attribute's value, bytes.
    func attribute(path: PathBytes, name: String) throws(Errno) -> [UInt8]
    /// `fsetxattr`: creates or replaces an extended attribute.
    func setAttribute(_ fd: Int32, name: String, value: [UInt8]) throws(Errno)
    /// `lsetxattr`: creates or replaces an extended attribute.
    func setAttribute(path: PathBytes, name: String, value: [UInt8]) throws(Errno)
    /// `lremovexattr`: removes an extended attribute.
    func removeAttribute(path: PathBytes, name: String) throws(Errno)
    /// `mknod`: creates a FIFO, socket or device node.
    /// - Parameters:
    ///   - mode: file-type bits (`S_IFIFO`, `S_IFCHR`, …) or'ed with permission bits.
    ///   - device: the device number for character and block devices, else 0.
    func makeNode(_ path: PathBytes, mode: UInt32, device: UInt64) throws(Errno)
    /// `link`: makes `path` a new hard link to `existing`.
    func makeHardLink(_ path: PathBytes, to existing: PathBytes) throws(Errno)
    /// `lseek(SEEK_DATA)` then `lseek(SEEK_HOLE)`: the next run of data at or after `offset`,
    /// bytes, or `nil` when only a hole (or nothing) follows.
    /// - Throws: `EINVAL`/`EOPNOTSUPP` where the filesystem cannot tell holes apart.
    func dataSegment(_ fd: Int32, from offset: Int64) throws(Errno) -> Range<Int64>?
    /// Opens a directory for calls relative to it (`O_DIRECTORY | O_NOFOLLOW`); `nil` when
    /// this seam works by path only (the default: test seams see every full path).
    func openDirectory(_ path: PathBytes) -> Int32?
    /// `fstatat(directory, name, AT_SYMLINK_NOFOLLOW)`: `lstat` of `name` inside the directory
    /// open as `directory`, without resolving the directory's path again (one path
    /// component per call instead of the whole path).
    /// - Parameter parent: the directory's path, for seams that work by path (the default).
    func linkStatus(_ name: PathBytes, in directory: Int32, parent: PathBytes) throws(Errno) -> FileStatus
}

extension SystemCalls {
    func openDirectory(_ path: PathBytes) -> Int32? { nil }
    func linkStatus(_ name: PathBytes, in directory: Int32, parent: PathBytes) throws(Errno) -> FileStatus {
        try linkStatus(parent.appending(name))
    }
}

/// Wraps a seam and retries every call that fails with `EINTR`, so the engine never sees it.
struct RetryingSystemCalls: SystemCalls {
    /// The seam being wrapped (the real one, or a test's fault injector).
    let base: any SystemCalls
    /// Runs before every target write (`write`, `copyRange`); `nil` except under the
    /// end-to-end interruption test hook (`BlockingTestHook`).
    var beforeTargetWrite: (@Sendable () -> Void)? = nil

    @inline(__always)
    private func retry<T>(_ body: () throws(Errno) -> T) throws(Errno) -> T {
        while true {
            do { return try body() } catch where error == .interrupted { continue }
        }
    }

    func openForReading(_ path: PathBytes) throws(Errno) -> Int32 { try retry { () throws(Errno) in try base.openForReading(path) } }
    func createExclusive(_ path: PathBytes, permissions: UInt32) throws(Errno) -> Int32 {
        try retry { () throws(Errno) in try base.createExclusive(path, permissions: permissions) }
    }
    func close(_ fd: Int32) { base.close(fd) }
    func read(_ fd: Int32, into buffer: IOBuffer, count: Int, at offset: Int64) throws(Errno) -> Int {
        try retry { () throws(Errno) in try base.read(fd, into: buffer, count: count, at: offset) }
    }
    func write(_ fd: Int32, from buffer: IOBuffer, range: Range<Int>, at offset: Int64) throws(Errno) -> Int {
        beforeTargetWrite?()
        return try retry { () throws(Errno) in try base.write(fd, from: buffer, range: range, at: offset) }
    }
    func copyRange(from source: Int32, at sourceOffset: Int64, to target: Int32, at targetOffset: Int64,
                   count: Int) throws(Errno) -> Int {
        beforeTargetWrite?()
        return try retry { () throws(Errno) in
            try base.copyRange(from: source, at: sourceOffset, to: target, at: targetOffset, count: count)
        }
    }
    func preallocate(_ fd: Int32, size: Int64) throws(Errno) { try retry { () throws(Errno) in try base.preallocate(fd, size: size) } }
    func truncate(_ fd: Int32, size: Int64) throws(Errno) { try retry { () throws(Errno) in try base.truncate(fd, size: size) } }
    func sync(_ fd: Int32) throws(Errno) { try retry { () throws(Errno) in try base.sync(fd) } }
    func status(_ fd: Int32) throws(Errno) -> FileStatus { try retry { () throws(Errno) in try base.status(fd) } }
    func linkStatus(_ path: PathBytes) throws(Errno) -> FileStatus { try retry { () throws(Errno) in try base.linkStatus(path) } }
    func openDirectory(_ path: PathBytes) -> Int32? { base.openDirectory(path) }
    func linkStatus(_ name: PathBytes, in directory: Int32, parent: PathBytes) throws(Errno) -> FileStatus {
        try retry { () throws(Errno) in try base.linkStatus(name, in: directory, parent: parent) }
    }
    func listDirectory(_ path: PathBytes) throws(Errno) -> [PathBytes] { try retry { () throws(Errno) in try base.listDirectory(path) } }
    func makeDirectory(_ path: PathBytes, permissions: UInt32) throws(Errno) {
        try retry { () throws(Errno) in try base.makeDirectory(path, permissions: permissions) }
    }
    func removeDirectory(_ path: PathBytes) throws(Errno) { try retry { () throws(Errno) in try base.removeDirectory(path) } }
    func unlink(_ path: PathBytes) throws(Errno) { try retry { () throws(Errno) in try base.unlink(path) } }
    func rename(_ source: PathBytes, to target: PathBytes) throws(Errno) { try retry { () throws(Errno) in try base.rename(source, to: target) } }
    func makeSymlink(_ path: PathBytes, pointingTo destination: PathBytes) throws(Errno) {
        try retry { () throws(Errno) in try base.makeSymlink(path, pointingTo: destination) }
    }
    func readSymlink(_ path: PathBytes) throws(Errno) -> PathBytes { try retry { () throws(Errno) in try base.readSymlink(path) } }
    func setPermissions(_ fd: Int32, _ permissions: UInt32) throws(Errno) {
        try retry { () throws(Errno) in try base.setPermissions(fd, permissions) }
    }
    func setPermissions(path: PathBytes, _ permissions: UInt32) throws(Errno) {
        try retry { () throws(Errno) in try base.setPermissions(path: path, permissions) }
    }
    func setTimes(_ fd: Int32, accessed: FileTime, modified: FileTime) throws(Errno) {
        try retry { () throws(Errno) in try base.setTimes(fd, accessed: accessed, modified: modified) }
    }
    func setTimes(path: PathBytes, accessed: FileTime, modified: FileTime) throws(Errno) {
        try retry { () throws(Errno) in try base.setTimes(path: path, accessed: accessed, modified: modified) }
    }
    func closeAfterWriting(_ fd: Int32) throws(Errno) { try base.closeAfterWriting(fd) }
    func openForWriting(_ path: PathBytes) throws(Errno) -> Int32 { try retry { () throws(Errno) in try base.openForWriting(path) } }
    func setOwner(_ fd: Int32, owner: UInt32, group: UInt32) throws(Errno) {
        try retry { () throws(Errno) in try base.setOwner(fd, owner: owner, group: group) }
    }
    func setOwner(path: PathBytes, owner: UInt32, group: UInt32) throws(Errno) {
        try retry { () throws(Errno) in try base.setOwner(path: path, owner: owner, group: group) }
    }
    func attributeNames(_ fd: Int32) throws(Errno) -> [String] { try retry { () throws(Errno) in try base.attributeNames(fd) } }
    func attributeNames(path: PathBytes) throws(Errno) -> [String] {
        try retry { () throws(Errno) in try base.attributeNames(path: path) }
    }
    func attribute(_ fd: Int32, name: String) throws(Errno) -> [UInt8] {
        try retry { () throws(Errno) in try base.attribute(fd, name: name) }
    }
    func attribute(path: PathBytes, name: String) throws(Errno) -> [UInt8] {
        try retry { () throws(Errno) in try base.attribute(path: path, name: name) }
    }
    func setAttribute(_ fd: Int32, name: String, value: [UInt8]) throws(Errno) {
        try retry { () throws(Errno) in try base.setAttribute(fd, name: name, value: value) }
    }
    func setAttribute(path: PathBytes, name: String, value: [UInt8]) throws(Errno) {
        try retry { () throws(Errno) in try base.setAttribute(path: path, name: name, value: value) }
    }
    func removeAttribute(path: PathBytes, name: String) throws(Errno) {
        try retry { () throws(Errno) in try base.removeAttribute(path: path, name: name) }
    }
    func makeNode(_ path: PathBytes, mode: UInt32, device: UInt64) throws(Errno) {
        try retry { () throws(Errno) in try base.makeNode(path, mode: mode, device: device) }
    }
    func makeHardLink(_ path: PathBytes, to existing: PathBytes) throws(Errno) {
        try retry { () throws(Errno) in try base.makeHardLink(path, to: existing) }
    }
    func dataSegment(_ fd: Int32, from offset: Int64) throws(Errno) -> Range<Int64>? {
        try retry { () throws(Errno) in try base.dataSegment(fd, from: offset) }
    }
}
