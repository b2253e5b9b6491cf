import Foundation

/// Where a copy's manifest lives by default: outside the data, in the user's state directory,
/// one file per canonical (source, destination) pair.
///
/// ```
/// <state>/ferry/manifests/<xxh3-128 of "source\0destination">.sqlite
/// <state> = $XDG_STATE_HOME, else $HOME/.local/state
/// ```
public enum ManifestLocation {
    /// The state directory's Ferry subdirectory: `$XDG_STATE_HOME/ferry` or `~/.local/state/ferry`.
    /// - Parameter environment: the process environment (tests pass their own).
    public static func stateDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") { return xdg + "/ferry" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/state/ferry"
    }

    /// The default manifest file for a canonical pair.
    /// - Parameters:
    ///   - paths: the canonical source and destination.
    ///   - stateDirectory: the Ferry state directory (see `stateDirectory(environment:)`).
    public static func defaultPath(for paths: CopyPaths, stateDirectory: String) -> String {
        let key = Array(paths.source.utf8) + [0] + Array(paths.destination.utf8)
        let hasher = XXH3Hasher()
        hasher.update(key)
        return stateDirectory + "/manifests/" + hasher.digest().description + ".sqlite"
    }
}
