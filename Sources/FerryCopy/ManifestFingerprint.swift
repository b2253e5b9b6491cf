/// What a re-run needs to know of a manifest row: whether a file was recorded as copied in a
/// given state. Keyed by `key(of:)`, a 64-bit hash of the path, so loading 1 M rows costs
/// tens of bytes each instead of a path array and a record each.
struct ManifestFingerprint: Hashable, Sendable {
    /// Size in bytes.
    var size: Int64
    /// mtime in nanoseconds since the epoch.
    var modifiedNanoseconds: Int64
    /// Permission bits.
    var permissions: UInt32
    /// Whether the row's state is `copied`.
    var copied: Bool

    /// The dictionary key of a relative path (process-seeded SipHash; a collision can only
    /// make the engine skip rewriting one informational row).
    static func key(of path: PathBytes) -> Int {
        var hasher = Hasher()
        path.bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        return hasher.finalize()
    }

    /// Whether the row says `status` was copied as it is now.
    func matches(_ status: FileStatus) -> Bool {
        copied && size == status.size && modifiedNanoseconds == status.modified.totalNanoseconds
            && permissions == status.permissions
    }
}
