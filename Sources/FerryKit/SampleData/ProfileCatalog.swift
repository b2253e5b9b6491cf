import Foundation

/// Finds dataset profiles by name in a directory of `*.yaml` files (the CLI passes
/// `datasets/profiles`), or by path.
public struct ProfileCatalog: Sendable {
    /// The directory searched for `<name>.yaml`.
    public var directory: String

    /// Creates a catalogue over `directory`.
    public init(directory: String) { self.directory = directory }

    /// Profile names available in the directory, sorted.
    public func names() -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return entries.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Loads a profile: `nameOrPath` is a path when it contains `/` or ends in `.yaml`/`.yml`,
    /// otherwise `<directory>/<name>.yaml`.
    /// - Throws: `DatasetError.unknownProfile` listing the available names, or `InputError`.
    public func profile(_ nameOrPath: String) throws -> DatasetProfile {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") {
            return try DatasetProfile.load(path: nameOrPath)
        }
        let path = (directory as NSString).appendingPathComponent(nameOrPath + ".yaml")
        guard FileManager.default.fileExists(atPath: path) else {
            throw DatasetError.unknownProfile(name: nameOrPath, searched: directory, available: names())
        }
        return try DatasetProfile.load(path: path)
    }
}
