import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import FerryCopy

@Suite("Faults injected through the syscall seam")
struct FaultInjectionTests {
    func smallTree(_ f: TreeFixture, files: Int = 12) throws {
        for i in 0..<files {
            try f.file("dir\(i % 3)/file\(i).bin", TreeFixture.bytes(1000 * (i + 1), seed: UInt64(i)))
        }
        try f.file("big.bin", TreeFixture.bytes(300 << 10, seed: 99))  // chunked: 5 chunks of 64 KiB
    }

    @Test("EINTR on every third call is retried transparently", arguments: [false, true])
    func interrupted(verify: Bool) throws {
        let f = try TreeFixture()
        try smallTree(f)
        let seam = FaultInjectingSystemCalls()
        seam.interruptEvery = 3
        let summary = try CopyEngine(options: testOptions(verify: verify), system: seam).run(from: f.source, to: f.target)
        #expect(summary.errors.isEmpty, "\(summary.errors)")
        #expect(seam.calls.withLock { $0["read", default: 0] + $0["copyRange", default: 0] } > 0)
        f.expectIdentical()
    }

    @Test("short writes of 777 bytes are completed by the write loop")
    func shortWrites() throws {
        let f = try TreeFixture()
        try smallTree(f)
        let seam = FaultInjectingSystemCalls()
        seam.disableCopyRange = true
        seam.maxWriteBytes = 777
        let summary = try CopyEngine(options: testOptions(), system: seam).run(from: f.source, to: f.target)
        #expect(summary.errors.isEmpty, "\(summary.errors)")
        #expect(seam.calls.withLock { $0["write", default: 0] } > 400)
        f.expectIdentical()
    }

    @Test("EACCES on one source fails that file only; a re-run without the fault completes")
    func permissionDenied() throws {
        let f = try TreeFixture()
        try smallTree(f)
        try f.file("secret", [1, 2, 3])
        let seam = FaultInjectingSystemCalls()
        seam.openFault = { $0.description.hasSuffix("/secret") ? .permissionDenied : nil }
        let summary = try CopyEngine(options: testOptions(), system: seam).run(from: f.source, to: f.target)
        #expect(summary.files == 13)
        #expect(summary.errors.map(\.path) == ["secret"])
        let message = summary.errors.first?.error.localizedDescription ?? ""
        #expect(message.contains("secret") && message.contains("EACCES"), "\(message)")
        #expect(!FileManager.default.fileExists(atPath: f.target + "/secret"))
        #expect(TreeFixture.temporaries(f.target).isEmpty)

        let rerun = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target)
        #expect(rerun.files == 1)
        f.expectIdentical()
    }

    @Test("ENOSPC stops new work, lists the failures, leaves no temporaries or broken files")
    func noSpace() throws {
        let f = try TreeFixture()
        try smallTree(f)
        let seam = FaultInjectingSystemCalls()
        let written = Locked<Int64>(0)
        // The "disk" holds 20 KB: any write past that fails with ENOSPC.
        seam.writeFault = { _, _, count in
            written.withLock { total -> Errno? in
                if total + Int64(count) > 20_000 { return .noSpace }
                total += Int64(count)
                return nil
            }
        }
        seam.disableCopyRange = true
        var options = testOptions(streams: 1)
        options.order = .walk
        let summary = try CopyEngine(options: options, system: seam).run(from: f.source, to: f.target)
        #expect(summary.stoppedReason?.contains("ENOSPC") == true)
        #expect(!summary.errors.isEmpty)
        #expect(summary.errors.contains { $0.error.errno == .noSpace })
        #expect(summary.files + summary.errors.count == 13)
        #expect(TreeFixture.temporaries(f.target).isEmpty)
        // Whatever did land under a final name is complete.
        let src = TreeFixture.snapshot(f.source)
        for (path, entry) in TreeFixture.snapshot(f.target) where entry.hasPrefix("file") {
            #expect(src[path] == entry, "\(path) is not a complete copy")
        }
        let rerun = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target)
        #expect(rerun.errors.isEmpty)
        f.expectIdentical()
    }

    @Test("a verification mismatch is rewritten, and reported when it persists", arguments: [1, 100])
    func corruption(corruptions: Int) throws {
        let f = try TreeFixture()
        try smallTree(f)
        let seam = FaultInjectingSystemCalls()
        seam.disableCopyRange = true
        let left = Locked(corruptions)
        let garbage = IOBuffer(capacity: 4096)
        garbage.fill(0xA5, count: 4096)
        let real = PosixSystemCalls()
        seam.afterWrite = { fd, path, offset in
            guard path.description.hasSuffix("file5.bin"), offset == 0 else { return }
            guard left.withLock({ n in n > 0 ? { n -= 1; return true }() : false }) else { return }
            _ = try? real.write(fd, from: garbage, range: 0..<16, at: 0)
        }
        let summary = try CopyEngine(options: testOptions(verify: true), system: seam).run(from: f.source, to: f.target)
        if corruptions == 1 {
            #expect(summary.errors.isEmpty, "\(summary.errors)")
            #expect(summary.retries == 1)
            f.expectIdentical()
        } else {
            #expect(summary.errors.count == 1)
            guard case .verificationFailed(let path, _, _, let attempts)? = summary.errors.first?.error else {
                Issue.record("expected a verification failure, got \(summary.errors)")
                return
            }
            #expect(path.hasSuffix("file5.bin"))
            #expect(attempts == 3)
            #expect(!FileManager.default.fileExists(atPath: f.target + "/dir2/file5.bin"))
            #expect(TreeFixture.temporaries(f.target).isEmpty)
        }
    }

    @Test("a source modified during its copy is copied again, or reported if it keeps changing",
          arguments: [1, 100], [false, true])
    func modifiedDuringCopy(modifications: Int, verify: Bool) throws {
        let f = try TreeFixture()
        try smallTree(f)
        let victim = try f.file("victim.bin", TreeFixture.bytes(200 << 10, seed: 7), mtime: 1_600_000_000)  // 4 chunks
        let seam = FaultInjectingSystemCalls()
        let left = Locked(modifications)
        seam.beforeSourceRead = { path, n in
            guard path.description == victim, n % 4 == 2 else { return }  // mid-copy, once per attempt
            guard left.withLock({ m in m > 0 ? { m -= 1; return true }() : false }) else { return }
            let handle = FileHandle(forWritingAtPath: victim)!
            handle.seekToEndOfFile()
            handle.write(Data("appended while copying".utf8))
            try? handle.close()
        }
        let summary = try CopyEngine(options: testOptions(verify: verify), system: seam).run(from: f.source, to: f.target)
        if modifications == 1 {
            #expect(summary.errors.isEmpty, "\(summary.errors)")
            #expect(summary.retries >= 1)
            f.expectIdentical()
        } else {
            #expect(summary.errors.count == 1)
            if case .sourceChanged(let path, let attempts)? = summary.errors.first?.error {
                #expect(path == "victim.bin")
                #expect(attempts == 3)
            } else {
                Issue.record("expected sourceChanged, got \(summary.errors)")
            }
            #expect(!FileManager.default.fileExists(atPath: f.target + "/victim.bin"))
            #expect(TreeFixture.temporaries(f.target).isEmpty)
        }
    }

    @Test("a source that vanishes after the walk is reported as ENOENT")
    func vanished() throws {
        let f = try TreeFixture()
        try smallTree(f)
        let seam = FaultInjectingSystemCalls()
        seam.openFault = { $0.description.hasSuffix("file3.bin") ? .noEntry : nil }
        let summary = try CopyEngine(options: testOptions(), system: seam).run(from: f.source, to: f.target)
        #expect(summary.errors.map(\.path) == ["dir0/file3.bin"])
        #expect(summary.errors.first?.error.errno == .noEntry)
    }
}
