import Foundation

/// What is done to the page cache before each timed copy, so that the source is read from
/// the device rather than from memory.
public enum PageCacheMode: String, Sendable, Codable, CaseIterable {
    /// `sync`, then write 3 to `/proc/sys/vm/drop_caches` (root and a writable `/proc/sys`);
    /// falls back to `evict` when not permitted, and the run says so.
    case drop
    /// `fsync` and `posix_fadvise(POSIX_FADV_DONTNEED)` on every source file: evicts just the
    /// benchmark's data, needs no privilege and leaves other processes' cache alone (the
    /// default on shared machines). Pages another process pins stay cached.
    case evict
    /// Leave the cache as it is: measures copies from memory (warm cache).
    case warm
}
