import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import FerryCopy

/// Where tests keep default manifests (one file per canonical pair, so tests never share one),
/// instead of the user's ~/.local/state.
let testStateDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-copy-tests-state").path

/// Small options so tests exercise chunking without big files: chunk 64 KiB from 128 KiB.
func testOptions(streams: Int = 4, verify: Bool = false) -> CopyOptions {
    var options = CopyOptions(streams: streams, verify: verify, chunkThreshold: 128 << 10, chunkSize: 64 << 10,
                              bufferSize: 16 << 10, progressInterval: 0.05)
    options.stateDirectory = testStateDirectory
    return options
}

/// The manifest an engine with `testOptions()` uses for a fixture.
func testManifest(_ f: TreeFixture) throws -> Manifest {
    try Manifest(path: CopyEngine(options: testOptions()).manifestPath(source: f.source, destination: f.target))
}

@Suite("Copy engine on real trees")
struct CopyEngineTests {
    /// A tree with the awkward cases: odd names, empty files, chunk-size boundaries, modes,
    /// symlinks (relative, absolute, dangling), a deep chain, a read-only directory.
    func populate(_ f: TreeFixture) throws {
        try f.file("plain.txt", Array("hello\n".utf8), mode: 0o640, mtime: 1_600_000_000)
        try f.file("with space/and more spaces.txt", TreeFixture.bytes(1000, seed: 1))
        try f.file("new\nline", TreeFixture.bytes(10, seed: 2))
        try f.file("nön-äscii/日本語 ファイル.bin", TreeFixture.bytes(5000, seed: 3), mode: 0o600)
        try f.file("empty", [])
        try f.file("exact-chunk", TreeFixture.bytes(64 << 10, seed: 4))
        try f.file("exact-threshold", TreeFixture.bytes(128 << 10, seed: 5))
        try f.file("three-chunks-plus-one", TreeFixture.bytes((192 << 10) + 1, seed: 6), mode: 0o755)
        try f.file("exec.sh", Array("#!/bin/sh\n".utf8), mode: 0o1755)
        try f.symlink("link-rel", to: "plain.txt")
        try f.symlink("link-abs", to: "/etc/hostname")
        try f.symlink("link-dangling", to: "does/not/exist")
        var deep = ""
        for level in 0..<40 { deep += "d\(level)/" }
        try f.file(deep + "leaf", TreeFixture.bytes(77, seed: 7))
        try f.directory("empty-dir")
        try f.file("ro-dir/inside", [1, 2, 3])
        chmod(f.source + "/ro-dir", 0o555)
        f.setMTime(f.source + "/ro-dir", seconds: 1_500_000_000, nanoseconds: 5)
        f.setMTime(f.source + "/link-rel", seconds: 1_400_000_000, nanoseconds: 42)
    }

    @Test("copies a tree: content, mode, mtime, symlinks, odd names", arguments: [1, 4])
    func identicalTree(streams: Int) throws {
        let f = try TreeFixture()
        try populate(f)
        let summary = try CopyEngine(options: testOptions(streams: streams)).run(from: f.source, to: f.target)
        #expect(summary.errors.isEmpty, "\(summary.errors)")
        #expect(summary.files == 11)
        #expect(summary.symlinks == 3)
        f.expectIdentical()
    }

    @Test("verify hashes every file and still produces an identical tree")
    func verifiedCopy() throws {
        let f = try TreeFixture()
        try populate(f)
        let summary = try CopyEngine(options: testOptions(verify: true)).run(from: f.source, to: f.target)
        #expect(summary.errors.isEmpty, "\(summary.errors)")
        #expect(summary.verified == summary.files)
        f.expectIdentical()
        let manifest = try testManifest(f)
        let rows = try manifest.entries()
        #expect(rows[PathBytes("exact-chunk")]?.hash != nil)
        #expect(rows[PathBytes("plain.txt")]?.state == .copied)
    }

    @Test("a re-run copies nothing; an incremental run copies only what changed")
    func incremental() throws {
        let f = try TreeFixture()
        try populate(f)
        let engine = CopyEngine(options: testOptions())
        _ = try engine.run(from: f.source, to: f.target)

        let again = try engine.run(from: f.source, to: f.target)
        #expect(again.files == 0)
        #expect(again.symlinks == 0)
        #expect(again.skipped == 14)
        f.expectIdentical()

        try f.file("plain.txt", Array("changed\n".utf8), mode: 0o640, mtime: 1_600_000_100)
        try f.file("brand/new.bin", TreeFixture.bytes(300, seed: 9))
        try FileManager.default.removeItem(atPath: f.source + "/link-rel")
        try f.symlink("link-rel", to: "exec.sh")
        let third = try engine.run(from: f.source, to: f.target)
        #expect(third.files == 2)
        #expect(third.bytes == 8 + 300)
        #expect(third.symlinks == 1)
        #expect(third.errors.isEmpty)
        f.expectIdentical()
        #expect(try testManifest(f).runCount() == 3)
    }

    @Test("a target holding different content is overwritten; same size and mtime needs --checksum")
    func differentTarget() throws {
        let f = try TreeFixture()
        try f.file("a", TreeFixture.bytes(4096, seed: 1), mtime: 1_700_000_000)
        try f.file("b", TreeFixture.bytes(4096, seed: 2), mtime: 1_700_000_000)
        try f.file("c", TreeFixture.bytes(100, seed: 3), mtime: 1_700_000_000)
        // a: same size, different mtime and content. b: same size and mtime, different content
        // (invisible to the quick check). c: different size. d: a non-empty directory where a
        // file goes (kept, and reported, without --delete).
        try f.file("a", TreeFixture.bytes(4096, seed: 10), mtime: 1_600_000_000, in: f.target)
        try f.file("b", TreeFixture.bytes(4096, seed: 20), mtime: 1_700_000_000, in: f.target)
        f.setMTime(f.target + "/b", seconds: 1_700_000_000, nanoseconds: 123_456_789)
        try f.file("c", TreeFixture.bytes(5, seed: 30), in: f.target)
        try f.file("d/nested", [1], in: f.target)
        try f.file("d", [9, 9])

        let quick = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target)
        #expect(quick.files == 2)  // a, c
        #expect(quick.errors.map(\.path) == ["d"])  // d/nested is not the engine's to remove
        #expect(quick.skipped == 1)  // b fooled the quick check
        #expect(f.read(f.target + "/b") == TreeFixture.bytes(4096, seed: 20))

        var options = testOptions()
        options.checksum = true
        options.delete = true
        let checked = try CopyEngine(options: options).run(from: f.source, to: f.target)
        #expect(checked.files == 2)  // b (content differs), d (its directory is an extra with --delete)
        #expect(checked.skipped == 2)
        f.expectIdentical()
    }

    @Test("--delete removes extras; off by default; the manifest lives outside the destination")
    func deleteExtras() throws {
        let f = try TreeFixture()
        try f.file("keep", [1])
        try f.file("extra", [2], in: f.target)
        try f.file("old-dir/x", [3], in: f.target)
        _ = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target)
        #expect(FileManager.default.fileExists(atPath: f.target + "/extra"))

        var dry = testOptions()
        dry.delete = true
        dry.dryRun = true
        let preview = try CopyEngine(options: dry).run(from: f.source, to: f.target)
        #expect(preview.deleted.sorted() == ["extra", "old-dir"])
        #expect(FileManager.default.fileExists(atPath: f.target + "/extra"))

        var options = testOptions()
        options.delete = true
        let summary = try CopyEngine(options: options).run(from: f.source, to: f.target)
        #expect(summary.deleted.sorted() == ["extra", "old-dir"])
        #expect(!FileManager.default.fileExists(atPath: f.target + "/" + Manifest.defaultFileName))
        #expect(try testManifest(f).runCount() == 2)
        f.expectIdentical()
    }

    @Test("dry run changes nothing and reports what it would copy")
    func dryRun() throws {
        let f = try TreeFixture()
        try f.file("a/b", TreeFixture.bytes(10, seed: 1))
        try f.file("c", TreeFixture.bytes(20, seed: 2))
        var options = testOptions()
        options.dryRun = true
        let summary = try CopyEngine(options: options).run(from: f.source, to: f.target)
        #expect(summary.files == 2)
        #expect(summary.bytes == 30)
        #expect(!FileManager.default.fileExists(atPath: f.target))
    }

    @Test("special files are recreated, not skipped (see FidelityTests)")
    func specialFiles() throws {
        let f = try TreeFixture()
        try f.file("a", [1])
        #expect(mkfifo(f.source + "/pipe", 0o644) == 0)
        let summary = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target)
        #expect(summary.errors.isEmpty)
        #expect(summary.warnings.isEmpty)
        var st = stat()
        #expect(lstat(f.target + "/pipe", &st) == 0 && st.st_mode & S_IFMT == S_IFIFO)
    }

    @Test("a target path beyond PATH_MAX fails that entry (ENAMETOOLONG) and the rest continues")
    func nameTooLong() throws {
        let f = try TreeFixture()
        try f.file("short", [1])
        // Source path ≈ 3,900 bytes; the target root is 300 bytes longer, so its copy exceeds
        // PATH_MAX (4,096) and mkdir/open fail with ENAMETOOLONG.
        var deep = ""
        while deep.count < 3_800 { deep += String(repeating: "n", count: 200) + "/" }
        try FileManager.default.createDirectory(atPath: f.source + "/" + deep, withIntermediateDirectories: true)
        try f.file(deep + "leaf", [2])
        let target = f.root.path + "/" + String(repeating: "t", count: 250) + "/" + String(repeating: "u", count: 60)
        let summary = try CopyEngine(options: testOptions()).run(from: f.source, to: target)
        #expect(summary.files == 1)
        #expect(summary.errors.count >= 1)
        #expect(summary.errors.allSatisfy { $0.error.errno == .nameTooLong }, "\(summary.errors)")
        #expect(FileManager.default.fileExists(atPath: target + "/short"))
    }

    @Test("progress reports totals and reaches them")
    func progress() throws {
        let f = try TreeFixture()
        for i in 0..<20 { try f.file("f\(i)", TreeFixture.bytes(1000 + i, seed: UInt64(i))) }
        let seen = Locked([CopyProgress]())
        let summary = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target) { p in
            seen.withLock { $0.append(p) }
        }
        let last = try #require(seen.withLock { $0.last })
        #expect(last.filesTotal == 20)
        #expect(last.filesDone == 20)
        #expect(last.bytesDone == summary.bytes)
        #expect(last.bytesTotal == summary.bytes)
    }

    @Test("mixed and walk orders produce the same tree", arguments: [CopyOrder.mixed, .walk])
    func orders(order: CopyOrder) throws {
        let f = try TreeFixture()
        try populate(f)
        var options = testOptions()
        options.order = order
        let summary = try CopyEngine(options: options).run(from: f.source, to: f.target)
        #expect(summary.errors.isEmpty)
        f.expectIdentical()
    }

    @Test("a missing source is an error before anything is created")
    func missingSource() throws {
        let f = try TreeFixture()
        #expect(throws: CopyError.self) {
            _ = try CopyEngine(options: testOptions()).run(from: f.root.path + "/nope", to: f.target)
        }
        #expect(!FileManager.default.fileExists(atPath: f.target))
    }

    @Test("an unreadable source file is reported and the rest is copied",
          .disabled(if: getuid() == 0, "running as root: chmod 000 does not stop root reading; FaultInjectionTests injects EACCES instead"))
    func unreadableFile() throws {
        let f = try TreeFixture()
        try f.file("ok", [1])
        try f.file("secret", [2], mode: 0o000)
        let summary = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target)
        #expect(summary.files == 1)
        #expect(summary.errors.map(\.path) == ["secret"])
        #expect(summary.errors.first?.error.errno == .permissionDenied)
    }
}
