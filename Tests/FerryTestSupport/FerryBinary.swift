import Foundation
import Testing

/// Runs the built `ferry` executable for end-to-end tests (the CLI test target depends on the
/// `ferry` target, so the binary is rebuilt before the tests run).
///
/// The binary is found beside the running test bundle (`/proc/self/exe`'s directory, which is
/// `<scratch-path>/debug/`), so any `--scratch-path` works; `FERRY_BIN` overrides it.
public enum FerryBinary {
    /// The package root (the directory holding Package.swift), for paths like `models/…`.
    public static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        return FileManager.default.currentDirectoryPath
    }()

    /// Path of the `ferry` executable.
    public static let path: String = {
        if let explicit = ProcessInfo.processInfo.environment["FERRY_BIN"] { return explicit }
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: me).deletingLastPathComponent()
        // On some layouts the test executable sits inside FerryPackageTests.xctest/.
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("ferry").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir.deleteLastPathComponent()
        }
        return (packageRoot as NSString).appendingPathComponent(".build/debug/ferry")
    }()

    /// The outcome of one run.
    public struct Result: Sendable {
        /// The exit status.
        public var status: Int32
        /// Everything written to standard output.
        public var stdout: String
        /// Everything written to standard error.
        public var stderr: String

        /// A result from a process run some other way (e.g. through `setpriv`).
        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    /// Runs `ferry` with `arguments` in `directory` (default: the package root) and waits.
    /// Output goes through temporary files so large outputs cannot dead-lock a pipe.
    public static func run(_ arguments: [String], in directory: String? = nil,
                    environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? packageRoot)
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let tmp = FileManager.default.temporaryDirectory
        let out = tmp.appendingPathComponent("ferry-out-\(UUID().uuidString)")
        let err = tmp.appendingPathComponent("ferry-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        let outHandle = try FileHandle(forWritingTo: out)
        let errHandle = try FileHandle(forWritingTo: err)
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        return Result(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    /// Parses standard output as a JSON object.
    public static func json(_ result: Result) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return try #require(object as? [String: Any], "stdout is not a JSON object: \(result.stdout)")
    }

    /// A fresh temporary directory, removed by the caller (prefer ``ScratchDirectory``,
    /// which removes itself).
    public static func temporaryDirectory() throws -> String {
        try ScratchDirectory.make("e2e")
    }
}
