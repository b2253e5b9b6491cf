/// One change a dry run would make (listed by `ferry copy --dry-run -v`).
public struct PlannedAction: Sendable, Hashable {
    /// What would be done.
    public enum Kind: String, Sendable, Hashable {
        /// Copy a file the target does not have.
        case copy
        /// Replace a target file whose size, mtime (or, with checksum, content) differs.
        case update
        /// Create or replace a symlink.
        case symlink
        /// Create a directory.
        case makeDirectory = "mkdir"
        /// Remove a target entry (extra with `delete`, or an empty directory in the way).
        case delete
    }

    /// What would be done.
    public var kind: Kind
    /// Path relative to the roots.
    public var path: String
    /// Bytes that would be copied (0 for directories, symlinks and deletions).
    public var bytes: Int64

    /// Creates an action.
    public init(kind: Kind, path: String, bytes: Int64 = 0) {
        self.kind = kind
        self.path = path
        self.bytes = bytes
    }
}
