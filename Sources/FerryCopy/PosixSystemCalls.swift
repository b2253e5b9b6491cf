#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The real system calls: the production side of the `SystemCalls` seam.
///
/// `copy_file_range` and `fallocate` are Linux/GNU extensions that Swift's Glibc module does
/// not export, so they are looked up once with `dlsym`; where absent, the calls report
/// `ENOSYS` and the engine falls back to `pread`/`pwrite` (and no preallocation).
struct PosixSystemCalls: SystemCalls {
    /// Creates the real seam.
    init() {}

    private typealias CopyFileRange = @convention(c) (
        Int32, UnsafeMutablePointer<Int64>?, Int32, UnsafeMutablePointer<Int64>?, Int, UInt32
    ) -> Int
    private typealias Fallocate = @convention(c) (Int32, Int32, Int64, Int64) -> Int32

    private struct Extensions: @unchecked Sendable {
        let copyFileRange: CopyFileRange?
        let fallocate: Fallocate?
    }

    private static let extensions: Extensions = {
        let handle = dlopen(nil, RTLD_NOW)
        func lookup<F>(_ name: String, as type: F.Type) -> F? {
            guard let handle, let symbol = dlsym(handle, name) else { return nil }
            return unsafeBitCast(symbol, to: type)
        }
        return Extensions(copyFileRange: lookup("copy_file_range", as: CopyFileRange.self),
                          fallocate: lookup("fallocate", as: Fallocate.self))
    }()

    @inline(__always)
    private func check(_ result: Int32) throws(Errno) {
        if result != 0 { throw Errno.current }
    }

    @inline(__always)
    private func withPath<T>(_ path: PathBytes, _ body: (UnsafePointer<CChar>) -> T) -> T {
        var bytes = path.bytes
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) }
        }
    }

    func openForReading(_ path: PathBytes) throws(Errno) -> Int32 {
        let fd = withPath(path) { open($0, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) }
        if fd < 0 { throw Errno.current }
        return fd
    }

    func createExclusive(_ path: PathBytes, permissions: UInt32) throws(Errno) -> Int32 {
        let fd = withPath(path) { open($0, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode_t(permissions)) }
        if fd < 0 { throw Errno.current }
        return fd
    }

    func close(_ fd: Int32) { _ = posixClose(fd) }

    func read(_ fd: Int32, into buffer: IOBuffer, count: Int, at offset: Int64) throws(Errno) -> Int {
        let n = pread(fd, buffer.pointer, min(count, buffer.capacity), off_t(offset))
        if n < 0 { throw Errno.current }
        return n
    }

    func write(_ fd: Int32, from buffer: IOBuffer, range: Range<Int>, at offset: Int64) throws(Errno) -> Int {
        precondition(range.upperBound <= buffer.capacity, "write range outside the buffer")
        let n = pwrite(fd, buffer.pointer + range.lowerBound, range.count, off_t(offset))
        if n < 0 { throw Errno.current }
        return n
    }

    func copyRange(from source: Int32, at sourceOffset: Int64, to target: Int32, at targetOffset: Int64,
                   count: Int) throws(Errno) -> Int {
        guard let copyFileRange = Self.extensions.copyFileRange else { throw Errno(ENOSYS) }
        var inOffset = sourceOffset
        var outOffset = targetOffset
        let n = copyFileRange(source, &inOffset, target, &outOffset, count, 0)
        if n < 0 { throw Errno.current }
        return n
    }

    func preallocate(_ fd: Int32, size: Int64) throws(Errno) {
        guard size > 0 else { return }
        guard let fallocate = Self.extensions.fallocate else { throw Errno(EOPNOTSUPP) }
        try check(fallocate(fd, 0, 0, size))
    }

    func truncate(_ fd: Int32, size: Int64) throws(Errno) { try check(ftruncate(fd, off_t(size))) }

    func sync(_ fd: Int32) throws(Errno) { try check(fsync(fd)) }

    private func convert(_ st: stat) -> FileStatus {
        let kind: FileKind
        switch st.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        default: kind = .special
        }
        return FileStatus(
            kind: kind, size: Int64(st.st_size), permissions: UInt32(st.st_mode) & 0o7777,
            modified: FileTime(seconds: Int64(st.st_mtim.tv_sec), nanoseconds: Int64(st.st_mtim.tv_nsec)),
            accessed: FileTime(seconds: Int64(st.st_atim.tv_sec), nanoseconds: Int64(st.st_atim.tv_nsec)),
            device: UInt64(st.st_dev), inode: UInt64(st.st_ino), owner: UInt32(st.st_uid), group: UInt32(st.st_gid),
            links: UInt64(st.st_nlink), blocks: Int64(st.st_blocks), typeBits: UInt32(st.st_mode & S_IFMT),
            deviceNumber: kind == .special ? UInt64(st.st_rdev) : 0)
    }

    func status(_ fd: Int32) throws(Errno) -> FileStatus {
        var st = stat()
        try check(fstat(fd, &st))
        return convert(st)
    }

    func linkStatus(_ path: PathBytes) throws(Errno) -> FileStatus {
        var st = stat()
        try check(withPath(path) { lstat($0, &st) })
        return convert(st)
    }

    func openDirectory(_ path: PathBytes) -> Int32? {
        let fd = withPath(path) { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW) }
        return fd < 0 ? nil : fd
    }

    func linkStatus(_ name: PathBytes, in directory: Int32, parent: PathBytes) throws(Errno) -> FileStatus {
        var st = stat()
        try check(withPath(name) { fstatat(directory, $0, &st, AT_SYMLINK_NOFOLLOW) })
        return convert(st)
    }

    func listDirectory(_ path: PathBytes) throws(Errno) -> [PathBytes] {
        guard let dir = withPath(path, { opendir($0) }) else { throw Errno.current }
        defer { closedir(dir) }
        var names: [PathBytes] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { throw Errno.current }
                break
            }
            let name: [UInt8] = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                let length = raw.firstIndex(of: 0) ?? raw.count
                return Array(raw[..<length])
            }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(PathBytes(bytes: name))
        }
        return names
    }

    func makeDirectory(_ path: PathBytes, permissions: UInt32) throws(Errno) {
        try check(withPath(path) { mkdir($0, mode_t(permissions)) })
    }

    func removeDirectory(_ path: PathBytes) throws(Errno) { try check(withPath(path) { rmdir($0) }) }

    func unlink(_ path: PathBytes) throws(Errno) { try check(withPath(path) { posixUnlink($0) }) }

    func rename(_ source: PathBytes, to target: PathBytes) throws(Errno) {
        try check(withPath(source) { from in withPath(target) { to in posixRename(from, to) } })
    }

    func makeSymlink(_ path: PathBytes, pointingTo destination: PathBytes) throws(Errno) {
        try check(withPath(destination) { content in withPath(path) { link in symlink(content, link) } })
    }

    func readSymlink(_ path: PathBytes) throws(Errno) -> PathBytes {
        var capacity = 256
        while true {
            var buffer = [UInt8](repeating: 0, count: capacity)
            let n = withPath(path) { p in
                buffer.withUnsafeMutableBufferPointer { b in
                    b.withMemoryRebound(to: CChar.self) { readlink(p, $0.baseAddress!, capacity) }
                }
            }
            if n < 0 { throw Errno.current }
            if n < capacity { return PathBytes(bytes: Array(buffer[..<n])) }
            capacity *= 4
        }
    }

    func setPermissions(_ fd: Int32, _ permissions: UInt32) throws(Errno) { try check(fchmod(fd, mode_t(permissions))) }

    func setPermissions(path: PathBytes, _ permissions: UInt32) throws(Errno) {
        try check(withPath(path) { chmod($0, mode_t(permissions)) })
    }

    private func times(_ accessed: FileTime, _ modified: FileTime) -> [timespec] {
        [timespec(tv_sec: Int(accessed.seconds), tv_nsec: Int(accessed.nanoseconds)),
         timespec(tv_sec: Int(modified.seconds), tv_nsec: Int(modified.nanoseconds))]
    }

    func setTimes(_ fd: Int32, accessed: FileTime, modified: FileTime) throws(Errno) {
        let spec = times(accessed, modified)
        try check(spec.withUnsafeBufferPointer { futimens(fd, $0.baseAddress) })
    }

    func setTimes(path: PathBytes, accessed: FileTime, modified: FileTime) throws(Errno) {
        let spec = times(accessed, modified)
        try check(withPath(path) { p in
            spec.withUnsafeBufferPointer { utimensat(AT_FDCWD, p, $0.baseAddress, AT_SYMLINK_NOFOLLOW) }
        })
    }

    func closeAfterWriting(_ fd: Int32) throws(Errno) { try check(posixClose(fd)) }

    func openForWriting(_ path: PathBytes) throws(Errno) -> Int32 {
        let fd = withPath(path) { open($0, O_RDWR | O_CLOEXEC | O_NOFOLLOW) }
        if fd < 0 { throw Errno.current }
        return fd
    }

    func setOwner(_ fd: Int32, owner: UInt32, group: UInt32) throws(Errno) {
        try check(fchown(fd, uid_t(owner), gid_t(group)))
    }

    func setOwner(path: PathBytes, owner: UInt32, group: UInt32) throws(Errno) {
        try check(withPath(path) { lchown($0, uid_t(owner), gid_t(group)) })
    }

    /// Runs a size-probing xattr call twice: first for the size, then into a buffer of it
    /// (again if the attribute grew in between, `ERANGE`).
    private func sized(_ call: (UnsafeMutablePointer<CChar>?, Int) -> Int) throws(Errno) -> [UInt8] {
        while true {
            let size = call(nil, 0)
            if size < 0 { throw Errno.current }
            if size == 0 { return [] }
            var buffer = [UInt8](repeating: 0, count: size)
            let n = buffer.withUnsafeMutableBufferPointer { b in
                b.withMemoryRebound(to: CChar.self) { call($0.baseAddress, size) }
            }
            if n >= 0 { return Array(buffer[..<n]) }
            if errno != ERANGE { throw Errno.current }
        }
    }

    private func names(_ list: [UInt8]) -> [String] {
        list.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    func attributeNames(_ fd: Int32) throws(Errno) -> [String] {
        names(try sized { Xattr.functions.flist(fd, $0, $1) })
    }

    func attributeNames(path: PathBytes) throws(Errno) -> [String] {
        names(try sized { buffer, size in withPath(path) { Xattr.functions.llist($0, buffer, size) } })
    }

    func attribute(_ fd: Int32, name: String) throws(Errno) -> [UInt8] {
        try sized { buffer, size in Xattr.functions.fget(fd, name, buffer, size) }
    }

    func attribute(path: PathBytes, name: String) throws(Errno) -> [UInt8] {
        try sized { buffer, size in withPath(path) { Xattr.functions.lget($0, name, buffer, size) } }
    }

    func setAttribute(_ fd: Int32, name: String, value: [UInt8]) throws(Errno) {
        try check(value.withUnsafeBytes { Xattr.functions.fset(fd, name, $0.baseAddress, $0.count, 0) })
    }

    func setAttribute(path: PathBytes, name: String, value: [UInt8]) throws(Errno) {
        try check(withPath(path) { p in value.withUnsafeBytes { Xattr.functions.lset(p, name, $0.baseAddress, $0.count, 0) } })
    }

    func removeAttribute(path: PathBytes, name: String) throws(Errno) {
        try check(withPath(path) { Xattr.functions.lremove($0, name) })
    }

    func makeNode(_ path: PathBytes, mode: UInt32, device: UInt64) throws(Errno) {
        try check(withPath(path) { mknod($0, mode_t(mode), dev_t(device)) })
    }

    func makeHardLink(_ path: PathBytes, to existing: PathBytes) throws(Errno) {
        try check(withPath(existing) { from in withPath(path) { to in link(from, to) } })
    }

    /// Linux's `SEEK_DATA`/`SEEK_HOLE` (not exported by the Glibc module).
    private static let seekData: Int32 = 3
    private static let seekHole: Int32 = 4

    func dataSegment(_ fd: Int32, from offset: Int64) throws(Errno) -> Range<Int64>? {
        let start = lseek(fd, off_t(offset), Self.seekData)
        if start < 0 {
            if errno == ENXIO { return nil }
            throw Errno.current
        }
        let end = lseek(fd, off_t(start), Self.seekHole)
        if end < 0 { throw Errno.current }
        return Int64(start)..<Int64(end)
    }
}

// File-level forwarders: inside `PosixSystemCalls` the names `close`, `unlink` and `rename`
// resolve to the seam's own methods.
private func posixClose(_ fd: Int32) -> Int32 { close(fd) }
private func posixUnlink(_ path: UnsafePointer<CChar>) -> Int32 { unlink(path) }
private func posixRename(_ from: UnsafePointer<CChar>, _ to: UnsafePointer<CChar>) -> Int32 { rename(from, to) }
