/// Stops a run from another thread: the async entry point sets it when its task is
/// cancelled. Workers check it between ranges (every few MiB at most), stop taking work and
/// clean up; the coordinator then finishes the run as a stopped one.
final class CopyCancellation: Sendable {
    private let flag = Locked(false)

    /// A flag not yet set.
    init() {}

    /// Requests the stop (idempotent).
    func cancel() { flag.withLock { $0 = true } }

    /// Whether the stop was requested.
    var isCancelled: Bool { flag.withLock { $0 } }

    /// The reason recorded in the summary of a cancelled run.
    static let reason = "cancelled"
}
