/// rsync's answer to a read-only target directory for an unprivileged user: the directory
/// gets `u+w` for as long as the copy writes into it, and the directory pass at the end of
/// the run puts the source's mode back (it sets every directory's mode after its contents).
enum WritableParent {
    /// Runs `body`, which creates or renames an entry in `path`'s parent directory; if it
    /// fails with `EACCES` and the parent is a directory owned by this process without `u+w`,
    /// adds `u+w` to it and runs `body` once more.
    static func retry<T>(_ system: any SystemCalls, policy: MetadataPolicy, path: PathBytes,
                         _ body: () throws(Errno) -> T) throws(Errno) -> T {
        do throws(Errno) { return try body() } catch where error == .permissionDenied {
            let parent = path.parent
            guard let status = try? system.linkStatus(parent.isEmpty ? PathBytes(".") : parent),
                  status.kind == .directory, status.owner == policy.processOwner,
                  status.permissions & 0o300 != 0o300 else { throw error }
            try system.setPermissions(path: parent, status.permissions | 0o300)
            return try body()
        }
    }
}
