import Foundation

/// Walks a directory tree with several threads and tallies it into an `Inventory`.
///
/// Directories go on a shared last-in-first-out stack (depth-first, so the stack holds at most
/// the pending siblings along the current paths); each thread lists one directory at a time
/// with `fstatat` relative to it and keeps its own fixed-size tally (histograms, top-N), merged
/// at the end. Memory does not grow with the number of entries, except for one record per
/// hard-linked inode (needed to count its disk usage once). Symbolic links are not followed.
public struct InventoryScanner: Sendable {
    /// Walker threads, ≥ 1.
    public var threads: Int
    /// How many of the largest files to keep, ≥ 0.
    public var top: Int

    /// Creates a scanner.
    /// - Parameters:
    ///   - threads: walker threads (default: 2 × active cores, at least 2; listing is mostly
    ///     waiting on system calls).
    ///   - top: largest files to list (default 10).
    public init(threads: Int? = nil, top: Int = 10) {
        self.threads = max(1, threads ?? max(2, 2 * ProcessInfo.processInfo.activeProcessorCount))
        self.top = max(0, top)
    }

    /// Scans `root`.
    /// - Parameters:
    ///   - root: a directory.
    ///   - now: the reference time for ages (default: the start of the scan).
    /// - Returns: the inventory; entries that could not be read are counted in `errors`.
    /// - Throws: `InventoryError.notADirectory` when the root is missing or not a directory.
    public func scan(_ root: String, now: Date = Date()) throws -> Inventory {
        let rootStatus: EntryStatus
        switch DirectoryReader.status(of: root) {
        case let .failure(code): throw InventoryError.notADirectory(path: root, reason: code.message)
        case let .success(s): rootStatus = s
        }
        guard rootStatus.kind == .directory else {
            throw InventoryError.notADirectory(path: root, reason: "not a directory (symbolic links are not followed)")
        }
        let clock = ContinuousClock()
        let start = clock.now
        let reference = now.timeIntervalSince1970
        let shared = ScanQueue(root: root)
        let group = DispatchGroup()
        let top = self.top
        for _ in 0..<threads {
            group.enter()
            let thread = Thread {
                var tally = InventoryTally(top: top)
                while let job = shared.next() {
                    var children: [ScanQueue.Job] = []
                    var filesHere = 0
                    let failure = DirectoryReader.list(job.path, entry: { status, name in
                        tally.add(status, depth: job.depth + 1, now: reference, name: name, directory: job.relative)
                        if status.kind == .file { filesHere += 1 }
                        if status.kind == .directory {
                            let n = name()
                            children.append(.init(path: job.path + "/" + n, relative: job.relative.isEmpty ? n : job.relative + "/" + n,
                                                  depth: job.depth + 1))
                        }
                    }, failed: { name, code in
                        tally.fail("\(job.path)/\(name): \(code.message)")
                    })
                    if let failure { tally.fail("\(job.path): \(failure.message)") }
                    tally.finishDirectory(files: filesHere)
                    shared.done(adding: children)
                }
                shared.deposit(tally)
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
        var total = InventoryTally(top: top)
        total.add(rootStatus, depth: 0, now: reference, name: { "" }, directory: "")
        for t in shared.tallies { total.merge(t) }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return total.inventory(root: root, scannedAt: now, seconds: seconds, threads: threads)
    }
}

/// The shared directory stack of a scan, guarded by one condition variable.
final class ScanQueue: @unchecked Sendable {
    /// A directory to list: absolute path, path relative to the root, depth (root = 0).
    struct Job { var path: String, relative: String, depth: Int }

    private let condition = NSCondition()
    private var stack: [Job]
    private var busy = 0
    private(set) var tallies: [InventoryTally] = []

    init(root: String) {
        stack = [Job(path: root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root, relative: "", depth: 0)]
    }

    /// The next directory, waiting while others may still add some; `nil` when the walk is done.
    func next() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while stack.isEmpty && busy > 0 { condition.wait() }
        guard let job = stack.popLast() else {
            condition.broadcast()
            return nil
        }
        busy += 1
        return job
    }

    /// Marks a directory done and adds its subdirectories.
    func done(adding children: [Job]) {
        condition.lock()
        stack.append(contentsOf: children)
        busy -= 1
        if !children.isEmpty || busy == 0 { condition.broadcast() }
        condition.unlock()
    }

    /// Hands in a finished thread's tally.
    func deposit(_ tally: InventoryTally) {
        condition.lock()
        tallies.append(tally)
        condition.unlock()
    }
}
