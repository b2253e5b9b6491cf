#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hard links kept as links (`rsync -H`): the walk groups regular files by (device, inode);
/// the first name of each group is copied as a file (the leader), every further name is
/// linked to the leader's target after the copy phase.
///
/// Only files with a link count above 1 enter the index, and it lives in `RunScratch`
/// (spilled to SQLite past a bound), so memory does not grow with the tree.
final class HardLinkIndex {
    private let scratch: RunScratch

    /// Creates an empty index over `scratch`.
    init(scratch: RunScratch) { self.scratch = scratch }

    /// Number of further names recorded.
    var followerCount: Int { scratch.followerCount }

    /// Whether `relative` is a further name of an inode already seen; if so it is recorded
    /// as a follower and must not be copied as a file.
    func isFollower(_ relative: PathBytes, status: FileStatus) -> Bool {
        guard status.kind == .regular, status.links > 1 else { return false }
        guard let leader = scratch.leader(device: status.device, inode: status.inode, orRecord: relative) else {
            return false
        }
        scratch.addFollower(relative, leader: leader)
        return true
    }

    /// What linking the followers did.
    struct Outcome {
        /// Names linked now.
        var linked = 0
        /// Names already linked to their leader's target.
        var unchanged = 0
        /// Per-name failures.
        var errors: [FileFailure] = []
    }

    /// Makes each follower's target a hard link to its leader's target: `link` to a
    /// temporary name, then `rename` over the old entry (never a moment without the name).
    func link(_ system: any SystemCalls, policy: MetadataPolicy, targetRoot: PathBytes, dryRun: Bool) -> Outcome {
        var outcome = Outcome()
        scratch.forEachFollower { relative, leaderPath in
            let name = relative.description
            let target = targetRoot.appending(relative)
            let leaderTarget = targetRoot.appending(leaderPath)
            if dryRun {
                outcome.linked += 1
                return
            }
            var operation = "find the copied first name of hard link"
            do throws(Errno) {
                let leader = try system.linkStatus(leaderTarget)
                if let existing = try? system.linkStatus(target) {
                    if existing.device == leader.device && existing.inode == leader.inode {
                        outcome.unchanged += 1
                        return
                    }
                    if existing.kind == .directory {
                        outcome.errors.append(FileFailure(path: name, error: .system(
                            operation: "replace directory with hard link", path: name, errno: Errno(EISDIR))))
                        return
                    }
                }
                operation = "create hard link"
                let temporary = TemporaryName.make(for: target)
                try WritableParent.retry(system, policy: policy, path: temporary) { () throws(Errno) in
                    try system.makeHardLink(temporary, to: leaderTarget)
                }
                operation = "rename hard link into place"
                do throws(Errno) { try system.rename(temporary, to: target) } catch {
                    try? system.unlink(temporary)
                    throw error
                }
                outcome.linked += 1
            } catch {
                outcome.errors.append(FileFailure(path: name, error: .system(
                    operation: "\(operation) (to '\(leaderPath)')", path: name, errno: error)))
            }
        }
        return outcome
    }
}
