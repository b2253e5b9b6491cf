import Foundation

/// A test hook for end-to-end interruption tests of the built binary.
///
/// Enabled only by the environment variable `FERRY_TEST_BLOCK_FIRST_WRITE=<marker path>`:
/// the first write into a target (`pwrite` or `copy_file_range`, seen through the syscall
/// seam) waits until the walk has finished (workers copy while the walk goes on, so without
/// this the walk's progress at the signal would be a race; trees in such tests must fit in
/// the work queue), creates the marker file and then blocks until the run is asked to stop,
/// so a test can send SIGINT/SIGTERM at a known point with a temporary on disk — no timing
/// involved.
final class BlockingTestHook: Sendable {
    /// The environment variable that enables the hook.
    static let variable = "FERRY_TEST_BLOCK_FIRST_WRITE"

    private let marker: String
    private let stop: StopState
    private let fired = Locked(false)
    private let walk = NSCondition()
    private nonisolated(unsafe) var walked = false

    /// Creates the hook when `environment` enables it, else `nil`.
    init?(environment: [String: String], stop: StopState) {
        guard let marker = environment[Self.variable], !marker.isEmpty else { return nil }
        self.marker = marker
        self.stop = stop
    }

    /// Called by the engine when the walk has handed out its last job.
    func walkFinished() {
        walk.lock()
        walked = true
        walk.broadcast()
        walk.unlock()
    }

    /// Called before each target write: blocks the first one until a stop is requested.
    func beforeTargetWrite() {
        let first = fired.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else { return }
        walk.lock()
        while !walked { walk.wait() }
        walk.unlock()
        _ = FileManager.default.createFile(atPath: marker, contents: Data("blocked\n".utf8))
        stop.waitUntilRequested()
    }
}
