import Foundation

/// A request to stop a run early (SIGINT/SIGTERM in the CLI), shared by the engine, the
/// planner, the work queue and test hooks.
///
/// Once requested: the walk stops listing directories, the queue hands out no new work,
/// workers abandon the file in flight (removing its temporary), and the run returns its
/// summary with `stoppedReason` and `stopSignal` set. A request cannot be withdrawn.
final class StopState: @unchecked Sendable {
    private let condition = NSCondition()
    private var reason: String?
    private var signal: Int32?
    private var queue: WorkQueue?

    /// Asks the run to stop; the first request's reason and signal win.
    /// - Parameters:
    ///   - reason: shown in the summary, e.g. `"interrupted by SIGINT"`.
    ///   - signal: the signal number that caused it, if any.
    func request(reason: String, signal: Int32?) {
        condition.lock()
        if self.reason == nil {
            self.reason = reason
            self.signal = signal
        }
        let queue = self.queue
        let winner = self.reason!
        condition.broadcast()
        condition.unlock()
        queue?.cancel(reason: winner)
    }

    /// Connects the copy phase's queue (cancelled at once if a stop was already requested).
    func attach(_ queue: WorkQueue) {
        condition.lock()
        self.queue = queue
        let reason = self.reason
        condition.unlock()
        if let reason { queue.cancel(reason: reason) }
    }

    /// The request, if one was made: its reason and signal.
    var requested: (reason: String, signal: Int32?)? {
        condition.lock()
        defer { condition.unlock() }
        return reason.map { ($0, signal) }
    }

    /// Blocks the calling thread until a stop is requested (test hooks only).
    func waitUntilRequested() {
        condition.lock()
        while reason == nil { condition.wait() }
        condition.unlock()
    }
}
