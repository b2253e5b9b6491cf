import Foundation

/// Builds and reads small file trees for tests: repeatable file contents, and a snapshot
/// (relative path → bytes) to compare a copy with its source.
public enum FileTree {
    /// Deterministic pseudo-random bytes (xorshift64), so a failure reproduces.
    /// - Parameters:
    ///   - count: number of bytes.
    ///   - seed: any value; the same seed gives the same bytes.
    public static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        var out = [UInt8](repeating: 0, count: count)
        for i in 0..<count {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            out[i] = UInt8(truncatingIfNeeded: state)
        }
        return out
    }

    /// Writes `bytes(count, seed)` to `path`, creating parent directories.
    /// - Returns: `path`.
    @discardableResult
    public static func write(_ path: String, count: Int, seed: UInt64) throws -> String {
        try write(path, contents: Data(bytes(count, seed: seed)))
    }

    /// Writes `contents` to `path`, creating parent directories.
    /// - Returns: `path`.
    @discardableResult
    public static func write(_ path: String, contents: Data) throws -> String {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try contents.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Regular files under `root` as relative path → contents; entries whose relative path
    /// starts with one of `excluding` (e.g. a manifest) are left out.
    public static func contents(_ root: String, excluding: [String] = [".ferry-manifest"]) -> [String: Data] {
        var result: [String: Data] = [:]
        let all = FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []
        for relative in all where !excluding.contains(where: { relative.hasPrefix($0) }) {
            var isDirectory: ObjCBool = false
            let path = root + "/" + relative
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[relative] = FileManager.default.contents(atPath: path)
            }
        }
        return result
    }
}
