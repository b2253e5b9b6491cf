import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Puts the page cache in the state a `PageCacheMode` asks for before a timed copy.
public enum PageCache {
    /// Whether `/proc/sys/vm/drop_caches` can be written (root with a writable `/proc/sys`).
    public static var canDropAll: Bool { access("/proc/sys/vm/drop_caches", W_OK) == 0 }

    /// What an eviction did.
    public struct Eviction: Sendable, Equatable {
        /// Files asked for.
        public var files: Int
        /// Files whose open, fsync, fadvise or close failed (their pages may still be cached).
        public var failed: Int
        /// The first failure, `path: call: reason`.
        public var firstError: String?
        /// Whether every file was evicted.
        public var succeeded: Bool { failed == 0 }
    }

    /// Prepares the cache.
    /// - Parameters:
    ///   - mode: what to do.
    ///   - files: the source files (for `evict`, and as the fallback of `drop`).
    /// - Returns: what was done: `dropped`, `evicted`, `warm`, or `evict-failed` when any
    ///   file's eviction call failed (never reported as evicted).
    @discardableResult
    public static func prepare(_ mode: PageCacheMode, files: [String]) -> String {
        switch mode {
        case .warm:
            return "warm"
        case .drop:
            sync()
            if dropAll() { return "dropped" }
            return evict(files).succeeded ? "evicted" : "evict-failed"
        case .evict:
            return evict(files).succeeded ? "evicted" : "evict-failed"
        }
    }

    /// `echo 3 > /proc/sys/vm/drop_caches`; true only when the write and the close both succeed.
    static func dropAll() -> Bool {
        let fd = open("/proc/sys/vm/drop_caches", O_WRONLY)
        guard fd >= 0 else { return false }
        let written = "3\n".withCString { write(fd, $0, 2) }
        let closed = close(fd)
        return written == 2 && closed == 0
    }

    /// Writes all dirty pages back (`sync`), so earlier writes are not flushed during a timed copy.
    public static func flush() { sync() }

    /// `fsync` (dirty pages cannot be dropped) then `POSIX_FADV_DONTNEED` on each file, checking
    /// every call's status (Linux only; elsewhere nothing can be evicted and every file counts
    /// as failed, so the run never claims an eviction it did not do).
    @discardableResult
    public static func evict(_ files: [String]) -> Eviction {
        var result = Eviction(files: files.count, failed: 0, firstError: nil)
        func fail(_ path: String, _ call: String, _ code: Int32) {
            result.failed += 1
            if result.firstError == nil { result.firstError = "\(path): \(call): \(String(cString: strerror(code)))" }
        }
        #if os(Linux)
        for path in files {
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else { fail(path, "open", errno); continue }
            if fsync(fd) != 0 {
                fail(path, "fsync", errno)
                _ = close(fd)
                continue
            }
            // posix_fadvise returns the error number itself (it does not set errno).
            let advised = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_DONTNEED))
            let closed = close(fd)
            if advised != 0 { fail(path, "posix_fadvise", advised) } else if closed != 0 { fail(path, "close", errno) }
        }
        #else
        for path in files { fail(path, "posix_fadvise", ENOSYS) }
        #endif
        return result
    }

    /// A sentence for the report on how the cache was handled.
    public static func note(for mode: PageCacheMode, outcome: String) -> String {
        switch (mode, outcome) {
        case (.warm, _):
            return "page cache left warm: sources were read from memory, so these are memory-to-disk-cache rates"
        case (_, "evict-failed"):
            return "evicting the source files from the page cache FAILED for some files (an open, fsync or posix_fadvise call returned an error): those copies may have read from memory, so their rates may be optimistic"
        case (.drop, "dropped"):
            return "page cache dropped before every timed copy (sync; echo 3 > /proc/sys/vm/drop_caches)"
        case (.drop, _):
            return "dropping the page cache was not permitted (/proc/sys/vm/drop_caches not writable); the source files were evicted instead (fsync + posix_fadvise DONTNEED before every timed copy)"
        default:
            return "source files evicted from the page cache before every timed copy (fsync + posix_fadvise DONTNEED; the rest of the cache, shared with other processes, was left alone). Targets are written without fsync, as Ferry copies by default"
        }
    }
}
