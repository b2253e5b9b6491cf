import Foundation

/// Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter").
///
/// ```
/// delay(attempt) = uniform(0, min(cap, base · 2^attempt))     attempt = 0, 1, 2, …
/// ```
public struct RetryPolicy: Sendable {
    /// Attempts in total (first try included), ≥ 1.
    public var maxAttempts: Int
    /// Base delay, seconds.
    public var baseDelay: Double
    /// Largest delay, seconds.
    public var maxDelay: Double

    /// Creates a policy; defaults: 8 attempts, 0.1 s base, 10 s cap.
    public init(maxAttempts: Int = 8, baseDelay: Double = 0.1, maxDelay: Double = 10) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The upper bound of the delay before retry number `attempt + 1`, seconds.
    public func ceiling(attempt: Int) -> Double {
        min(maxDelay, baseDelay * pow(2, Double(min(attempt, 30))))
    }

    /// A jittered delay for `attempt`, seconds: uniform in [0, ceiling].
    public func delay<G: RandomNumberGenerator>(attempt: Int, using generator: inout G) -> Double {
        Double.random(in: 0...ceiling(attempt: attempt), using: &generator)
    }

    /// Whether an HTTP status (with the S3 error code) is worth retrying: 500, 502, 503, 504,
    /// 429, or codes `SlowDown`, `RequestTimeout`, `InternalError`.
    public static func isRetryable(status: Int, code: String) -> Bool {
        [500, 502, 503, 504, 429].contains(status) || ["SlowDown", "RequestTimeout", "InternalError"].contains(code)
    }
}
