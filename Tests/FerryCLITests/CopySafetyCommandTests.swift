import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Runs `ferry` as uid/gid 65534 (nobody) through `setpriv`, so permission checks apply
/// (the tests run as root, which bypasses them).
func runAsNobody(_ arguments: [String], environment: [String: String] = [:]) throws -> FerryBinary.Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
    process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", FerryBinary.path] + arguments
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    process.environment = env
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Small outputs only: read both to the end, then wait.
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return FerryBinary.Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                              stderr: String(decoding: stderr, as: UTF8.self))
}

/// A scratch directory owned by nobody (65534), so unprivileged runs can write in it.
func nobodyDirectory() throws -> String {
    let dir = try FerryBinary.temporaryDirectory()
    chmod(dir, 0o755)
    chown(dir, 65534, 65534)
    return dir
}

/// Recursively gives `path` to nobody.
func chownTree(_ path: String) {
    chown(path, 65534, 65534)
    for rel in (FileManager.default.enumerator(atPath: path)?.allObjects as? [String]) ?? [] {
        lchown(path + "/" + rel, 65534, 65534)
    }
}

let setprivAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") && getuid() == 0

@Suite("ferry copy: safety end to end")
struct CopySafetyCommandTests {
    @Test("unprivileged --delete with an unreadable source entry (EACCES) deletes nothing, says so, exits 2",
          .enabled(if: setprivAvailable, "needs root and setpriv to run the binary as nobody"))
    func deleteAfterPermissionError() throws {
        let dir = try nobodyDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/src/keep", count: 10, seed: 1)
        try writeFile(dir + "/src/closed/precious", count: 20, seed: 2)
        let env = ["XDG_STATE_HOME": dir + "/state"]
        let first = try FerryBinary.run(["copy", dir + "/src", dir + "/dst", "--quiet"], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        try writeFile(dir + "/dst/extra", count: 5, seed: 3)
        chownTree(dir + "/src")
        chownTree(dir + "/dst")
        mkdir(dir + "/state", 0o700)
        chownTree(dir + "/state")
        // 'closed' can be listed but not searched: lstat of its entries fails with EACCES for nobody.
        chown(dir + "/src/closed", 0, 0)
        chmod(dir + "/src/closed", 0o644)
        chmod(dir + "/dst/closed", 0o755)

        let run = try runAsNobody(["copy", dir + "/src", dir + "/dst", "--delete", "--format", "json"], environment: env)
        #expect(run.status == 2, "\(run.stdout) \(run.stderr)")
        // Before the fix: precious was 'gone from the source' and its only other copy was deleted.
        #expect(FileManager.default.fileExists(atPath: dir + "/dst/closed/precious"))
        #expect(FileManager.default.fileExists(atPath: dir + "/dst/extra"))
        #expect(run.stderr.contains("skipped deletion"), "\(run.stderr)")
        let json = try FerryBinary.json(run)
        #expect(json["deletion_skipped"] as? Int == 1)
        let errors = try #require(json["errors"] as? [[String: Any]])
        #expect(errors.map { $0["path"] as? String } == ["closed/precious"])
        #expect((errors.first?["error"] as? String)?.contains("EACCES") == true, "\(errors)")
    }

    @Test("read-only roots: an unprivileged re-run succeeds and DST holds exactly the source's entries",
          .enabled(if: setprivAvailable, "needs root and setpriv to run the binary as nobody"))
    func readOnlyRoots() throws {
        let dir = try nobodyDirectory()
        defer {
            chmod(dir + "/src", 0o755)
            chmod(dir + "/dst", 0o755)
            try? FileManager.default.removeItem(atPath: dir)
        }
        try writeFile(dir + "/src/a", count: 100, seed: 1)
        try writeFile(dir + "/src/b/c", count: 100, seed: 2)
        chownTree(dir + "/src")
        chmod(dir + "/src", 0o555)
        let env = ["XDG_STATE_HOME": dir + "/state"]
        let first = try runAsNobody(["copy", dir + "/src", dir + "/dst", "--format", "json"], environment: env)
        #expect(first.status == 0, "\(first.stdout) \(first.stderr)")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir + "/dst")) == ["a", "b"])
        var st = stat()
        _ = lstat(dir + "/dst", &st)
        #expect(st.st_mode & 0o777 == 0o555, "the target root takes the source root's read-only mode")
        // Before the fix the manifest sat in the (now read-only) target root and this failed.
        let again = try runAsNobody(["copy", dir + "/src", dir + "/dst", "--format", "json"], environment: env)
        #expect(again.status == 0, "\(again.stdout) \(again.stderr)")
        let json = try FerryBinary.json(again)
        #expect(json["skipped"] as? Int == 2)
        #expect(json["files"] as? Int == 0)
        let manifests = try FileManager.default.contentsOfDirectory(atPath: dir + "/state/ferry/manifests")
        #expect(manifests.filter { $0.hasSuffix(".sqlite") }.count == 1)
    }

    @Test("a second run into a destination in use exits 1 at once with a message, touching nothing")
    func concurrentRun() throws {
        let dir = try FerryBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/src/a", count: 10, seed: 1)
        try FileManager.default.createDirectory(atPath: dir + "/dst", withIntermediateDirectories: true)
        // Hold the destination's lock as a running copy would (flock on the directory).
        let fd = open(dir + "/dst", O_RDONLY | O_DIRECTORY)
        #expect(fd >= 0)
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        let blocked = try FerryBinary.run(["copy", dir + "/src", dir + "/dst"], environment: ["XDG_STATE_HOME": dir + "/state"])
        #expect(blocked.status == 1, "\(blocked.stdout) \(blocked.stderr)")
        #expect(blocked.stderr.contains("another ferry copy is running"), "\(blocked.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/dst").isEmpty)
        close(fd)
        let free = try FerryBinary.run(["copy", dir + "/src", dir + "/dst"], environment: ["XDG_STATE_HOME": dir + "/state"])
        #expect(free.status == 0, "\(free.stderr)")
    }

    @Test("dangerous pairs: SRC == DST and SRC inside DST with --delete exit 64, an empty DST exits 64, a file DST exits 1")
    func dangerousPairs() throws {
        let dir = try FerryBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/src/a", count: 10, seed: 1)
        try writeFile(dir + "/src/inner/b", count: 10, seed: 2)
        try writeFile(dir + "/work/existing", count: 10, seed: 3)
        let env = ["XDG_STATE_HOME": dir + "/state"]
        let same = try FerryBinary.run(["copy", dir + "/src", dir + "/src/inner/.."], environment: env)
        #expect(same.status == 64, "\(same.stderr)")
        #expect(same.stderr.contains("same directory"), "\(same.stderr)")
        let inside = try FerryBinary.run(["copy", dir + "/src/inner", dir + "/src", "--delete"], environment: env)
        #expect(inside.status == 64, "\(inside.stderr)")
        #expect(inside.stderr.contains("would remove the source"), "\(inside.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/src/a"))
        // Before the fix an empty DST copied into the working directory, overwriting 'existing'.
        try writeFile(dir + "/work/a", count: 3, seed: 9)
        let empty = try FerryBinary.run(["copy", dir + "/src", ""], in: dir + "/work", environment: env)
        #expect(empty.status == 64, "\(empty.stderr)")
        #expect(FileManager.default.contents(atPath: dir + "/work/a")?.count == 3)
        #expect(!FileManager.default.fileExists(atPath: dir + "/work/inner"))
        let file = try FerryBinary.run(["copy", dir + "/src", dir + "/work/existing"], environment: env)
        #expect(file.status == 1, "\(file.stderr)")
        #expect(file.stderr.contains("is an existing file, not a directory"), "\(file.stderr)")
        #expect(FileManager.default.contents(atPath: dir + "/work/existing")?.count == 10)
        // DST inside SRC: copied once, no backup/backup/… nesting.
        let nested = try FerryBinary.run(["copy", dir + "/src", dir + "/src/backup", "--format", "json"], environment: env)
        #expect(nested.status == 0, "\(nested.stderr)")
        #expect(try FerryBinary.json(nested)["files"] as? Int == 2)
        #expect(!FileManager.default.fileExists(atPath: dir + "/src/backup/backup"))
    }

    @Test("bad option values exit 64 with a message naming the flag", arguments: [
        ["--chunk-size", "16EiB"], ["--chunk-threshold", "16EiB"], ["--chunk-size", "0"], ["--chunk-size", "1KiB"],
        ["--bwlimit", "10M/s"], ["--bwlimit", "0MB/s"], ["--bwlimit", "0.001B/s"], ["--streams", "0"], ["--streams", "100000"],
        ["--modify-window", "-1"], ["--stats", "soon"], ["--order", "random"],
    ])
    func badValues(arguments: [String]) throws {
        let dir = try FerryBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/src/a", count: 10, seed: 1)
        let result = try FerryBinary.run(["copy", dir + "/src", dir + "/dst"] + arguments,
                                         environment: ["XDG_STATE_HOME": dir + "/state"])
        // Before the fix 16EiB trapped converting to Int64 (signal) and unit errors exited 1.
        #expect(result.status == 64, "\(arguments): \(result.status) \(result.stderr)")
        #expect(result.stderr.hasPrefix("Error:"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/dst"), "nothing is created on a usage error")
    }
}

@Suite("ferry copy: SIGINT and SIGTERM")
struct CopySignalTests {
    @Test("a signal during a blocked copy: no temporaries, summary printed, exit 128 + signal, re-run completes",
          arguments: [SIGINT, SIGTERM])
    func interrupted(signal number: Int32) throws {
        let dir = try FerryBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/src/big", count: 24 << 20, seed: 1)  // three 8 MiB copy slices
        for i in 0..<5 { try writeFile(dir + "/src/small/f\(i)", count: 1000, seed: 10 + i) }
        let marker = dir + "/blocked"
        let state = dir + "/state"

        let process = Process()
        process.executableURL = URL(fileURLWithPath: FerryBinary.path)
        process.arguments = ["copy", dir + "/src", dir + "/dst", "--streams", "1", "--format", "json"]
        var env = ProcessInfo.processInfo.environment
        env["XDG_STATE_HOME"] = state
        // The engine blocks its first target write until it is asked to stop (no timing).
        env["FERRY_TEST_BLOCK_FIRST_WRITE"] = marker
        process.environment = env
        let out = dir + "/out.json"
        FileManager.default.createFile(atPath: out, contents: nil)
        let outHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardOutput = outHandle
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait for the engine to reach the blocked write (bounded so a broken hook fails, not hangs).
        var waited = 0
        while !FileManager.default.fileExists(atPath: marker) && process.isRunning && waited < 120_000 {
            usleep(1_000)
            waited += 1
        }
        #expect(FileManager.default.fileExists(atPath: marker), "the copy never reached its first write")
        let temporariesWhileBlocked = (FileManager.default.enumerator(atPath: dir + "/dst")?.allObjects as? [String] ?? [])
            .filter { ($0 as NSString).lastPathComponent.hasPrefix(".ferry-tmp.") }
        #expect(temporariesWhileBlocked.count == 1, "a temporary is on disk at the signal: \(temporariesWhileBlocked)")
        kill(process.processIdentifier, number)
        process.waitUntilExit()
        try outHandle.close()

        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 128 + number)
        let stdout = try String(contentsOfFile: out, encoding: .utf8)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any], "\(stdout)")
        #expect(json["stop_signal"] as? Int == Int(number))
        #expect((json["stopped"] as? String)?.contains(number == SIGINT ? "SIGINT" : "SIGTERM") == true)
        #expect(json["unfinished"] as? Int == 6, "the big file in flight and the 5 queued")
        #expect((json["errors"] as? [Any])?.isEmpty == true)
        let left = (FileManager.default.enumerator(atPath: dir + "/dst")?.allObjects as? [String] ?? [])
            .filter { ($0 as NSString).lastPathComponent.hasPrefix(".ferry-tmp.") }
        #expect(left.isEmpty, "temporaries left: \(left)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/dst/big"))

        // The manifest is consistent: the run is recorded as interrupted, and readable.
        let manifests = try FileManager.default.contentsOfDirectory(atPath: state + "/ferry/manifests").filter { $0.hasSuffix(".sqlite") }
        #expect(manifests.count == 1)
        if let name = manifests.first, FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") {
            let query = Process()
            query.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            query.arguments = [state + "/ferry/manifests/" + name, "SELECT status FROM run; PRAGMA integrity_check;"]
            let pipe = Pipe()
            query.standardOutput = pipe
            try query.run()
            let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            query.waitUntilExit()
            #expect(text == "interrupted\nok\n", "\(text)")
        }

        let rerun = try FerryBinary.run(["copy", dir + "/src", dir + "/dst", "--format", "json"],
                                        environment: ["XDG_STATE_HOME": state])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try FerryBinary.json(rerun)["files"] as? Int == 6)
        #expect(fileContents(dir + "/src") == fileContents(dir + "/dst"))
    }
}

@Suite("ferry copy: truthful progress and dry runs")
struct CopyProgressCommandTests {
    @Test("--dry-run -v lists every action; JSON has actions")
    func dryRunVerbose() throws {
        let dir = try FerryBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/src/new", count: 10, seed: 1)
        try writeFile(dir + "/src/changed", count: 10, seed: 2)
        try writeFile(dir + "/dst/changed", count: 12, seed: 3)
        try writeFile(dir + "/dst/extra", count: 5, seed: 4)
        let env = ["XDG_STATE_HOME": dir + "/state"]
        let text = try FerryBinary.run(["copy", dir + "/src", dir + "/dst", "--dry-run", "--delete", "-v"], environment: env)
        #expect(text.status == 0, "\(text.stderr)")
        for line in ["copy    new", "update  changed", "delete  extra"] {
            #expect(text.stdout.contains(line), "missing '\(line)' in \(text.stdout)")
        }
        let json = try FerryBinary.json(try FerryBinary.run(["copy", dir + "/src", dir + "/dst", "--dry-run", "--delete",
                                                             "--format", "json"], environment: env))
        let actions = try #require(json["actions"] as? [[String: Any]])
        #expect(Set(actions.compactMap { $0["action"] as? String }) == ["copy", "update", "delete"])
        #expect(FileManager.default.contents(atPath: dir + "/dst/changed")?.count == 12)
    }

    @Test("off a terminal, --stats prints stats lines to stderr; the default 30 s prints none on a short run")
    func statsLines() throws {
        let dir = try FerryBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for i in 0..<4 { try writeFile(dir + "/src/f\(i)", count: 10_000, seed: i) }
        let env = ["XDG_STATE_HOME": dir + "/state"]
        // 1 ms: the final report (at least 1 ms into the run) always prints a line.
        let run = try FerryBinary.run(["copy", dir + "/src", dir + "/dst", "--stats", "1ms"], environment: env)
        #expect(run.status == 0)
        let lines = run.stderr.split(separator: "\n").filter { $0.hasPrefix("stats: ") }
        #expect(!lines.isEmpty, "\(run.stderr)")
        #expect(lines.last?.contains("4/4 files") == true, "\(lines)")
        let quiet = try FerryBinary.run(["copy", dir + "/src", dir + "/dst2"], environment: env)
        #expect(!quiet.stderr.contains("stats: "), "\(quiet.stderr)")
    }
}
