import Foundation

/// The workers' shared queue of chunk tasks, in the planned order, plus retries in front.
///
/// Workers block in `next` while the queue is empty but jobs are still outstanding (a
/// finishing job may enqueue a retry); they get `nil` once every job has completed.
/// `stop` (after ENOSPC) drops the tasks not yet started and hands them back for cleanup.
final class WorkQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var retries: [CopyTask] = []
    private var tasks: [CopyTask]
    private var head = 0
    private var tail: Int
    private var outstandingJobs: Int
    private let order: CopyOrder
    private(set) var stopReason: String?
    private var cancellationReason: String?

    /// Creates a queue.
    /// - Parameters:
    ///   - tasks: tasks in order (for `.mixed`, ascending by size; the others, in hand-out order).
    ///   - jobs: number of distinct jobs among them.
    ///   - order: the hand-out policy.
    init(tasks: [CopyTask], jobs: Int, order: CopyOrder) {
        self.tasks = tasks
        tail = tasks.count
        outstandingJobs = jobs
        self.order = order
    }

    /// The next task for worker `worker`, or `nil` when all jobs are done.
    func next(worker: Int) -> CopyTask? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let task = retries.popLast() { return task }
            if head < tail {
                // rclone's mixed ordering: every 4th worker takes from the large end.
                if order == .mixed && worker % 4 == 0 {
                    tail -= 1
                    return tasks[tail]
                }
                head += 1
                return tasks[head - 1]
            }
            if outstandingJobs == 0 { return nil }
            condition.wait()
        }
    }

    /// Puts tasks in front of the queue (a retried job's chunks).
    func pushFront(_ new: [CopyTask]) {
        condition.lock()
        retries.append(contentsOf: new.reversed())
        condition.broadcast()
        condition.unlock()
    }

    /// Notes that a job has finished for good (committed or failed).
    func jobCompleted() {
        condition.lock()
        outstandingJobs -= 1
        // Only the last job changes what a waiter sees (workers leave `next`, the coordinator
        // stops waiting); retries arrive through `pushFront`, which wakes them itself.
        if outstandingJobs == 0 { condition.broadcast() }
        condition.unlock()
    }

    /// Whether every job has completed; waits up to `timeout` seconds for that. Wake-ups for
    /// single finished jobs do not end the wait early (the coordinator used to flush the
    /// manifest after nearly every file that way: one SQLite transaction per file).
    func waitUntilDone(timeout: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while outstandingJobs > 0 {
            if !condition.wait(until: deadline) { break }
        }
        return outstandingJobs == 0
    }

    /// Stops handing out queued work; returns the dropped tasks (the caller finishes them).
    func stop(reason: String) -> [CopyTask] {
        condition.lock()
        defer { condition.unlock() }
        if stopReason == nil { stopReason = reason }
        let dropped = retries + Array(tasks[head..<tail])
        retries = []
        head = tail
        condition.broadcast()
        return dropped
    }

    /// Stops handing out work for good (SIGINT/SIGTERM): queued tasks stay queued, and
    /// workers taking them see `cancellation` and finish them as not started; tasks in
    /// flight see it between buffers and abandon their file.
    func cancel(reason: String) {
        condition.lock()
        if stopReason == nil { stopReason = reason }
        if cancellationReason == nil { cancellationReason = reason }
        condition.broadcast()
        condition.unlock()
    }

    /// Why the run was cancelled, or `nil` while it may go on.
    var cancellation: String? {
        condition.lock()
        defer { condition.unlock() }
        return cancellationReason
    }

    /// Whether `stop` has been called.
    var isStopped: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopReason != nil
    }
}
