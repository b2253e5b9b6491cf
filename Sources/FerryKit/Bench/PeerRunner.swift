import Foundation

/// Another copy tool run as a subprocess on the same data, for side-by-side rows:
/// `cp -a SRC/. DST/`, `rsync -a SRC/ DST/`, `rclone copy SRC DST --transfers N --checkers N`.
public struct PeerRunner: CopyRunner {
    /// The tools Ferry knows how to run.
    public static let known = ["cp", "rsync", "rclone"]

    public let name: String
    /// The resolved executable.
    public let executable: String

    public var isParallel: Bool { name == "rclone" }

    /// Finds the peer's executable on `PATH`.
    /// - Throws: `BenchError.unknownPeer`, `.peerMissing`.
    public init(name: String) throws {
        guard PeerRunner.known.contains(name) else { throw BenchError.unknownPeer(name: name, known: PeerRunner.known) }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard let found = path.split(separator: ":").map({ "\($0)/\(name)" })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw BenchError.peerMissing(name: name)
        }
        self.name = name
        executable = found
    }

    public func copy(from source: String, to destination: String, streams: Int,
                     expected: (files: Int, bytes: Int64)) throws -> CopyMeasurement {
        try? FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
        let arguments: [String]
        switch name {
        case "cp": arguments = ["-a", source + "/.", destination + "/"]
        case "rsync": arguments = ["-a", source + "/", destination + "/"]
        default: arguments = ["copy", source, destination, "--transfers", "\(streams)", "--checkers", "\(max(streams, 4))",
                              "--links", "--local-no-check-updated"]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        let clock = ContinuousClock()
        let start = clock.now
        do { try process.run() } catch {
            throw BenchError.peerFailed(name: name, status: -1, message: error.localizedDescription)
        }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let elapsed = clock.now - start
        guard process.terminationStatus == 0 else {
            let text = String(decoding: message, as: UTF8.self).split(separator: "\n").prefix(3).joined(separator: "; ")
            throw BenchError.peerFailed(name: name, status: process.terminationStatus, message: text)
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return CopyMeasurement(files: expected.files, bytes: expected.bytes, seconds: seconds, errors: 0)
    }
}
