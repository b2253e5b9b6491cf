import Foundation

/// Paces all workers together to at most `bytesPerSecond` (`--bwlimit`).
///
/// Each worker reports bytes after moving them; the limiter reserves the matching slot on a
/// shared timeline and sleeps the caller until that slot ends:
/// ```
/// cursor = max(cursor, now) + bytes / rate;   sleep(cursor - now)
/// ```
/// so over any run the average rate is at most `rate`.
final class BandwidthLimiter: @unchecked Sendable {
    /// The cap in bytes per second, > 0.
    let bytesPerSecond: Double
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant
    private let cursor = Locked<Double>(0)

    /// Creates a limiter.
    /// - Parameter bytesPerSecond: the cap, bytes per second, > 0.
    init(bytesPerSecond: Double) {
        self.bytesPerSecond = bytesPerSecond
        origin = clock.now
    }

    private var now: Double {
        let d = clock.now - origin
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// Accounts for `bytes` just moved and blocks the calling (worker) thread as needed.
    func consume(_ bytes: Int) {
        guard bytes > 0 else { return }
        let t = now
        let wait = cursor.withLock { cursor -> Double in
            cursor = max(cursor, t) + Double(bytes) / bytesPerSecond
            return cursor - t
        }
        if wait > 0 { Thread.sleep(forTimeInterval: wait) }
    }

    /// A good slice size for `copy_file_range` under this limit: about 1/10 s of data.
    var sliceBytes: Int { max(64 << 10, min(8 << 20, Int(bytesPerSecond / 10))) }
}
