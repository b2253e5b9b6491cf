#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which metadata a run carries over, and how: `rsync -aHAX --numeric-ids` semantics,
/// limited by the process's rights and the `CopyOptions` opt-outs.
///
/// Order of application on every entry: owner/group (`fchown`/`lchown`, which clears
/// setuid/setgid), mode (`fchmod`/`chmod`), extended attributes and ACLs, then times (last,
/// because the others change the ctime only, but writing xattrs on some filesystems touches
/// the mtime).
struct MetadataPolicy: Sendable {
    /// Whether the process runs as root (may chown to anyone, read `trusted.*`).
    let privileged: Bool
    /// The process's effective uid and gid (what a new file gets without `chown`).
    let processOwner: UInt32
    let processGroup: UInt32
    /// Copy the numeric owner (root only, like rsync `-o`).
    let owner: Bool
    /// Whether the options ask for the owner (`--no-owner` not given).
    let ownerRequested: Bool
    /// Copy the numeric group (root: always; others: attempted, `EPERM` ignored, like rsync `-g`).
    let group: Bool
    /// Copy extended attributes other than ACLs.
    let xattrs: Bool
    /// Copy POSIX ACLs (`system.posix_acl_access`, `system.posix_acl_default`).
    let acls: Bool

    /// The names of the two POSIX ACL attributes.
    static let aclNames: Set<String> = ["system.posix_acl_access", "system.posix_acl_default"]

    /// The policy for `options`, for this process (`privileged` defaults to `euid == 0`).
    init(options: CopyOptions, privileged: Bool? = nil) {
        processOwner = UInt32(geteuid())
        processGroup = UInt32(getegid())
        self.privileged = privileged ?? (processOwner == 0)
        owner = options.preserveOwner && self.privileged
        ownerRequested = options.preserveOwner
        group = options.preserveGroup
        xattrs = options.preserveXattrs
        acls = options.preserveACLs
    }

    /// Whether the owner and group the target will end with are the source's.
    /// Both must be asked for (no `--no-owner`/`--no-group`), and each must really end up
    /// as the source's: root can `chown` to anyone; others only keep ids they already have.
    private func keepsOwnership(of status: FileStatus) -> Bool {
        let ownerKept = ownerRequested && (privileged || status.owner == processOwner)
        let groupKept = group && (privileged || status.group == processGroup)
        return ownerKept && groupKept
    }

    /// The mode to give an entry: setuid and setgid survive only when the target ends up
    /// with the source's owner and group (as with `cp -p`), so a root copy can never turn a
    /// user's setuid program into a root one (`PermissionPolicy`).
    func permissions(for status: FileStatus) -> UInt32 {
        PermissionPolicy.targetPermissions(status.permissions, ownershipKept: keepsOwnership(of: status))
    }

    /// The `(owner, group)` to `chown` the target to, or `nil` when nothing would change
    /// (a new entry already belongs to the process). `UInt32.max` leaves an id unchanged.
    func ownership(for status: FileStatus, current: (owner: UInt32, group: UInt32)? = nil) -> (UInt32, UInt32)? {
        let have = current ?? (processOwner, processGroup)
        let wantOwner = owner && status.owner != have.owner ? status.owner : UInt32.max
        let wantGroup = group && status.group != have.group ? status.group : UInt32.max
        if wantOwner == .max && wantGroup == .max { return nil }
        return (wantOwner, wantGroup)
    }

    /// Whether extended attribute `name` is copied: ACLs with `acls`; `user.*` with `xattrs`;
    /// `trusted.*` and `security.*` with `xattrs` as root only (rsync's rule); other
    /// `system.*` names (filesystem-specific) never.
    func copies(attribute name: String) -> Bool {
        if Self.aclNames.contains(name) { return acls }
        if name.hasPrefix("user.") { return xattrs }
        if name.hasPrefix("trusted.") || name.hasPrefix("security.") { return xattrs && privileged }
        return false
    }

    /// Whether any attribute might be copied (else the listing is skipped: one syscall less).
    var copiesAnyAttribute: Bool { xattrs || acls }
}

/// A metadata step that failed: what was being done, and the errno.
struct MetadataFailure: Error {
    /// E.g. `"set owner of"`.
    var operation: String
    /// The system call's error.
    var errno: Errno
}

extension MetadataPolicy {
    /// Applies owner, mode, extended attributes and times to a new regular file through its
    /// descriptors (`fchown`, `fchmod`, `flistxattr`/`fgetxattr`/`fsetxattr`, `futimens`).
    func applyToFile(_ system: any SystemCalls, source: Int32, target: Int32,
                     status: FileStatus) throws(MetadataFailure) {
        var operation = "set owner of"
        do throws(Errno) {
            if let (uid, gid) = ownership(for: status) {
                do throws(Errno) { try system.setOwner(target, owner: uid, group: gid) } catch where !privileged && error.code == EPERM {
                    // Not a member of the group: rsync leaves the group too.
                }
            }
            operation = "set mode of"
            try system.setPermissions(target, permissions(for: status))
            if copiesAnyAttribute {
                operation = "copy extended attributes of"
                for name in try listed(system.attributeNames(source)) where copies(attribute: name) {
                    try system.setAttribute(target, name: name, value: try system.attribute(source, name: name))
                }
            }
            operation = "set times of"
            try system.setTimes(target, accessed: status.accessed, modified: status.modified)
        } catch {
            throw MetadataFailure(operation: operation, errno: error)
        }
    }

    /// Applies owner, extended attributes and ACLs to an entry by path (directories,
    /// symlinks, special files) without following a final symlink; mode and times are left to
    /// the caller (directories get theirs after their contents). On a directory that
    /// existed before the run, attributes the source no longer has are removed.
    func applyOwnerAndAttributes(_ system: any SystemCalls, source: PathBytes, target: PathBytes,
                                 status: FileStatus, existing: FileStatus?) throws(MetadataFailure) {
        var operation = "set owner of"
        do throws(Errno) {
            let current = existing.map { (owner: $0.owner, group: $0.group) }
            if let (uid, gid) = ownership(for: status, current: current) {
                do throws(Errno) { try system.setOwner(path: target, owner: uid, group: gid) } catch where !privileged && error.code == EPERM {
                }
            }
            guard copiesAnyAttribute else { return }
            operation = "copy extended attributes of"
            var wanted: [String: [UInt8]] = [:]
            for name in try listed(system.attributeNames(path: source)) where copies(attribute: name) {
                wanted[name] = try system.attribute(path: source, name: name)
            }
            if existing != nil {
                for name in try listed(system.attributeNames(path: target))
                where copies(attribute: name) && wanted[name] == nil {
                    try system.removeAttribute(path: target, name: name)
                }
            }
            for (name, value) in wanted.sorted(by: { $0.key < $1.key }) {
                try system.setAttribute(path: target, name: name, value: value)
            }
        } catch {
            throw MetadataFailure(operation: operation, errno: error)
        }
    }

    /// Makes an existing target's copied extended attributes and ACLs equal the source's, as
    /// `rsync -X` does for a file whose data did not change: sets those that differ or are
    /// missing, removes those the source no longer has, and writes nothing when they match
    /// (two `llistxattr` calls when neither side has any).
    func syncAttributes(_ system: any SystemCalls, source: PathBytes, target: PathBytes) throws(MetadataFailure) {
        do throws(Errno) {
            let sourceNames = try listed(system.attributeNames(path: source)).filter { copies(attribute: $0) }
            let targetNames = try listed(system.attributeNames(path: target)).filter { copies(attribute: $0) }
            for name in targetNames where !sourceNames.contains(name) {
                try system.removeAttribute(path: target, name: name)
            }
            for name in sourceNames.sorted() {
                let value = try system.attribute(path: source, name: name)
                if targetNames.contains(name), try system.attribute(path: target, name: name) == value { continue }
                try system.setAttribute(path: target, name: name, value: value)
            }
        } catch {
            throw MetadataFailure(operation: "copy extended attributes of", errno: error)
        }
    }

    /// A listing, with "this filesystem has no xattrs" read as "none".
    private func listed(_ list: @autoclosure () throws(Errno) -> [String]) throws(Errno) -> [String] {
        do throws(Errno) { return try list() } catch where error.code == EOPNOTSUPP || error.code == ENOTSUP {
            return []
        }
    }
}
