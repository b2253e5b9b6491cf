import Foundation

/// A fresh directory under the system's temporary directory, removed (after making every
/// entry writable, since tests may leave read-only directories) when the value is released.
///
/// ```swift
/// let scratch = try ScratchDirectory("plan")
/// try FerryBinary.run(["plan", "models/x.yaml", "--reports", scratch.path])
/// ```
public final class ScratchDirectory: @unchecked Sendable {
    /// The directory's absolute path.
    public let path: String

    /// Creates `…/tmp/ferry-<tag>-<uuid>/`.
    /// - Throws: when the directory cannot be created.
    public init(_ tag: String = "test") throws {
        path = try ScratchDirectory.make(tag)
    }

    deinit { ScratchDirectory.remove(path) }

    /// `path` joined with `relative`.
    public func callAsFunction(_ relative: String) -> String { (path as NSString).appendingPathComponent(relative) }

    /// Creates a fresh directory the caller removes (with ``remove(_:)``).
    public static func make(_ tag: String) throws -> String {
        let safe = tag.filter { $0.isLetter || $0.isNumber || $0 == "-" }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-\(safe)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    /// Removes `path` and everything under it, making entries writable first.
    public static func remove(_ path: String) {
        if let walk = FileManager.default.enumerator(atPath: path) {
            for case let relative as String in walk {
                try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path + "/" + relative)
            }
        }
        try? FileManager.default.removeItem(atPath: path)
    }
}
