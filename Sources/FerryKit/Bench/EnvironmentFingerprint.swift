import Foundation

/// The machine a benchmark ran on, stored with every run so that a calibration names its
/// machine and runs from different machines are not mixed unknowingly.
///
/// Read from Linux's `/proc` (CPU model, kernel, mounts, memory); fields that cannot be read
/// are empty or `nil` rather than errors.
public struct EnvironmentFingerprint: Sendable, Equatable, Codable {
    /// CPU model name (`/proc/cpuinfo` "model name"), e.g. "AMD EPYC".
    public var cpuModel: String
    /// Active logical CPUs.
    public var cores: Int
    /// Kernel release (`/proc/sys/kernel/osrelease`).
    public var kernel: String
    /// Host name.
    public var hostname: String
    /// Filesystem type per benchmarked path (source, target), from `/proc/mounts`.
    public var filesystems: [String: String]
    /// Available memory at capture time, bytes (`MemAvailable`), `nil` when unknown.
    public var memoryAvailableBytes: Double?
    /// Total memory, bytes (`MemTotal`), `nil` when unknown.
    public var memoryTotalBytes: Double?
    /// Ferry's version.
    public var ferryVersion: String
    /// The git commit Ferry was built from, when known (`git rev-parse HEAD` in the working
    /// directory at capture time).
    public var gitCommit: String?

    /// Creates a fingerprint from its parts.
    public init(cpuModel: String, cores: Int, kernel: String, hostname: String, filesystems: [String: String],
                memoryAvailableBytes: Double?, memoryTotalBytes: Double?, ferryVersion: String, gitCommit: String?) {
        self.cpuModel = cpuModel
        self.cores = cores
        self.kernel = kernel
        self.hostname = hostname
        self.filesystems = filesystems
        self.memoryAvailableBytes = memoryAvailableBytes
        self.memoryTotalBytes = memoryTotalBytes
        self.ferryVersion = ferryVersion
        self.gitCommit = gitCommit
    }

    /// One line for reports: `AMD EPYC × 2, Linux 6.18.44, ext4, host h`.
    public var summary: String {
        let fs = Set(filesystems.values).sorted().joined(separator: "/")
        return "\(cpuModel.isEmpty ? "unknown CPU" : cpuModel) × \(cores), Linux \(kernel)"
            + (fs.isEmpty ? "" : ", \(fs)") + (hostname.isEmpty ? "" : ", host \(hostname)")
    }

    /// Reads the current machine's fingerprint.
    /// - Parameter paths: named paths whose filesystem type to record, e.g.
    ///   `["source": "/data/src", "target": "/scratch"]`.
    public static func capture(paths: [String: String] = [:]) -> EnvironmentFingerprint {
        let cpuinfo = read("/proc/cpuinfo")
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        let meminfo = read("/proc/meminfo")
        func memory(_ key: String) -> Double? {
            guard let line = meminfo.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }) else { return nil }
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            return parts.count >= 2 ? Double(parts[1]).map { $0 * 1024 } : nil   // kB in /proc/meminfo are KiB
        }
        var filesystems: [String: String] = [:]
        for (name, path) in paths { filesystems[name] = filesystemType(of: path) }
        return EnvironmentFingerprint(
            cpuModel: model, cores: ProcessInfo.processInfo.activeProcessorCount,
            kernel: read("/proc/sys/kernel/osrelease").trimmingCharacters(in: .whitespacesAndNewlines),
            hostname: ProcessInfo.processInfo.hostName, filesystems: filesystems,
            memoryAvailableBytes: memory("MemAvailable"), memoryTotalBytes: memory("MemTotal"),
            ferryVersion: FerryInfo.version, gitCommit: gitCommit())
    }

    /// The type of the filesystem holding `path` (longest matching mount point in `/proc/mounts`).
    public static func filesystemType(of path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        var best = (length: -1, type: "unknown")
        for line in read("/proc/mounts").split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3 else { continue }
            let mount = String(fields[1]).replacingOccurrences(of: "\\040", with: " ")
            let matches = mount == "/" || absolute == mount || absolute.hasPrefix(mount + "/")
            if matches, mount.count > best.length { best = (mount.count, String(fields[2])) }
        }
        return best.type
    }

    private static func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    /// `git rev-parse HEAD` in the current directory, `nil` when git or a repository is missing.
    private static func gitCommit() -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "rev-parse", "HEAD"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.count == 40 ? text : nil
    }
}
