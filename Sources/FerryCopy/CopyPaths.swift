import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A source and destination resolved to canonical absolute paths and checked for the pairs
/// that would destroy data.
///
/// Canonical means `realpath(3)`: symlinks, `.` and `..` resolved. A destination that does
/// not exist yet is the canonical path of its deepest existing ancestor plus the remaining
/// components (which cannot be symlinks, since they do not exist).
///
/// Refused (`CopyError.unsafePaths`): an empty destination; SRC == DST; SRC inside DST with
/// `delete` (the deletion pass would remove the source itself); a manifest inside SRC or DST.
/// DST inside SRC is allowed: the walk skips the destination directory (see `SyncPlanner`).
/// A destination that exists and is not a directory fails with `CopyError.badDestination`
/// before anything is modified.
public struct CopyPaths: Sendable, Equatable {
    /// Canonical absolute source directory.
    public var source: String
    /// Canonical absolute destination directory (possibly not yet existing).
    public var destination: String
    /// Whether the destination lies inside the source (its directory is skipped by the walk).
    public var destinationInsideSource: Bool

    /// Resolves and checks a pair.
    /// - Parameters:
    ///   - source: the source directory as given (relative to the working directory or absolute).
    ///   - destination: the destination directory as given; must not be empty.
    ///   - delete: whether `--delete` is on (then SRC inside DST is refused).
    ///   - manifest: the manifest file, when chosen explicitly (must lie outside SRC and DST).
    /// - Throws: `CopyError.unsafePaths`, `.badSource`, `.badDestination`.
    public static func resolve(source: String, destination: String, delete: Bool,
                               manifest: String? = nil) throws(CopyError) -> CopyPaths {
        guard !source.isEmpty else { throw .unsafePaths(reason: "the source path is empty") }
        guard !destination.isEmpty else {
            throw .unsafePaths(reason: "the destination path is empty (it would mean the working directory)")
        }
        guard let canonicalSource = realPath(source) else {
            throw .badSource(path: source, reason: "cannot be read: \(Errno.current)")
        }
        let canonicalDestination = canonical(destination)
        var info = stat()
        if stat(canonicalDestination, &info) == 0, info.st_mode & S_IFMT != S_IFDIR {
            let what = info.st_mode & S_IFMT == S_IFREG ? "an existing file" : "an existing non-directory"
            throw .badDestination(path: destination,
                                  reason: "is \(what), not a directory; nothing was changed "
                                      + "(ferry copy copies a directory's contents into a directory)")
        }
        if canonicalSource == canonicalDestination {
            throw .unsafePaths(reason: "source and destination are the same directory ('\(canonicalSource)')")
        }
        let sourceInsideDestination = isInside(canonicalSource, canonicalDestination)
        if delete && sourceInsideDestination {
            throw .unsafePaths(reason: "the source '\(canonicalSource)' is inside the destination "
                                   + "'\(canonicalDestination)'; --delete would remove the source itself")
        }
        if let manifest {
            guard !manifest.isEmpty else { throw .unsafePaths(reason: "the manifest path is empty") }
            let canonicalManifest = canonical(manifest)
            for (root, name) in [(canonicalSource, "source"), (canonicalDestination, "destination")]
            where canonicalManifest == root || isInside(canonicalManifest, root) {
                throw .unsafePaths(reason: "the manifest '\(canonicalManifest)' is inside the \(name) '\(root)'; "
                                       + "keep it outside the data so the destination mirrors the source exactly")
            }
        }
        return CopyPaths(source: canonicalSource, destination: canonicalDestination,
                         destinationInsideSource: isInside(canonicalDestination, canonicalSource))
    }

    /// Whether `path` is strictly below `root` (both canonical).
    static func isInside(_ path: String, _ root: String) -> Bool {
        if root == "/" { return path != "/" }
        return path.hasPrefix(root + "/")
    }

    /// `realpath(3)` of an existing path, or `nil` (with `errno` set).
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The canonical form of a path that may not exist: `realpath` of the deepest existing
    /// ancestor, then the remaining components with `.` and `..` applied lexically.
    static func canonical(_ path: String) -> String {
        if let resolved = realPath(path) { return resolved }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var components = absolute.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var rest: [String] = []
        while !components.isEmpty {
            let candidate = "/" + components.joined(separator: "/")
            if let resolved = realPath(candidate) { return join(resolved, rest) }
            rest.insert(components.removeLast(), at: 0)
        }
        return join("/", rest)
    }

    private static func join(_ base: String, _ rest: [String]) -> String {
        var parts = base.split(separator: "/").map(String.init)
        for component in rest {
            switch component {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(component)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
