/// One row of the copy manifest: what the engine last did with a path.
public struct ManifestRecord: Sendable, Hashable {
    /// Outcome of the last attempt on a path.
    public enum State: String, Sendable {
        /// Copied and renamed into place (or found identical to the source).
        case copied
        /// The last attempt failed; `error` says why.
        case failed
    }

    /// Path relative to the roots.
    public var path: PathBytes
    /// `regular` or `symlink`.
    public var kind: FileKind
    /// Source size in bytes when copied.
    public var size: Int64
    /// Source mtime when copied (also the target's mtime).
    public var modified: FileTime
    /// Permission bits applied to the target.
    public var permissions: UInt32
    /// XXH3-128 of the content, when it was computed (verify or checksum); else `nil`.
    public var hash: ContentHash?
    /// Outcome.
    public var state: State
    /// The error message for `.failed`.
    public var error: String?

    /// Creates a record.
    public init(path: PathBytes, kind: FileKind, size: Int64, modified: FileTime, permissions: UInt32,
                hash: ContentHash?, state: State, error: String? = nil) {
        self.path = path
        self.kind = kind
        self.size = size
        self.modified = modified
        self.permissions = permissions
        self.hash = hash
        self.state = state
        self.error = error
    }
}
