import Foundation

/// The workers' shared queue of chunk tasks: a bounded window filled by the walk while the
/// workers drain it, plus retries in front.
///
/// The walk (`add`) blocks while `capacity` tasks are waiting (back-pressure), so memory
/// holds at most a window of jobs, never the whole tree. Workers block in `next` while the
/// window is empty but jobs are still outstanding or the walk may add more; they get `nil`
/// once the walk has finished adding (`finishAdding`) and every job has completed.
/// `stop` (after ENOSPC) drops the tasks not yet started and hands them back for cleanup;
/// tasks added after it are handed out and failed as not started by the workers.
final class WorkQueue: @unchecked Sendable {
    private let condition = NSCondition()
    /// Where the walk waits for room (its own condition, so waking a worker never wakes it).
    private let room = NSCondition()
    private var roomFreed = false
    private var walkWaiting = false
    private var retries: [CopyTask] = []
    /// Tasks in hand-out order; `window[head...]` are waiting.
    private var window: [CopyTask] = []
    private var head = 0
    private var outstandingJobs = 0
    private var closed = false
    private let order: CopyOrder
    /// Tasks that may wait in the window before `add` blocks.
    let capacity: Int
    private(set) var stopReason: String?
    private var cancellationReason: String?
    /// The most tasks ever waiting at once (tests check the bound).
    private(set) var peakWaiting = 0

    /// Creates an empty, open queue.
    /// - Parameters:
    ///   - capacity: tasks that may wait before `add` blocks (at least 1).
    ///   - order: the hand-out policy (`.mixed`: every 4th worker takes the newest task).
    init(capacity: Int, order: CopyOrder) {
        self.capacity = max(1, capacity)
        self.order = order
    }

    /// Convenience for a fixed list: every task added at once (as one job per distinct job),
    /// and the queue closed.
    convenience init(tasks: [CopyTask], jobs: Int, order: CopyOrder) {
        self.init(capacity: max(1, tasks.count), order: order)
        condition.lock()
        window = tasks
        outstandingJobs = jobs
        closed = true
        peakWaiting = tasks.count
        condition.unlock()
    }

    private var waiting: Int { window.count - head }

    /// Adds one job's tasks, blocking while the window is full (unless stopped).
    /// - Parameters:
    ///   - tasks: the job's chunk tasks (added together even when that overfills the window).
    ///   - interval: seconds between calls of `whileBlocked` during a long wait.
    ///   - whileBlocked: runs on the calling thread while it waits (the coordinator reports
    ///     progress and flushes the manifest from here).
    func add(_ tasks: [CopyTask], interval: Double = 0.5, whileBlocked: () -> Void = {}) {
        guard !tasks.isEmpty else { return }
        while true {
            condition.lock()
            if waiting < capacity || stopReason != nil {
                outstandingJobs += 1
                window.append(contentsOf: tasks)
                peakWaiting = max(peakWaiting, waiting)
                if tasks.count == 1 { condition.signal() } else { condition.broadcast() }
                condition.unlock()
                return
            }
            walkWaiting = true
            condition.unlock()
            room.lock()
            var timedOut = false
            let deadline = Date(timeIntervalSinceNow: interval)
            while !roomFreed {
                if !room.wait(until: deadline) {
                    timedOut = true
                    break
                }
            }
            roomFreed = false
            room.unlock()
            if timedOut { whileBlocked() }
        }
    }

    /// Called with `condition` held: wakes the walk when the window has drained to half.
    private func freeRoomIfWanted(force: Bool = false) {
        guard walkWaiting, force || waiting <= capacity / 2 else { return }
        walkWaiting = false
        room.lock()
        roomFreed = true
        room.signal()
        room.unlock()
    }

    /// The walk is over: no more `add` calls. Workers leave once every job has completed.
    func finishAdding() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next task for worker `worker`, or `nil` when the walk is over and all jobs are done.
    func next(worker: Int) -> CopyTask? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let task = retries.popLast() { return task }
            if head < window.count {
                let task: CopyTask
                // rclone's mixed ordering: every 4th worker takes from the other end.
                if order == .mixed && worker % 4 == 0 {
                    task = window.removeLast()
                } else {
                    task = window[head]
                    head += 1
                    if head >= 1024 && head * 2 >= window.count {
                        window.removeFirst(head)
                        head = 0
                    }
                }
                freeRoomIfWanted()
                return task
            }
            if head > 0 {
                window.removeAll(keepingCapacity: true)
                head = 0
            }
            if outstandingJobs == 0 && closed { return nil }
            freeRoomIfWanted(force: true)
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
        if outstandingJobs == 0 && closed { condition.broadcast() }
        condition.unlock()
    }

    /// Whether the walk is over and every job has completed; waits up to `timeout` seconds
    /// for that. Wake-ups for single finished jobs do not end the wait early (the coordinator
    /// used to flush the manifest after nearly every file that way: one SQLite transaction per file).
    func waitUntilDone(timeout: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while outstandingJobs > 0 || !closed {
            if !condition.wait(until: deadline) { break }
        }
        return outstandingJobs == 0 && closed
    }

    /// Stops handing out queued work; returns the dropped tasks (the caller finishes them).
    func stop(reason: String) -> [CopyTask] {
        condition.lock()
        defer { condition.unlock() }
        if stopReason == nil { stopReason = reason }
        let dropped = retries + Array(window[head...])
        retries = []
        window.removeAll()
        head = 0
        freeRoomIfWanted(force: true)
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
        freeRoomIfWanted(force: true)
        condition.broadcast()
        condition.unlock()
    }

    /// Why the run was cancelled, or `nil` while it may go on.
    var cancellation: String? {
        condition.lock()
        defer { condition.unlock() }
        return cancellationReason
    }

    /// Why new work stopped (ENOSPC or a cancellation), or `nil` while it may go on.
    var stopped: String? {
        condition.lock()
        defer { condition.unlock() }
        return stopReason
    }

    /// Whether `stop` has been called.
    var isStopped: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopReason != nil
    }
}
