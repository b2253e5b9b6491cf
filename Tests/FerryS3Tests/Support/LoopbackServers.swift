import Foundation
import Testing

/// Test tooling for S3 on loopback: a `moto_server` (PyPI `moto[server]`, pinned in
/// scripts/setup.sh) on a free 127.0.0.1 port, the WAN/fault proxy from
/// benchmarks/tools/wanproxy.py in front of it, and the built `ferry` binary.
enum Loopback {
    /// The package root (holds Package.swift).
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        return FileManager.default.currentDirectoryPath
    }()

    /// Whether `moto_server` can be run here (tests that need it are skipped otherwise).
    static let motoAvailable: Bool = (try? run(["/usr/bin/env", "sh", "-c", "command -v moto_server"]).status) == 0

    /// A free TCP port on 127.0.0.1 (asked of the kernel through Python; tiny race accepted).
    static func freePort() throws -> Int {
        let out = try run(["/usr/bin/env", "python3", "-c",
                           "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])"])
        guard let port = Int(out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TestFailure("no free port: \(out.stderr)")
        }
        return port
    }

    /// Runs a command to completion; stdout and stderr through temporary files.
    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = try start(arguments, environment: environment)
        process.process.waitUntilExit()
        return (process.process.terminationStatus, process.stdout(), process.stderr())
    }

    /// A started child process with its output files.
    final class Child: @unchecked Sendable {
        let process: Process
        let outPath: String
        let errPath: String
        init(process: Process, outPath: String, errPath: String) {
            self.process = process
            self.outPath = outPath
            self.errPath = errPath
        }
        func stdout() -> String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }
        func stderr() -> String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }
        /// SIGKILL (as a crash would) and wait.
        func kill9() {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        /// SIGTERM, then SIGKILL if still alive after 2 s.
        func stop() {
            guard process.isRunning else { return }
            process.terminate()
            for _ in 0..<40 where process.isRunning { usleep(50_000) }
            kill9()
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
    }

    /// Starts a command without waiting.
    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Child {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let tmp = NSTemporaryDirectory()
        let out = "\(tmp)/ferry-s3-test-out-\(UUID().uuidString)"
        let err = "\(tmp)/ferry-s3-test-err-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: out, contents: nil)
        FileManager.default.createFile(atPath: err, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Child(process: process, outPath: out, errPath: err)
    }

    /// Waits until something accepts TCP connections on 127.0.0.1:`port` (up to `seconds`).
    static func waitForPort(_ port: Int, seconds: Double = 30) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (try? run(["/usr/bin/env", "python3", "-c",
                          "import socket;socket.create_connection(('127.0.0.1',\(port)),1).close()"]).status) == 0 { return }
            usleep(200_000)
        }
        throw TestFailure("nothing listening on 127.0.0.1:\(port) after \(seconds) s")
    }

    /// The built `ferry` executable beside the test bundle (or `FERRY_BIN`).
    static let ferryPath: String = {
        if let explicit = ProcessInfo.processInfo.environment["FERRY_BIN"] { return explicit }
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: me).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("ferry").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir.deleteLastPathComponent()
        }
        return packageRoot + "/.build/debug/ferry"
    }()
}

/// A failure of the test tooling itself.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A `moto_server` on a free loopback port, stopped by `stop()`.
final class MotoServer: @unchecked Sendable {
    let port: Int
    let child: Loopback.Child

    /// Starts moto and waits until it accepts connections.
    init() throws {
        port = try Loopback.freePort()
        child = try Loopback.start(["/usr/bin/env", "moto_server", "-H", "127.0.0.1", "-p", "\(port)"])
        try Loopback.waitForPort(port)
    }

    /// `http://127.0.0.1:PORT`.
    var endpoint: String { "http://127.0.0.1:\(port)" }

    func stop() { child.stop() }
}

/// benchmarks/tools/wanproxy.py in front of a server: delay, caps, HTTP request log, faults.
final class WANProxy: @unchecked Sendable {
    let port: Int
    let child: Loopback.Child
    let logPath: String

    /// Starts the proxy towards `upstreamPort` with extra arguments (`--http`, `--fail-503 N`, …).
    init(upstreamPort: Int, arguments: [String]) throws {
        let tmp = NSTemporaryDirectory()
        let portFile = "\(tmp)/ferry-proxy-port-\(UUID().uuidString)"
        logPath = "\(tmp)/ferry-proxy-log-\(UUID().uuidString)"
        child = try Loopback.start(["/usr/bin/env", "python3", Loopback.packageRoot + "/benchmarks/tools/wanproxy.py",
                                    "--upstream-port", "\(upstreamPort)", "--port-file", portFile, "--log", logPath] + arguments)
        let deadline = Date().addingTimeInterval(20)
        var found: Int?
        while Date() < deadline, found == nil {
            found = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { Int($0) }
            if found == nil { usleep(100_000) }
        }
        try? FileManager.default.removeItem(atPath: portFile)
        guard let found else { throw TestFailure("proxy did not start: \(child.stderr())") }
        port = found
    }

    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// The request log: one "METHOD TARGET STATUS BYTES" line per request.
    var requests: [String] {
        ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    func stop() {
        child.stop()
        try? FileManager.default.removeItem(atPath: logPath)
    }
}
