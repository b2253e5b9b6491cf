import Foundation

/// A test hook for end-to-end interruption tests of the built binary.
///
/// Enabled only by the environment variable `FERRY_TEST_BLOCK_FIRST_WRITE=<marker path>`:
/// the first write into a target (`pwrite` or `copy_file_range`, seen through the syscall
/// seam) creates the marker file and then blocks until the run is asked to stop, so a test
/// can send SIGINT/SIGTERM at a known point with a temporary on disk — no timing involved.
final class BlockingTestHook: Sendable {
    /// The environment variable that enables the hook.
    static let variable = "FERRY_TEST_BLOCK_FIRST_WRITE"

    private let marker: String
    private let stop: StopState
    private let fired = Locked(false)

    /// Creates the hook when `environment` enables it, else `nil`.
    init?(environment: [String: String], stop: StopState) {
        guard let marker = environment[Self.variable], !marker.isEmpty else { return nil }
        self.marker = marker
        self.stop = stop
    }

    /// Called before each target write: blocks the first one until a stop is requested.
    func beforeTargetWrite() {
        let first = fired.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else { return }
        FileManager.default.createFile(atPath: marker, contents: Data("blocked\n".utf8))
        stop.waitUntilRequested()
    }
}
