/// What a re-run needs to know of a manifest row: whether a file was recorded as copied in a
/// given state. Looked up per directory (`Manifest.fingerprints(of:)`), never loaded whole.
struct ManifestFingerprint: Hashable, Sendable {
    /// Size in bytes.
    var size: Int64
    /// mtime in nanoseconds since the epoch.
    var modifiedNanoseconds: Int64
    /// Permission bits.
    var permissions: UInt32
    /// Whether the row's state is `copied`.
    var copied: Bool

    /// Whether the row says `status` was copied as it is now.
    func matches(_ status: FileStatus) -> Bool {
        copied && size == status.size && modifiedNanoseconds == status.modified.totalNanoseconds
            && permissions == status.permissions
    }
}
