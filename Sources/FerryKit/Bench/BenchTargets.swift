import Foundation

/// Never-used target directories for the bench's timed copies, kept until the run ends.
///
/// On ext4 without a journal, inodes freed in the last 5 s (305 s while their inode-table block
/// is dirty) are skipped one at a time when new inodes are allocated (`recently_deleted` in
/// fs/ext4/ialloc.c). Removing a target and copying into it again at once measured up to 4×
/// slower on this project's machines than a copy onto storage with no such history, which is
/// what a migration writes to. So each copy gets a fresh directory and none is removed before
/// the run ends, up to a byte budget; past the budget the oldest are removed first, and the
/// run counts how often that happened.
struct BenchTargets {
    /// Where the targets are made: `<root>/t1`, `<root>/t2`, …
    let root: String
    /// Bytes of copies kept before the oldest are removed.
    let budgetBytes: Int64
    /// Kept targets, oldest first, with the bytes copied into each.
    private(set) var kept: [(path: String, bytes: Int64)] = []
    /// Targets removed before the end of the run to stay within the budget.
    private(set) var removedEarly = 0
    private var serial = 0

    /// The default budget: half the free space of `scratch`'s filesystem, at most 8 GiB.
    static func defaultBudget(scratch: String) -> Int64 {
        let free = (try? FileManager.default.attributesOfFileSystem(forPath: scratch)[.systemFreeSize] as? NSNumber)?.int64Value ?? 0
        return min(8 << 30, free / 2)
    }

    /// Targets under `root`, keeping up to `budgetBytes` bytes of copies.
    init(root: String, budgetBytes: Int64) {
        self.root = root
        self.budgetBytes = budgetBytes
    }

    /// A path no earlier copy used, for a copy of `bytes` bytes; the oldest kept targets are
    /// removed first while keeping this one as well would pass the budget.
    mutating func next(bytes: Int64) throws -> String {
        while !kept.isEmpty && kept.reduce(0, { $0 + $1.bytes }) + bytes > budgetBytes {
            try Self.remove(kept.removeFirst().path)
            removedEarly += 1
        }
        serial += 1
        let path = (root as NSString).appendingPathComponent("t\(serial)")
        try Self.remove(path)  // a leftover of an earlier, interrupted run
        kept.append((path, bytes))
        return path
    }

    /// Removes every target (at the end of the run).
    mutating func removeAll() throws {
        try Self.remove(root)
        kept.removeAll()
    }

    static func remove(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        do { try FileManager.default.removeItem(atPath: path) } catch {
            throw BenchError.scratch(path: path, reason: (error as NSError).localizedDescription)
        }
    }
}
