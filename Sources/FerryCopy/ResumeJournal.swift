import Foundation
import GRDB

/// A large file copied part by part: which temporary holds it and which ranges are done.
struct PartialCopy: Sendable, Equatable {
    /// The temporary (absolute path) holding the ranges written so far.
    var temporary: PathBytes
    /// The source's size in bytes and mtime when the partial copy began.
    var size: Int64
    var modified: FileTime
    /// The unit ranges are recorded in, bytes.
    var unit: Int64
    /// Start offsets of the completed units.
    var done: Set<Int64>
}

/// Resume inside large files: the completed `unit`-sized ranges of each large file being
/// copied are recorded in the manifest as they finish, with the name of the temporary that
/// holds them. A run killed with `kill -9` leaves both behind; the next run finds them,
/// copies only the missing ranges into the same temporary, then hashes source and target
/// whole (XXH3-128) before renaming it into place — a recorded range whose bytes did not
/// reach the disk (power loss) is caught there and the file is copied again.
///
/// Tables (migration `v2-partial`, additive to the manifest's `v1`):
/// ```
/// partial(path BLOB PRIMARY KEY, temporary BLOB, size, mtime_ns, unit, updated_at)
/// partial_range(path BLOB, offset, length, PRIMARY KEY (path, offset))
/// ```
/// Journal writes are best effort: a failed write only means a later resume copies more.
final class ResumeJournal: Sendable {
    private let manifest: Manifest

    /// The prefix of resumable temporaries: `.ferry-part.<16 hex>.<name>`. They outlive a
    /// killed run on purpose, so they are not `.ferry-tmp.` names a re-run sweeps away; the
    /// journal records each exact name.
    static let prefix: [UInt8] = Array(".ferry-part.".utf8)

    /// A fresh, unguessable resumable temporary next to `target`, truncated to `NAME_MAX`.
    static func temporary(for target: PathBytes) -> PathBytes {
        let random = String(UInt64.random(in: .min ... .max), radix: 16)
        var name = prefix + Array((String(repeating: "0", count: 16 - random.count) + random + ".").utf8)
        name += target.lastComponent.bytes.prefix(TemporaryName.maxNameBytes - name.count)
        return target.parent.appending(PathBytes(bytes: name))
    }

    /// A journal in `manifest`'s database.
    init(manifest: Manifest) { self.manifest = manifest }

    /// Adds the journal's tables to the manifest's migrations.
    static func registerMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-partial") { db in
            try db.execute(sql: """
                CREATE TABLE partial (
                    path BLOB PRIMARY KEY NOT NULL, temporary BLOB NOT NULL,
                    size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, unit INTEGER NOT NULL,
                    updated_at REAL NOT NULL);
                CREATE TABLE partial_range (
                    path BLOB NOT NULL, offset INTEGER NOT NULL, length INTEGER NOT NULL,
                    PRIMARY KEY (path, offset));
                """)
        }
    }

    /// The partial copy recorded for `path`, if any.
    func partial(for path: PathBytes) -> PartialCopy? {
        try? manifest.queue.read { db -> PartialCopy? in
            guard let row = try Row.fetchOne(db, sql: "SELECT temporary, size, mtime_ns, unit FROM partial WHERE path = ?",
                                             arguments: [Data(path.bytes)]) else { return nil }
            let offsets = try Int64.fetchAll(db, sql: "SELECT offset FROM partial_range WHERE path = ?",
                                             arguments: [Data(path.bytes)])
            return PartialCopy(temporary: PathBytes(bytes: Array(row["temporary"] as Data)), size: row["size"],
                               modified: FileTime(totalNanoseconds: row["mtime_ns"]), unit: row["unit"],
                               done: Set(offsets))
        }
    }

    /// Starts (or restarts) the record of `path`'s copy into `temporary`.
    func begin(_ path: PathBytes, temporary: PathBytes, status: FileStatus, unit: Int64) {
        try? manifest.queue.write { db in
            try db.execute(sql: "DELETE FROM partial_range WHERE path = ?", arguments: [Data(path.bytes)])
            try db.execute(sql: """
                INSERT OR REPLACE INTO partial (path, temporary, size, mtime_ns, unit, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [Data(path.bytes), Data(temporary.bytes), status.size,
                                 status.modified.totalNanoseconds, unit, Date().timeIntervalSince1970])
        }
    }

    /// Records that `range` of `path` is in its temporary.
    func record(_ path: PathBytes, range: Range<Int64>) {
        try? manifest.queue.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO partial_range (path, offset, length) VALUES (?, ?, ?)",
                           arguments: [Data(path.bytes), range.lowerBound, range.count])
        }
    }

    /// Forgets `path`'s partial copy (renamed into place, or abandoned).
    func forget(_ path: PathBytes) {
        try? manifest.queue.write { db in
            try db.execute(sql: "DELETE FROM partial_range WHERE path = ?", arguments: [Data(path.bytes)])
            try db.execute(sql: "DELETE FROM partial WHERE path = ?", arguments: [Data(path.bytes)])
        }
    }

    /// Removes the partial copies of paths this run did not copy (their source is gone or
    /// now unchanged): their temporaries and rows.
    /// - Parameters:
    ///   - keeping: relative paths this run planned to copy that may have partial copies
    ///     (those of at least the resume threshold).
    ///   - targetRoot: only temporaries under this root are unlinked.
    func sweep(keeping: Set<PathBytes>, targetRoot: PathBytes, system: any SystemCalls) {
        let rows = (try? manifest.queue.read { db in
            try Row.fetchAll(db, sql: "SELECT path, temporary FROM partial").map {
                (PathBytes(bytes: Array($0["path"] as Data)), PathBytes(bytes: Array($0["temporary"] as Data)))
            }
        }) ?? []
        for (path, temporary) in rows where !keeping.contains(path) {
            if temporary.bytes.starts(with: targetRoot.bytes) { try? system.unlink(temporary) }
            forget(path)
        }
    }

    /// Every temporary the journal knows (an engine cleaning stray temporaries keeps these).
    func temporaries() -> Set<PathBytes> {
        let rows = (try? manifest.queue.read { db in try Data.fetchAll(db, sql: "SELECT temporary FROM partial") }) ?? []
        return Set(rows.map { PathBytes(bytes: Array($0)) })
    }
}
