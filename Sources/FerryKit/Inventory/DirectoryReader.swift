import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `lstat` says about one entry, in the units the inventory counts.
struct EntryStatus: Sendable {
    /// The entry's type.
    enum Kind: Sendable { case file, directory, symlink, other }
    /// Type.
    var kind: Kind
    /// `st_size`, bytes.
    var size: Int64
    /// `st_blocks × 512`, bytes on disk.
    var allocated: Int64
    /// Modification time, seconds since 1970.
    var modified: Double
    /// Hard-link count.
    var links: UInt64
    /// Device and inode, to count a hard-linked inode once.
    var device: UInt64, inode: UInt64
}

/// An errno from a directory or stat call, with its message.
struct ScanErrno: Error, Sendable {
    /// The errno value.
    var code: Int32
    init(_ code: Int32) { self.code = code }
    /// `strerror(code)`.
    var message: String { String(cString: strerror(code)) }
}

/// The scanner's only contact with the C directory and stat calls (`open`, `fdopendir`,
/// `readdir`, `fstatat` without following links). Unsafe pointers stay in this file.
enum DirectoryReader {
    /// `lstat` of one path.
    /// - Returns: the status, or the errno.
    static func status(of path: String) -> Result<EntryStatus, ScanErrno> {
        var st = stat()
        guard lstat(path, &st) == 0 else { return .failure(ScanErrno(errno)) }
        return .success(convert(st))
    }

    /// Lists a directory, examining every entry except `.` and `..` with `fstatat` relative to
    /// the open directory (no path resolution per entry, links not followed).
    /// - Parameters:
    ///   - path: the directory.
    ///   - entry: called per entry with its status and a function giving its name (made into a
    ///     `String` only when asked).
    ///   - failed: called per entry that could not be examined, with its name and errno.
    /// - Returns: `nil`, or the errno when the directory itself could not be opened.
    static func list(_ path: String, entry: (EntryStatus, () -> String) -> Void,
                     failed: (String, ScanErrno) -> Void) -> ScanErrno? {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return ScanErrno(errno) }
        guard let dir = fdopendir(fd) else {
            let code = ScanErrno(errno)
            close(fd)
            return code
        }
        defer { closedir(dir) }
        var st = stat()
        while true {
            errno = 0
            guard let ent = readdir(dir) else {
                if errno != 0 { return ScanErrno(errno) }
                break
            }
            withUnsafePointer(to: &ent.pointee.d_name) { raw in
                raw.withMemoryRebound(to: CChar.self, capacity: 256) { name in
                    if name[0] == 46 && (name[1] == 0 || (name[1] == 46 && name[2] == 0)) { return }
                    let makeName = { String(cString: name) }
                    if fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 {
                        entry(convert(st), makeName)
                    } else {
                        failed(makeName(), ScanErrno(errno))
                    }
                }
            }
        }
        return nil
    }

    private static func convert(_ st: stat) -> EntryStatus {
        let kind: EntryStatus.Kind
        switch st.st_mode & S_IFMT {
        case S_IFREG: kind = .file
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        default: kind = .other
        }
        #if canImport(Glibc)
        let modified = Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) * 1e-9
        #else
        let modified = Double(st.st_mtimespec.tv_sec) + Double(st.st_mtimespec.tv_nsec) * 1e-9
        #endif
        return EntryStatus(kind: kind, size: Int64(st.st_size), allocated: Int64(st.st_blocks) * 512, modified: modified,
                           links: UInt64(st.st_nlink), device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }
}
