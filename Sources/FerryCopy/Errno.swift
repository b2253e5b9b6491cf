#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A POSIX error number returned by a system call behind the copy engine's syscall seam.
///
/// Tests inject these (`.interrupted`, `.noSpace`, `.permissionDenied`) through a fake seam.
public struct Errno: Error, Hashable, Sendable, CustomStringConvertible {
    /// The raw `errno` value.
    public var code: Int32

    /// Wraps a raw `errno` value.
    /// - Parameter code: the value of `errno`, e.g. `EACCES`.
    public init(_ code: Int32) { self.code = code }

    /// The current thread's `errno`.
    static var current: Errno { Errno(errno) }

    /// `EINTR`: the call was interrupted by a signal and may be retried.
    public static let interrupted = Errno(EINTR)
    /// `ENOSPC`: the target filesystem is full.
    public static let noSpace = Errno(ENOSPC)
    /// `EACCES`: permission denied.
    public static let permissionDenied = Errno(EACCES)
    /// `ENOENT`: no such file or directory (e.g. a file vanished during the walk).
    public static let noEntry = Errno(ENOENT)
    /// `ENAMETOOLONG`: a path component or the whole path is too long.
    public static let nameTooLong = Errno(ENAMETOOLONG)
    /// `EEXIST`: the name already exists.
    public static let exists = Errno(EEXIST)
    /// `EIO`: an I/O error.
    public static let io = Errno(EIO)
    /// `EXDEV`: the operation crosses filesystems.
    public static let crossDevice = Errno(EXDEV)
    /// `ENOTDIR`: a path component is not a directory.
    public static let notDirectory = Errno(ENOTDIR)

    /// The C library's message with the symbolic name, e.g. `"permission denied (EACCES)"`.
    public var description: String {
        let message = String(cString: strerror(code)).lowercased()
        if let name = Errno.names[code] { return "\(message) (\(name))" }
        return "\(message) (errno \(code))"
    }

    private static let names: [Int32: String] = [
        EPERM: "EPERM", ENOENT: "ENOENT", EINTR: "EINTR", EIO: "EIO", EBADF: "EBADF",
        EACCES: "EACCES", EEXIST: "EEXIST", EXDEV: "EXDEV", ENOTDIR: "ENOTDIR", EISDIR: "EISDIR",
        EINVAL: "EINVAL", EFBIG: "EFBIG", ENOSPC: "ENOSPC", EROFS: "EROFS", ENAMETOOLONG: "ENAMETOOLONG",
        ENOTEMPTY: "ENOTEMPTY", ELOOP: "ELOOP", EDQUOT: "EDQUOT", ENOSYS: "ENOSYS", EOPNOTSUPP: "EOPNOTSUPP",
        EMFILE: "EMFILE", ENFILE: "ENFILE", ENOMEM: "ENOMEM", EAGAIN: "EAGAIN",
    ]
}
