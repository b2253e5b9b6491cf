import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import FerryCopy

/// Runs a command and returns (exit status, stdout).
@discardableResult
func shell(_ arguments: [String], allowFailure: Bool = false) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    if !allowFailure && process.terminationStatus != 0 {
        throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "\(arguments) exited \(process.terminationStatus)"])
    }
    return (process.terminationStatus, text)
}

/// Whether `tool` is on PATH (the fidelity oracle needs rsync, getfattr and getfacl).
func have(_ tool: String) -> Bool {
    (try? shell(["sh", "-c", "command -v \(tool)"], allowFailure: true).0) == 0
}

/// What `rsync -aHAX --numeric-ids` would keep, read back independently of the engine:
/// lstat fields, xattrs (getfattr), ACLs (getfacl) and the hard-link partition.
enum TreeMetadata {
    /// Relative path → "type mode uid:gid size mtime rdev" for every entry under `root`
    /// (the manifest and resumable temporaries excluded). Directory sizes are omitted
    /// (they depend on the directory's history, not its content).
    static func stat(_ root: String) -> [String: String] {
        var result: [String: String] = [:]
        for rel in entries(root) {
            var st = Glibc.stat()
            guard lstat(root + "/" + rel, &st) == 0 else { continue }
            let type = st.st_mode & S_IFMT
            let size = type == S_IFDIR ? "-" : "\(st.st_size)"
            result[rel] = "\(String(type, radix: 8)) \(String(st.st_mode & 0o7777, radix: 8)) \(st.st_uid):\(st.st_gid) "
                + "\(size) \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec) rdev \(type == S_IFCHR || type == S_IFBLK ? st.st_rdev : 0)"
        }
        return result
    }

    /// Relative paths under `root`, sorted, without the manifest.
    static func entries(_ root: String) -> [String] {
        let all = FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []
        return all.filter { !$0.hasPrefix(Manifest.defaultFileName) }.sorted()
    }

    /// Relative path → `getfattr -h -d -m -` output (all namespaces, without the header).
    static func xattrs(_ root: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for rel in entries(root) {
            let (_, text) = try shell(["getfattr", "-h", "-d", "-m", "-", "-e", "hex", root + "/" + rel], allowFailure: true)
            let lines = text.split(separator: "\n").filter { !$0.hasPrefix("# file:") }
            result[rel] = lines.joined(separator: "\n")
        }
        return result
    }

    /// Relative path → `getfacl -n -p` output (numeric ids, without the header).
    static func acls(_ root: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for rel in entries(root) {
            let full = root + "/" + rel
            var st = Glibc.stat()
            guard lstat(full, &st) == 0, st.st_mode & S_IFMT != S_IFLNK else { continue }
            let (_, text) = try shell(["getfacl", "-n", "-p", full], allowFailure: true)
            result[rel] = text.split(separator: "\n").filter { !$0.hasPrefix("# file:") }.joined(separator: "\n")
        }
        return result
    }

    /// The partition of regular files into hard-link groups, as sorted path lists.
    static func linkGroups(_ root: String) -> Set<[String]> {
        var groups: [UInt64: [String]] = [:]
        for rel in entries(root) {
            var st = Glibc.stat()
            guard lstat(root + "/" + rel, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { continue }
            groups[UInt64(st.st_ino), default: []].append(rel)
        }
        return Set(groups.values.map { $0.sorted() })
    }

    /// Allocated bytes of a file (`st_blocks` × 512).
    static func allocated(_ path: String) -> Int64 {
        var st = Glibc.stat()
        guard lstat(path, &st) == 0 else { return -1 }
        return Int64(st.st_blocks) * 512
    }
}

@Suite("Fidelity like rsync -aHAX --numeric-ids", .serialized)
struct FidelityTests {
    static let privileged = geteuid() == 0
    static let tools = have("rsync") && have("getfattr") && have("getfacl") && have("setfacl") && have("setfattr")

    /// Writes a sparse file: `size` bytes with 64 KiB of data at each offset in `data`.
    static func sparse(_ path: String, size: Int64, data: [Int64]) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(fd) }
        for (i, offset) in data.enumerated() {
            let bytes = TreeFixture.bytes(64 << 10, seed: UInt64(100 + i))
            _ = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(offset)) }
        }
        ftruncate(fd, off_t(size))
    }

    /// The tree rsync -aHAX keeps everything of: owners, setuid, hard links, a sparse file,
    /// xattrs in three namespaces, access and default ACLs, a FIFO, a socket, a device,
    /// symlink and directory times.
    func populate(_ f: TreeFixture) throws {
        let s = f.source
        try f.file("owned.txt", Array("owned\n".utf8), mode: 0o640)
        chown(s + "/owned.txt", 1234, 5678)
        try f.file("bin/tool", Array("#!/bin/sh\n".utf8), mode: 0o755)
        chown(s + "/bin/tool", 1234, 5678)
        chmod(s + "/bin/tool", 0o6755)  // after chown, which clears the bits
        try f.file("links/one", TreeFixture.bytes(3000, seed: 1))
        link(s + "/links/one", s + "/links/two")
        try f.directory("elsewhere")
        link(s + "/links/one", s + "/elsewhere/three")
        try f.file("links/lonely", TreeFixture.bytes(10, seed: 2))
        try Self.sparse(s + "/sparse.img", size: 8 << 20, data: [1 << 20, 5 << 20])
        try f.file("attrs.txt", Array("attrs".utf8))
        try shell(["setfattr", "-n", "user.colour", "-v", "blue", s + "/attrs.txt"])
        try shell(["setfattr", "-n", "trusted.note", "-v", "root-only", s + "/attrs.txt"])
        try shell(["setfattr", "-n", "user.dir", "-v", "yes", s + "/elsewhere"])
        try f.file("acl.txt", Array("acl".utf8), mode: 0o640)
        try shell(["setfacl", "-m", "u:1234:rw,g:5678:r", s + "/acl.txt"])
        try f.directory("shared")
        try shell(["setfacl", "-d", "-m", "g:5678:rwx", s + "/shared"])
        try shell(["setfacl", "-m", "u:4321:rx", s + "/shared"])
        #expect(mkfifo(s + "/pipe", 0o640) == 0)
        chown(s + "/pipe", 1234, 5678)
        #expect(mknod(s + "/null-device", S_IFCHR | 0o600, dev_t(1 << 8 | 3)) == 0)  // makedev(1, 3): /dev/null (Linux encoding for small numbers)
        try shell(["python3", "-c", "import socket; socket.socket(socket.AF_UNIX).bind('\(s)/sock')"])
        try f.symlink("link", to: "owned.txt")
        lchown(s + "/link", 1234, 5678)
        f.setMTime(s + "/link", seconds: 1_400_000_000, nanoseconds: 42)
        for (i, dir) in ["bin", "links", "elsewhere", "shared", ""].enumerated() {
            f.setMTime(dir.isEmpty ? s : s + "/" + dir, seconds: 1_500_000_000 + i, nanoseconds: 7)
        }
    }

    @Test("ferry's destination matches rsync -aHAX --numeric-ids of the same tree",
          .enabled(if: privileged && tools, "needs root, rsync, attr and acl"), arguments: [1, 4])
    func matchesRsync(streams: Int) throws {
        let f = try TreeFixture()
        try populate(f)
        let reference = f.root.path + "/rsync"
        try shell(["rsync", "-aHAX", "--numeric-ids", f.source + "/", reference + "/"])
        let summary = try CopyEngine(options: testOptions(streams: streams)).run(from: f.source, to: f.target)
        #expect(summary.errors.isEmpty, "\(summary.errors)")

        func expectSame(_ a: [String: String], _ b: [String: String], _ what: String) {
            let differing = Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
            let detail = differing.prefix(4).map { "\($0): rsync \(a[$0] ?? "-") | ferry \(b[$0] ?? "-")" }
            #expect(differing.isEmpty, "\(what) differ: \(detail)")
        }
        // rsync 3.5.0 here left the FIFO, socket and device with the time of its own run when
        // they sit among xattr/ACL-carrying entries (a standalone FIFO keeps its mtime), so
        // for those three the oracle's mtime is the source's, read with lstat.
        var oracle = TreeMetadata.stat(reference)
        let source = TreeMetadata.stat(f.source)
        for special in ["pipe", "sock", "null-device"] {
            let rsyncFields = oracle[special]?.split(separator: " ").enumerated().filter { $0.offset != 4 }.map(\.element)
            let sourceFields = source[special]?.split(separator: " ").enumerated().filter { $0.offset != 4 }.map(\.element)
            #expect(rsyncFields == sourceFields, "rsync and the source differ beyond the mtime at \(special)")
            oracle[special] = source[special]
        }
        expectSame(oracle, TreeMetadata.stat(f.target), "lstat fields")
        expectSame(try TreeMetadata.xattrs(reference), try TreeMetadata.xattrs(f.target), "xattrs")
        expectSame(try TreeMetadata.acls(reference), try TreeMetadata.acls(f.target), "ACLs")
        #expect(TreeMetadata.linkGroups(reference) == TreeMetadata.linkGroups(f.target))
        #expect(TreeMetadata.linkGroups(f.target).contains(["elsewhere/three", "links/one", "links/two"]))
        // Sparse: rsync -a without -S fills holes, so the oracle here is the source itself:
        // the copy allocates what the source allocates (128 KiB of data), ± one 4 KiB block
        // per data run for filesystem rounding, and far less than the 8 MiB size.
        let sourceBytes = TreeMetadata.allocated(f.source + "/sparse.img")
        let copyBytes = TreeMetadata.allocated(f.target + "/sparse.img")
        #expect(abs(copyBytes - sourceBytes) <= 2 * 4096, "allocated: source \(sourceBytes) B, copy \(copyBytes) B")
        #expect(f.read(f.target + "/sparse.img") == f.read(f.source + "/sparse.img"))

        // A second run changes nothing and reports nothing.
        let again = try CopyEngine(options: testOptions(streams: streams)).run(from: f.source, to: f.target)
        #expect(again.errors.isEmpty, "\(again.errors)")
        #expect(again.files == 0)
        expectSame(oracle, TreeMetadata.stat(f.target), "lstat fields after a re-run")
    }

    @Test("opt-outs: --no-owner strips setuid/setgid, --no-xattrs, --no-acls, --no-hard-links, --no-sparse",
          .enabled(if: privileged && tools, "needs root, attr and acl"))
    func optOuts() throws {
        let f = try TreeFixture()
        try populate(f)
        var options = testOptions()
        options.preserveOwner = false
        options.preserveXattrs = false
        options.preserveACLs = false
        options.preserveHardLinks = false
        options.preserveSparse = false
        let summary = try CopyEngine(options: options).run(from: f.source, to: f.target)
        #expect(summary.errors.isEmpty, "\(summary.errors)")
        var st = Glibc.stat()
        // Owner not kept (root's), group kept: setuid and setgid must go (cp -p's rule).
        #expect(lstat(f.target + "/bin/tool", &st) == 0)
        #expect(st.st_uid == 0 && st.st_gid == 5678)
        #expect(st.st_mode & 0o7777 == 0o755)
        let (_, attrs) = try shell(["getfattr", "-d", "-m", "-", f.target + "/attrs.txt"], allowFailure: true)
        #expect(!attrs.contains("colour") && !attrs.contains("trusted"), "\(attrs)")
        let (_, acl) = try shell(["getfacl", "-n", "-p", f.target + "/acl.txt"])
        #expect(!acl.contains("user:1234"), "\(acl)")
        #expect(TreeMetadata.linkGroups(f.target).allSatisfy { $0.count == 1 })
        #expect(TreeMetadata.allocated(f.target + "/sparse.img") >= 8 << 20)
    }

    @Test("a re-run restores an unchanged file's owner, group and setuid bit after they drifted",
          .enabled(if: privileged, "needs root"))
    func ownerDrift() throws {
        let f = try TreeFixture()
        try f.file("tool", Array("#!/bin/sh\n".utf8), mode: 0o755)
        chown(f.source + "/tool", 1234, 5678)
        chmod(f.source + "/tool", 0o4755)
        _ = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target)
        chown(f.target + "/tool", 999, 999)  // the kernel clears the setuid bit here
        let summary = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target)
        #expect(summary.errors.isEmpty && summary.files == 0)
        var st = Glibc.stat()
        #expect(lstat(f.target + "/tool", &st) == 0)
        #expect(st.st_uid == 1234 && st.st_gid == 5678)
        #expect(st.st_mode & 0o7777 == 0o4755)
    }

    @Test("a re-run brings an unchanged file's extended attributes and ACL in line with the source (set, changed, removed)",
          .enabled(if: have("setfattr") && have("getfattr") && have("setfacl")))
    func attributeDrift() throws {
        let f = try TreeFixture()
        try f.file("a.txt", Array("same bytes\n".utf8), mtime: 1_600_000_000)
        try f.file("b.txt", Array("other bytes\n".utf8), mtime: 1_600_000_000)
        try shell(["setfattr", "-n", "user.old", "-v", "1", f.source + "/b.txt"])
        _ = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target)
        // setfattr and setfacl change the ctime only: size and mtime still say "unchanged".
        try shell(["setfattr", "-n", "user.colour", "-v", "blue", f.source + "/a.txt"])
        try shell(["setfacl", "-m", "u:1234:r", f.source + "/a.txt"])
        try shell(["setfattr", "-x", "user.old", f.source + "/b.txt"])
        try shell(["setfattr", "-n", "user.new", "-v", "2", f.source + "/b.txt"])
        let summary = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target)
        #expect(summary.errors.isEmpty && summary.files == 0 && summary.skipped == 2, "\(summary.errors)")
        #expect(try TreeMetadata.xattrs(f.target) == TreeMetadata.xattrs(f.source))
        #expect(try TreeMetadata.acls(f.target) == TreeMetadata.acls(f.source))
        #expect(try TreeMetadata.xattrs(f.target)["b.txt"]?.contains("user.old") == false)
    }

    @Test("--no-specials reports each FIFO/socket/device as not copied (an error, so exit 2)")
    func specialsOff() throws {
        let f = try TreeFixture()
        try f.file("a", [1])
        #expect(mkfifo(f.source + "/pipe", 0o644) == 0)
        var options = testOptions()
        options.preserveSpecials = false
        let summary = try CopyEngine(options: options).run(from: f.source, to: f.target)
        #expect(summary.errors.map(\.path) == ["pipe"])
        #expect(summary.errors.first?.error.localizedDescription.contains("FIFO") == true)
        #expect(FileManager.default.fileExists(atPath: f.target + "/a"))
    }

    @Test("a sparse file stays sparse (SEEK_DATA/SEEK_HOLE), chunked or not", arguments: [1, 4])
    func sparseFile(streams: Int) throws {
        let f = try TreeFixture()
        // 4 MiB: 16 chunks of 256 KiB; data in chunk 0, the middle of chunk 5, and the tail.
        try Self.sparse(f.source + "/disk.img", size: 4 << 20, data: [0, (5 << 18) + 4096, (4 << 20) - (64 << 10)])
        var options = testOptions(streams: streams)
        options.chunkSize = 256 << 10
        options.chunkThreshold = 1 << 20
        let summary = try CopyEngine(options: options).run(from: f.source, to: f.target)
        #expect(summary.errors.isEmpty, "\(summary.errors)")
        let source = TreeMetadata.allocated(f.source + "/disk.img")
        let copy = TreeMetadata.allocated(f.target + "/disk.img")
        // 3 × 64 KiB of data; allow one extra 4 KiB block per run for rounding.
        #expect(source <= 3 * (64 << 10) + 3 * 4096)
        #expect(copy <= source + 3 * 4096, "copy allocates \(copy) B, source \(source) B")
        f.expectIdentical()
    }

    @Test("FIFOs are recreated (today's code skipped them with exit 0)")
    func fifoCreated() throws {
        let f = try TreeFixture()
        try f.file("a", [1])
        #expect(mkfifo(f.source + "/pipe", 0o640) == 0)
        f.setMTime(f.source + "/pipe", seconds: 1_300_000_000, nanoseconds: 9)
        let summary = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target)
        #expect(summary.errors.isEmpty, "\(summary.errors)")
        var st = Glibc.stat()
        #expect(lstat(f.target + "/pipe", &st) == 0)
        #expect(st.st_mode & S_IFMT == S_IFIFO)
        #expect(st.st_mode & 0o7777 == 0o640)
        #expect(st.st_mtim.tv_sec == 1_300_000_000 && st.st_mtim.tv_nsec == 9)
        let again = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target)
        #expect(again.errors.isEmpty && again.skipped == 2)
    }

    @Test("an unprivileged re-run into a read-only target directory gets temporary u+w, like rsync",
          .enabled(if: privileged && have("setpriv"), "needs root to switch to another uid"))
    func readOnlyTargetDirectory() throws {
        let f = try TreeFixture()
        try f.file("ro/one", [1])
        chmod(f.source + "/ro", 0o555)
        try FileManager.default.createDirectory(atPath: f.target, withIntermediateDirectories: true)
        chown(f.target, 65534, 65534)
        for dir in [f.root.path, f.root.deletingLastPathComponent().path] { chmod(dir, 0o755) }
        // The manifest goes where nobody may write it (outside SRC and DST).
        let state = f.root.path + "/state"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        chown(state, 65534, 65534)
        func runAsNobody() throws -> Int32 {
            try shell(["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups",
                       FerryExecutable.path, "copy", f.source, f.target, "--quiet",
                       "--manifest", state + "/manifest.sqlite"], allowFailure: true).0
        }
        #expect(try runAsNobody() == 0)
        chmod(f.source + "/ro", 0o755)
        try f.file("ro/two", [2])
        chmod(f.source + "/ro", 0o555)
        f.setMTime(f.source + "/ro", seconds: 1_500_000_000, nanoseconds: 0)
        #expect(try runAsNobody() == 0, "the second run failed on the read-only directory")
        #expect(f.read(f.target + "/ro/two") == [2])
        var st = Glibc.stat()
        #expect(lstat(f.target + "/ro", &st) == 0)
        #expect(st.st_mode & 0o7777 == 0o555, "mode \(String(st.st_mode & 0o7777, radix: 8)) was not restored")
        #expect(st.st_mtim.tv_sec == 1_500_000_000)
    }

    @Test("a write error that surfaces only at close fails that file, with no final name")
    func closeError() throws {
        let f = try TreeFixture()
        try f.file("a.bin", TreeFixture.bytes(5000, seed: 1))
        try f.file("b.bin", TreeFixture.bytes(5000, seed: 2))
        let seam = FaultInjectingSystemCalls()
        seam.closeFault = { $0.description.hasSuffix("b.bin") ? .io : nil }
        let summary = try CopyEngine(options: testOptions(), system: seam).run(from: f.source, to: f.target)
        #expect(summary.files == 1)
        #expect(summary.errors.map(\.path) == ["b.bin"])
        let message = summary.errors.first?.error.localizedDescription ?? ""
        #expect(message.contains("close") && message.contains("EIO"), "\(message)")
        #expect(!FileManager.default.fileExists(atPath: f.target + "/b.bin"))
        #expect(TreeFixture.temporaries(f.target).isEmpty)
    }
}

/// The built `ferry` executable (beside the test bundle, or `FERRY_BIN`).
enum FerryExecutable {
    static let path: String = {
        if let explicit = ProcessInfo.processInfo.environment["FERRY_BIN"] { return explicit }
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: me).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("ferry").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir.deleteLastPathComponent()
        }
        return ".build/debug/ferry"
    }()
}
