#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One run per destination: an exclusive, non-blocking `flock(2)` on the destination
/// directory itself, held for the whole run and released when the value is deallocated.
///
/// Locking the directory (not a file inside it) keeps the destination an exact mirror and
/// covers every run into it, whatever its source, manifest or user. The kernel drops the
/// lock when the process dies, so a `kill -9` never leaves a stale lock behind.
final class DestinationLock {
    private let fd: Int32

    /// Takes the lock or fails at once.
    /// - Parameter directory: the existing destination directory (canonical path).
    /// - Throws: `CopyError.busy` when another process holds it; `.system` if it cannot be opened.
    init(directory: String) throws(CopyError) {
        let opened = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard opened >= 0 else {
            throw .system(operation: "open destination for locking", path: directory, errno: .current)
        }
        if flock(opened, LOCK_EX | LOCK_NB) != 0 {
            let error = Errno.current
            _ = close(opened)
            if error.code == EWOULDBLOCK { throw .busy(destination: directory) }
            throw .system(operation: "lock destination", path: directory, errno: error)
        }
        fd = opened
    }

    deinit { _ = close(fd) }
}
