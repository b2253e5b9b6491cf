import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Puts the page cache in the state a `PageCacheMode` asks for before a timed copy.
public enum PageCache {
    /// Whether `/proc/sys/vm/drop_caches` can be written (root with a writable `/proc/sys`).
    public static var canDropAll: Bool { access("/proc/sys/vm/drop_caches", W_OK) == 0 }

    /// Prepares the cache.
    /// - Parameters:
    ///   - mode: what to do.
    ///   - files: the source files (for `evict`, and as the fallback of `drop`).
    /// - Returns: what was done: `dropped`, `evicted` or `warm`.
    @discardableResult
    public static func prepare(_ mode: PageCacheMode, files: [String]) -> String {
        switch mode {
        case .warm:
            return "warm"
        case .drop:
            sync()
            if let handle = FileHandle(forWritingAtPath: "/proc/sys/vm/drop_caches") {
                defer { try? handle.close() }
                if (try? handle.write(contentsOf: Data("3\n".utf8))) != nil { return "dropped" }
            }
            evict(files)
            return "evicted"
        case .evict:
            evict(files)
            return "evicted"
        }
    }

    /// Writes all dirty pages back (`sync`), so earlier writes are not flushed during a timed copy.
    public static func flush() { sync() }

    /// `fsync` (dirty pages cannot be dropped) then `POSIX_FADV_DONTNEED` on each file
    /// (Linux only; elsewhere a no-op, and the report's cache note overstates — Ferry targets Linux).
    public static func evict(_ files: [String]) {
        #if os(Linux)
        for path in files {
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else { continue }
            _ = fsync(fd)
            _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_DONTNEED))
            _ = close(fd)
        }
        #endif
    }

    /// A sentence for the report on how the cache was handled.
    public static func note(for mode: PageCacheMode, outcome: String) -> String {
        switch (mode, outcome) {
        case (.warm, _):
            return "page cache left warm: sources were read from memory, so these are memory-to-disk-cache rates"
        case (.drop, "dropped"):
            return "page cache dropped before every timed copy (sync; echo 3 > /proc/sys/vm/drop_caches)"
        case (.drop, _):
            return "dropping the page cache was not permitted (/proc/sys/vm/drop_caches not writable); the source files were evicted instead (fsync + posix_fadvise DONTNEED before every timed copy)"
        default:
            return "source files evicted from the page cache before every timed copy (fsync + posix_fadvise DONTNEED; the rest of the cache, shared with other processes, was left alone). Targets are written without fsync, as Ferry copies by default"
        }
    }
}
