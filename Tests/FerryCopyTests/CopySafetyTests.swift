import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import FerryCopy

/// The ways the engine used to lose data (issue 9, items 1–7), each against today's rules.
@Suite("Copy engine safety: nothing is lost")
struct CopySafetyTests {
    private func deleting() -> CopyOptions {
        var options = testOptions()
        options.delete = true
        return options
    }

    // MARK: 1. --delete after source read errors

    @Test("--delete deletes nothing after a source lstat error (EIO, EACCES, ENAMETOOLONG), and says so",
          arguments: [Errno.io, .permissionDenied, .nameTooLong])
    func noDeleteAfterStatError(errno: Errno) throws {
        let f = try TreeFixture()
        try f.file("keep", [1])
        try f.file("d/unreadable", [2])
        try f.file("d/fine", [3])
        _ = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target)
        try f.file("extra", [9], in: f.target)  // a real extra: would be deleted by a clean run

        let seam = FaultInjectingSystemCalls()
        let bad = f.source + "/d/unreadable"
        seam.linkStatusFault = { $0.description == bad ? errno : nil }
        let summary = try CopyEngine(options: deleting(), system: seam).run(from: f.source, to: f.target)
        // Before the fix, 'd/unreadable' looked gone from the source and its copy was deleted.
        #expect(FileManager.default.fileExists(atPath: f.target + "/d/unreadable"))
        #expect(FileManager.default.fileExists(atPath: f.target + "/extra"), "no deletion at all after a read error")
        #expect(summary.deleted.isEmpty)
        #expect(summary.deletionSkipped == 1)
        #expect(summary.errors.map(\.path) == ["d/unreadable"])
        #expect(summary.errors.first?.error.errno == errno)
        #expect(summary.warnings.contains { $0.contains("skipped deletion") }, "\(summary.warnings)")

        // Once the source reads cleanly again, --delete does its job.
        let clean = try CopyEngine(options: deleting()).run(from: f.source, to: f.target)
        #expect(clean.deleted == ["extra"])
        #expect(clean.errors.isEmpty)
    }

    @Test("--delete keeps a directory's copies when the source directory cannot be listed")
    func noDeleteAfterReadDirectoryError() throws {
        let f = try TreeFixture()
        try f.file("d/a", [1])
        try f.file("d/b", [2])
        try f.file("e/c", [3])
        _ = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target)
        try f.file("e/extra", [4], in: f.target)

        let seam = FaultInjectingSystemCalls()
        let bad = f.source + "/d"
        seam.listFault = { $0.description == bad ? .io : nil }
        let summary = try CopyEngine(options: deleting(), system: seam).run(from: f.source, to: f.target)
        #expect(summary.errors.map(\.path) == ["d"])
        #expect(FileManager.default.fileExists(atPath: f.target + "/d/a"))
        #expect(FileManager.default.fileExists(atPath: f.target + "/d/b"))
        #expect(FileManager.default.fileExists(atPath: f.target + "/e/extra"))
        #expect(summary.deletionSkipped == 1)
    }

    // MARK: 2. non-empty directories without --delete

    @Test("without --delete a non-empty target directory is never replaced by a source file or symlink")
    func nonEmptyDirectoryKept() throws {
        let f = try TreeFixture()
        try f.file("x", [1, 2, 3])
        try f.symlink("y", to: "x")
        try f.file("z", [4])
        try f.file("x/user-added", [7], in: f.target)
        try f.file("y/user-added", [8], in: f.target)
        try FileManager.default.createDirectory(atPath: f.target + "/z", withIntermediateDirectories: true)

        let summary = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target)
        // Before the fix both directories (and the user's files in them) were removed.
        #expect(f.read(f.target + "/x/user-added") == [7])
        #expect(f.read(f.target + "/y/user-added") == [8])
        #expect(Set(summary.errors.map(\.path)) == ["x", "y"])
        #expect(summary.errors.allSatisfy { if case .wouldRemoveDirectory = $0.error { true } else { false } })
        // An empty directory in the way holds nothing to lose: it is replaced.
        #expect(f.read(f.target + "/z") == [4])

        let dry = try CopyEngine(options: { var o = testOptions(); o.dryRun = true; return o }())
            .run(from: f.source, to: f.target)
        #expect(Set(dry.errors.map(\.path)) == ["x", "y"], "a dry run reports the same conflicts")

        // With --delete the directory's entries are extras by definition: replaced.
        let mirrored = try CopyEngine(options: deleting()).run(from: f.source, to: f.target)
        #expect(mirrored.errors.isEmpty, "\(mirrored.errors)")
        f.expectIdentical()
    }

    // MARK: 3. names are user data

    @Test("source entries named like temporaries or the old manifest are copied; user .ferry-tmp.* files are kept")
    func namesAreData() throws {
        let f = try TreeFixture()
        try f.file(".ferry-tmp.abc", [1])
        try f.file(".ferry-tmp.0123456789abcdef.01234567.x", [2])
        try f.file(".ferry-manifest.sqlite", [3])
        try f.file(".ferry-manifest.sqlite-wal", [4])
        try f.file("sub/.ferry-tmp.deep", [5])
        try f.file(".ferry-tmp.mine", [6], in: f.target)  // the user's, not in the source

        let summary = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target)
        #expect(summary.files == 5)
        #expect(summary.staleTemporariesRemoved == 0)
        for name in [".ferry-tmp.abc", ".ferry-tmp.0123456789abcdef.01234567.x", ".ferry-manifest.sqlite",
                     ".ferry-manifest.sqlite-wal", "sub/.ferry-tmp.deep"] {
            #expect(f.read(f.target + "/" + name) == f.read(f.source + "/" + name), "\(name) not copied")
        }
        #expect(f.read(f.target + "/.ferry-tmp.mine") == [6])

        // A re-run (also a dry run) leaves them all alone.
        let dry = try CopyEngine(options: { var o = testOptions(); o.dryRun = true; return o }())
            .run(from: f.source, to: f.target)
        #expect(dry.staleTemporariesRemoved == 0)
        let again = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target)
        #expect(again.files == 0)
        #expect(again.staleTemporariesRemoved == 0)
        #expect(f.read(f.target + "/.ferry-tmp.mine") == [6])
    }

    @Test("exactly the temporaries a recorded run left are removed on the next run")
    func ownTemporariesRemoved() throws {
        let f = try TreeFixture()
        try f.file("a/file", [1])
        _ = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target)
        // What a killed run of this process would leave: its recorded prefix + random + name.
        let leftover = "a/" + TemporaryName.prefix + "0badf00d.file"
        try f.file(leftover, [9], in: f.target)
        let other = "a/.ferry-tmp.ffffffffffffffff.0badf00d.file"  // same shape, never recorded
        try f.file(other, [8], in: f.target)

        let summary = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target)
        #expect(summary.staleTemporariesRemoved == 1)
        #expect(!FileManager.default.fileExists(atPath: f.target + "/" + leftover))
        #expect(f.read(f.target + "/" + other) == [8])
    }

    @Test("temporary prefixes: recorded shape only")
    func prefixShape() {
        #expect(TemporaryName.isWellFormedPrefix(TemporaryName.prefix))
        #expect(!TemporaryName.isWellFormedPrefix(".ferry-tmp."))
        #expect(!TemporaryName.isWellFormedPrefix(".ferry-tmp.abc."))
        #expect(!TemporaryName.isWellFormedPrefix(".ferry-tmp.0123456789ABCDEF."))
        #expect(TemporaryName.make(for: PathBytes("/d/x")).lastComponent.bytes.starts(with: Array(TemporaryName.prefix.utf8)))
    }

    // MARK: 4. dangerous pairs

    @Test("SRC == DST (also through a symlink or ..) is refused")
    func samePair() throws {
        let f = try TreeFixture()
        try f.file("a", [1])
        try FileManager.default.createSymbolicLink(atPath: f.root.path + "/alias", withDestinationPath: f.source)
        for destination in [f.source, f.root.path + "/alias", f.source + "/../src/."] {
            #expect(throws: CopyError.self) {
                _ = try CopyEngine(options: testOptions()).run(from: f.source, to: destination)
            }
            do {
                _ = try CopyPaths.resolve(source: f.source, destination: destination, delete: false)
            } catch {
                #expect(error.isUsageError)
                #expect(error.localizedDescription.contains("same directory"))
            }
        }
        #expect(f.read(f.source + "/a") == [1])
    }

    @Test("DST inside SRC: the destination is skipped by the walk, no nesting, re-runs settle")
    func destinationInsideSource() throws {
        let f = try TreeFixture()
        try f.file("a", [1])
        try f.file("sub/b", [2])
        let inside = f.source + "/backup"
        let first = try CopyEngine(options: testOptions()).run(from: f.source, to: inside)
        #expect(first.errors.isEmpty)
        #expect(first.files == 2)
        #expect(!FileManager.default.fileExists(atPath: inside + "/backup"), "nested backup/backup")
        let again = try CopyEngine(options: deleting()).run(from: f.source, to: inside)
        #expect(again.files == 0)
        #expect(again.deleted.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: inside + "/backup"))
        #expect(f.read(inside + "/sub/b") == [2])
    }

    @Test("SRC inside DST with --delete is refused before anything is touched")
    func sourceInsideDestination() throws {
        let f = try TreeFixture()
        try f.file("inner/a", [1])
        try f.file("other", [2])
        #expect(throws: CopyError.self) {
            _ = try CopyEngine(options: deleting()).run(from: f.source + "/inner", to: f.source)
        }
        #expect(f.read(f.source + "/inner/a") == [1])
        #expect(f.read(f.source + "/other") == [2])
    }

    @Test("an empty DST and a DST that is a file are refused; nothing is modified")
    func badDestinations() throws {
        let f = try TreeFixture()
        try f.file("a", [1])
        #expect(throws: CopyError.unsafePaths(reason: "the destination path is empty (it would mean the working directory)")) {
            _ = try CopyEngine(options: testOptions()).run(from: f.source, to: "")
        }
        let file = f.root.path + "/plain-file"
        FileManager.default.createFile(atPath: file, contents: Data([5, 6]))
        do {
            _ = try CopyEngine(options: testOptions()).run(from: f.source, to: file)
            Issue.record("a file destination was accepted")
        } catch {
            guard case .badDestination = error else { Issue.record("wrong error \(error)"); return }
            #expect(error.localizedDescription.contains("existing file"))
        }
        #expect(FileManager.default.contents(atPath: file) == Data([5, 6]))
    }

    @Test("a manifest inside SRC or DST is refused")
    func manifestInsideData() throws {
        let f = try TreeFixture()
        try f.file("a", [1])
        for manifest in [f.target + "/m.sqlite", f.source + "/m.sqlite"] {
            var options = testOptions()
            options.manifestPath = manifest
            #expect(throws: CopyError.self) { _ = try CopyEngine(options: options).run(from: f.source, to: f.target) }
        }
    }

    @Test("canonical paths: missing tails keep their names, .. is applied")
    func canonicalPaths() throws {
        let f = try TreeFixture()
        let real = try #require(CopyPaths.realPath(f.root.path))
        #expect(CopyPaths.canonical(f.root.path + "/no/such/../dir") == real + "/no/dir")
        #expect(CopyPaths.canonical(f.source + "/.") == real + "/src")
        #expect(CopyPaths.isInside("/a/b", "/a"))
        #expect(!CopyPaths.isInside("/ab", "/a"))
        #expect(!CopyPaths.isInside("/a", "/a"))
    }

    // MARK: 5. one run per destination

    @Test("a second run into a locked destination fails at once with busy, touching nothing")
    func lockedDestination() throws {
        let f = try TreeFixture()
        try f.file("a", [1])
        try FileManager.default.createDirectory(atPath: f.target, withIntermediateDirectories: true)
        do {
            let held = try DestinationLock(directory: f.target)
            #expect(throws: CopyError.busy(destination: try #require(CopyPaths.realPath(f.target)))) {
                _ = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target)
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: f.target).isEmpty)
            withExtendedLifetime(held) {}
        }
        let after = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target)
        #expect(after.files == 1, "the lock is released with its holder")
    }

    // MARK: 6. setuid / setgid

    @Test("setuid and setgid bits are dropped while ownership is not kept; sticky and rwx stay")
    func privilegeBits() throws {
        let f = try TreeFixture()
        try f.file("suid", [1], mode: 0o4755)
        try f.file("sgid", [2], mode: 0o2750)
        try f.file("sticky", [3], mode: 0o1644)
        try f.directory("gdir")
        chmod(f.source + "/gdir", 0o2775)
        // Ownership not kept (--no-owner; copy fidelity keeps it by default as root).
        var options = testOptions()
        options.preserveOwner = false
        _ = try CopyEngine(options: options).run(from: f.source, to: f.target)
        func mode(_ path: String) -> mode_t {
            var st = stat()
            _ = lstat(f.target + "/" + path, &st)
            return st.st_mode & 0o7777
        }
        #expect(mode("suid") == 0o755)
        #expect(mode("sgid") == 0o750)
        #expect(mode("sticky") == 0o1644)
        #expect(mode("gdir") == 0o775)
        // A re-run does not flip modes back and forth.
        let again = try CopyEngine(options: options).run(from: f.source, to: f.target)
        #expect(again.files == 0)
        #expect(mode("suid") == 0o755)
        // The one switch copy fidelity conditions on ownership: 0o4755 & ~0o6000 = 0o755.
        #expect(PermissionPolicy.targetPermissions(0o4755, ownershipKept: false) == 0o755)
        #expect(PermissionPolicy.targetPermissions(0o6755, ownershipKept: true) == 0o6755)
    }

    // MARK: 7. the manifest outside the data

    @Test("the default manifest lives in the state directory keyed by the canonical pair; DST mirrors SRC")
    func manifestOutside() throws {
        let f = try TreeFixture()
        try f.file("a", [1])
        let state = f.root.path + "/state"
        var options = testOptions()
        options.stateDirectory = state
        _ = try CopyEngine(options: options).run(from: f.source, to: f.target)
        #expect(try FileManager.default.contentsOfDirectory(atPath: f.target) == ["a"])
        let files = try FileManager.default.contentsOfDirectory(atPath: state + "/manifests").filter { $0.hasSuffix(".sqlite") }
        #expect(files.count == 1)
        // The same pair spelt differently maps to the same manifest.
        let path = try CopyEngine(options: options).manifestPath(source: f.source + "/.", destination: f.target + "/../dst")
        #expect(path == state + "/manifests/" + files[0])
        #expect(try Manifest(path: path).runCount() == 1)
        // XDG_STATE_HOME wins over HOME; HOME/.local/state otherwise.
        #expect(ManifestLocation.stateDirectory(environment: ["XDG_STATE_HOME": "/x", "HOME": "/h"]) == "/x/ferry")
        #expect(ManifestLocation.stateDirectory(environment: ["HOME": "/h"]) == "/h/.local/state/ferry")
    }
}
