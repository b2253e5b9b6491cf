#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// FIFOs, sockets and device nodes (`rsync --specials --devices`): recreated with `mknod`
/// under a temporary name, given owner, mode, attributes and times, then renamed into place.
/// Device nodes need root (`mknod` fails with `EPERM` otherwise); any failure — and
/// `preserveSpecials = false` — is reported per file (exit 2), never skipped silently.
enum SpecialFiles {
    /// What happened to one special file.
    enum Outcome {
        /// Created (or replaced).
        case created
        /// The target already was the same kind of node (same device number): metadata fixed.
        case unchanged
        /// Not copied; the error says why.
        case failed(CopyError)
    }

    /// A short name for the node type, for messages.
    static func describe(_ status: FileStatus) -> String {
        switch status.typeBits {
        case UInt32(S_IFIFO): return "FIFO"
        case UInt32(S_IFSOCK): return "socket"
        case UInt32(S_IFCHR): return "character device"
        case UInt32(S_IFBLK): return "block device"
        default: return "special file"
        }
    }

    /// Brings `target` in line with the special file `source`.
    static func sync(_ system: any SystemCalls, policy: MetadataPolicy, options: CopyOptions, relative: PathBytes,
                     source: PathBytes, target: PathBytes, status: FileStatus, existing: FileStatus?) -> Outcome {
        let name = relative.description
        guard options.preserveSpecials else {
            return .failed(.notStarted(path: name, reason: "\(describe(status)) not copied (specials and devices are off)"))
        }
        if options.dryRun { return .created }
        var operation = "create \(describe(status))"
        do throws(Errno) {
            if let existing, existing.typeBits == status.typeBits, existing.deviceNumber == status.deviceNumber {
                operation = "set owner or attributes of"
                try apply(system, policy: policy, source: source, path: target, status: status, existing: existing)
                return .unchanged
            }
            if let existing, existing.kind == .directory {
                return .failed(.system(operation: "replace directory with \(describe(status))", path: name,
                                       errno: Errno(EISDIR)))
            }
            let temporary = TemporaryName.make(for: target)
            try WritableParent.retry(system, policy: policy, path: temporary) { () throws(Errno) in
                try system.makeNode(temporary, mode: status.typeBits | (status.permissions & 0o777), device: status.deviceNumber)
            }
            do throws(Errno) {
                operation = "set owner, mode or attributes of"
                try apply(system, policy: policy, source: source, path: temporary, status: status, existing: nil)
                operation = "rename \(describe(status)) into place"
                try system.rename(temporary, to: target)
            } catch {
                try? system.unlink(temporary)
                throw error
            }
            return .created
        } catch {
            return .failed(.system(operation: operation, path: name, errno: error))
        }
    }

    private static func apply(_ system: any SystemCalls, policy: MetadataPolicy, source: PathBytes, path: PathBytes,
                              status: FileStatus, existing: FileStatus?) throws(Errno) {
        do throws(MetadataFailure) {
            try policy.applyOwnerAndAttributes(system, source: source, target: path, status: status, existing: existing)
        } catch {
            throw error.errno
        }
        let mode = policy.permissions(for: status)
        if existing?.permissions != mode { try system.setPermissions(path: path, mode) }
        if existing?.modified != status.modified {
            try system.setTimes(path: path, accessed: status.accessed, modified: status.modified)
        }
    }
}
