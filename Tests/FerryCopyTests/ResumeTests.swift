import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import FerryCopy

@Suite("Resume inside a large file after a kill, and cancellation")
struct ResumeTests {
    /// Options where a 640 KiB file is "large": resumable in 64 KiB units.
    func options(streams: Int, delete: Bool = false) -> CopyOptions {
        var options = testOptions(streams: streams)
        options.delete = delete
        options.resumeThreshold = 256 << 10
        options.order = .walk
        return options
    }

    /// Names under `root` of resumable temporaries.
    static func partials(_ root: String) -> [String] {
        let all = FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []
        return all.filter { ($0 as NSString).lastPathComponent.hasPrefix(".ferry-part.") }
    }

    /// Runs a copy that "dies" (every call fails, nothing is cleaned up, as after `kill -9`)
    /// just before the write at `crashOffset` of big.bin.
    func crashedRun(_ f: TreeFixture, streams: Int, crashOffset: Int64) throws {
        let seam = FaultInjectingSystemCalls()
        seam.crashBefore = { path, offset in
            path.description.contains(".ferry-part.") && path.description.hasSuffix("big.bin") && offset >= crashOffset
        }
        _ = try CopyEngine(options: options(streams: streams), system: seam).run(from: f.source, to: f.target)
        #expect(seam.crashed.withLock { $0 }, "the crash point was never reached")
        #expect(!FileManager.default.fileExists(atPath: f.target + "/big.bin"))
        #expect(Self.partials(f.target).count == 1, "the partial copy must survive: \(Self.partials(f.target))")
    }

    @Test("a run killed after 6 of 10 units re-copies only the other 4 (≤ 60 %), then verifies the whole file",
          arguments: [(1, false), (4, false), (1, true)])
    func resumeAfterKill(streams: Int, delete: Bool) throws {
        let f = try TreeFixture()
        let size = 10 * (64 << 10)
        try f.file("big.bin", TreeFixture.bytes(size, seed: 42), mtime: 1_600_000_000)
        // streams 1: one worker writes units 0…9 in order, so exactly units 0–5 are done at
        // the crash. streams 4: chunks run concurrently; units at or past the crash offset
        // all die, and at most the 4 units before it were in flight.
        try crashedRun(f, streams: streams, crashOffset: 6 * (64 << 10))

        let counting = FaultInjectingSystemCalls()
        // With --delete the partial copy is not an extra entry to delete.
        let summary = try CopyEngine(options: options(streams: streams, delete: delete), system: counting)
            .run(from: f.source, to: f.target)
        #expect(summary.errors.isEmpty, "\(summary.errors)")
        #expect(summary.deleted.isEmpty)
        let copied = counting.bytesWritten.withLock { $0 }
        // Expected, by hand: 4 units × 64 KiB with one worker; with four, the re-run copies
        // every unit not recorded before the crash.
        if streams == 1 {
            // The ≤ 60 % target, deterministic: units 6–9 and nothing else.
            #expect(copied == 4 * (64 << 10))
            #expect(copied <= Int64(size) * 6 / 10, "re-run copied \(copied) of \(size) bytes")
        } else {
            // Units 6–9 always, plus at most the 3 units the other workers had in flight when
            // the fourth died (which of 0–5 were still unrecorded depends on scheduling): 4–7 units.
            #expect(copied >= 4 * (64 << 10) && copied <= 7 * (64 << 10), "re-run copied \(copied) of \(size) bytes")
        }
        f.expectIdentical()
        #expect(Self.partials(f.target).isEmpty)
    }

    @Test("a recorded range whose bytes are wrong is caught by the whole-file hash and copied again")
    func corruptPartialIsRecopied() throws {
        let f = try TreeFixture()
        let size = 10 * (64 << 10)
        try f.file("big.bin", TreeFixture.bytes(size, seed: 43), mtime: 1_600_000_000)
        try crashedRun(f, streams: 1, crashOffset: 5 * (64 << 10))
        // Damage a unit the journal says is done (as a power loss would).
        let partial = f.target + "/" + Self.partials(f.target)[0]
        let fd = open(partial, O_WRONLY)
        _ = [UInt8](repeating: 0xEE, count: 100).withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 1000) }
        close(fd)
        let summary = try CopyEngine(options: options(streams: 1)).run(from: f.source, to: f.target)
        #expect(summary.errors.isEmpty, "\(summary.errors)")
        #expect(summary.retries == 1)
        f.expectIdentical()
    }

    @Test("a partial copy of a source that changed since is discarded, not resumed")
    func changedSourceIsNotResumed() throws {
        let f = try TreeFixture()
        let size = 10 * (64 << 10)
        try f.file("big.bin", TreeFixture.bytes(size, seed: 44), mtime: 1_600_000_000)
        try crashedRun(f, streams: 1, crashOffset: 5 * (64 << 10))
        try f.file("big.bin", TreeFixture.bytes(size, seed: 45), mtime: 1_600_000_100)
        let counting = FaultInjectingSystemCalls()
        let summary = try CopyEngine(options: options(streams: 1), system: counting).run(from: f.source, to: f.target)
        #expect(summary.errors.isEmpty, "\(summary.errors)")
        #expect(counting.bytesWritten.withLock { $0 } == Int64(size))
        f.expectIdentical()
        #expect(Self.partials(f.target).isEmpty)
    }

    @Test("a partial copy whose source was deleted is swept away by the next run")
    func orphanPartialIsSwept() throws {
        let f = try TreeFixture()
        try f.file("big.bin", TreeFixture.bytes(10 * (64 << 10), seed: 46), mtime: 1_600_000_000)
        try f.file("keep.txt", [1])
        try crashedRun(f, streams: 1, crashOffset: 5 * (64 << 10))
        try FileManager.default.removeItem(atPath: f.source + "/big.bin")
        let summary = try CopyEngine(options: options(streams: 1)).run(from: f.source, to: f.target)
        #expect(summary.errors.isEmpty, "\(summary.errors)")
        #expect(Self.partials(f.target).isEmpty)
        let manifest = try CopyEngine(options: options(streams: 1)).manifestPath(source: f.source, destination: f.target)
        #expect(FileManager.default.fileExists(atPath: manifest))
        #expect(try ResumeJournal(manifest: Manifest(path: manifest)).temporaries().isEmpty)
    }

    @Test("cancelling the task running copy(from:to:) stops the run and throws CancellationError")
    func cancellation() async throws {
        let f = try TreeFixture()
        for i in 0..<40 { try f.file("f\(i).bin", TreeFixture.bytes(2000, seed: UInt64(i))) }
        let seam = FaultInjectingSystemCalls()
        let started = DispatchSemaphore(value: 0)
        let proceed = DispatchSemaphore(value: 0)
        let first = Locked(true)
        // The worker stops at its first source read until the test has cancelled: the
        // cancellation point is chosen, not raced.
        seam.beforeSourceRead = { _, _ in
            guard first.withLock({ f in defer { f = false }; return f }) else { return }
            started.signal()
            proceed.wait()
        }
        let engine = CopyEngine(options: testOptions(streams: 1), system: seam)
        let (source, target) = (f.source, f.target)
        let running = Task { try await engine.copy(from: source, to: target) }
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                started.wait()
                continuation.resume()
            }
        }
        running.cancel()
        proceed.signal()
        await #expect(throws: CancellationError.self) { _ = try await running.value }
        let copied = (try? FileManager.default.contentsOfDirectory(atPath: f.target))?
            .filter { $0.hasSuffix(".bin") }.count ?? 0
        #expect(copied <= 1, "\(copied) of 40 files were copied after the cancellation")
        #expect(TreeFixture.temporaries(f.target).isEmpty)
    }
}
