import Foundation

/// Counters of the requests a client sent (thread-safe): by operation, plus retries.
public final class S3RequestStats: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [String: Int] = [:]
    private var retryCount = 0

    /// Creates empty counters.
    public init() {}

    func record(_ operation: String) { lock.lock(); counts[operation, default: 0] += 1; lock.unlock() }
    func recordRetry() { lock.lock(); retryCount += 1; lock.unlock() }

    /// Requests sent per operation name (`PutObject`, `UploadPart`, …), retries included.
    public var byOperation: [String: Int] { lock.lock(); defer { lock.unlock() }; return counts }
    /// Requests sent in total.
    public var total: Int { byOperation.values.reduce(0, +) }
    /// Requests that were repeats after a retryable failure.
    public var retries: Int { lock.lock(); defer { lock.unlock() }; return retryCount }
}
