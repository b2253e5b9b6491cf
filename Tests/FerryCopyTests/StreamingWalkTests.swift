import Dispatch
import Foundation
import GRDB
import Testing
@testable import FerryCopy

/// Issue 9 item 13: the walk streams into a bounded work queue, so memory does not grow with
/// the tree. Observed through the syscall seam (which files were `lstat`ed, which reached
/// their final name), never through timing.
@Suite("The walk streams into a bounded queue")
struct StreamingWalkTests {
    /// `dirs` directories of `files` small files each (no files at the root).
    private func tree(_ f: TreeFixture, dirs: Int, files: Int) throws {
        for d in 0..<dirs {
            for i in 0..<files { try f.file("d\(d)/f\(i)", TreeFixture.bytes(100 + i, seed: UInt64(d * 1_000 + i))) }
        }
    }

    @Test("files are copied while the walk goes on: the walk's third directory waits for a finished file")
    func copiesDuringTheWalk() throws {
        let f = try TreeFixture()
        try tree(f, dirs: 6, files: 5)
        let seam = FaultInjectingSystemCalls()
        let renamed = DispatchSemaphore(value: 0)
        let sourceListings = Locked(0)
        let waited = Locked<[Bool]>([])
        seam.afterRename = { _, target in
            if target.description.contains("/dst/") { renamed.signal() }
        }
        seam.listFault = { path in
            guard path.description.contains("/src") else { return nil }
            let n = sourceListings.withLock { count -> Int in
                count += 1
                return count
            }
            // Listings 1 and 2 are the root and the first subdirectory (its files are queued).
            // Before the third, a file must reach its final name. The old engine walked the
            // whole tree before copying anything, so it never could: the bounded wait ends
            // unanswered (the bound only limits how long a failing run takes).
            if n == 3 {
                let result = renamed.wait(timeout: .now() + 30)
                waited.withLock { $0.append(result == .success) }
                if result == .success { renamed.signal() }
            }
            return nil
        }
        let summary = try CopyEngine(options: testOptions(streams: 2), system: seam).run(from: f.source, to: f.target)
        #expect(waited.withLock { $0 } == [true], "no file was in place before the walk's third directory")
        #expect(summary.errors.isEmpty)
        #expect(summary.files == 30)
        f.expectIdentical()
    }

    @Test("the walk runs at most a directory plus the queue ahead of the copy, however big the tree")
    func boundedWalkAhead() throws {
        let f = try TreeFixture()
        let (dirs, files, capacity, streams) = (40, 25, 8, 2)
        try tree(f, dirs: dirs, files: files)
        let seam = FaultInjectingSystemCalls()
        // (files lstat'ed by the walk, files renamed into place, most lstat'ed-but-not-in-place)
        let counts = Locked((seen: 0, done: 0, peak: 0))
        seam.linkStatusFault = { path in
            let text = path.description
            if text.contains("/src/"), (text as NSString).lastPathComponent.hasPrefix("f") {
                counts.withLock { c in
                    c.seen += 1
                    c.peak = max(c.peak, c.seen - c.done)
                }
            }
            return nil
        }
        seam.afterRename = { _, target in
            if target.description.contains("/dst/") { counts.withLock { $0.done += 1 } }
        }
        let engine = CopyEngine(options: testOptions(streams: streams), system: seam, queueCapacity: capacity)
        let summary = try engine.run(from: f.source, to: f.target)
        #expect(summary.errors.isEmpty)
        #expect(summary.files == dirs * files)
        let c = counts.withLock { $0 }
        #expect(c.seen == dirs * files && c.done == dirs * files)
        // Hand bound: a file the walk has lstat'ed but not yet renamed is either in its
        // directory's listing not yet queued (≤ files = 25), waiting in the queue
        // (≤ capacity = 8), or in a worker's hands (≤ streams = 2): 35. The old engine
        // planned all 1,000 before copying one (peak = 1,000).
        #expect(c.peak <= files + capacity + streams, "peak walk-ahead \(c.peak) files")
        f.expectIdentical()
    }

    @Test("a re-run looks the manifest up per directory and rewrites only rows that changed")
    func rerunLookups() throws {
        let f = try TreeFixture()
        try tree(f, dirs: 3, files: 4)
        _ = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target)
        // Change one file's mode only: the quick check passes, its row must be updated.
        chmod(f.source + "/d1/f2", 0o600)
        let rerun = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target)
        #expect(rerun.files == 0 && rerun.skipped == 12)
        let manifest = try testManifest(f)
        let after = try manifest.entries()
        #expect(after.count == 12)
        #expect(after[PathBytes("d1/f2")]?.permissions == 0o600)
        // Which run last wrote each row: only the changed one belongs to run 2 (the other
        // lookups matched, so nothing was rewritten).
        let writers = try manifest.queue.read { db in
            try Row.fetchAll(db, sql: "SELECT path, run_id FROM entry").map {
                (String(decoding: $0["path"] as Data, as: UTF8.self), $0["run_id"] as Int64)
            }
        }
        let second = try #require(try manifest.lastRunID())
        #expect(writers.filter { $0.1 == second }.map(\.0) == ["d1/f2"])
    }
}
