import Foundation
import GRDB

/// What one run must remember from the walk until its end — hard-link leaders and followers,
/// target entries `--delete` will remove — kept in memory up to `spillAfter` items per kind,
/// then moved in one transaction to TEMP tables of the manifest's connection (SQLite keeps
/// them in a temporary file and drops them with the connection). Memory therefore stays
/// bounded whatever the tree's number of hard links or extras.
///
/// Without a database (dry runs open no writable manifest) everything stays in memory.
///
/// Keys are compact: a hard-link leader is `(st_dev, st_ino)` → relative path bytes.
final class RunScratch {
    private let queue: DatabaseQueue?
    private let spillAfter: Int
    private var prepared = false
    private var leaders: [LeaderKey: PathBytes] = [:]
    private var spilledLeaders = false
    private var followers: [(PathBytes, PathBytes)] = []
    private var spilledFollowers = 0
    private var deletions: [PathBytes] = []
    private var spilledDeletions = 0

    private struct LeaderKey: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    /// Creates scratch space.
    /// - Parameters:
    ///   - queue: the manifest's connection, or `nil` to keep everything in memory.
    ///   - spillAfter: items of one kind held in memory before they move to SQLite.
    init(queue: DatabaseQueue?, spillAfter: Int = 16_384) {
        self.queue = queue
        self.spillAfter = max(1, spillAfter)
    }

    /// Hard-link followers recorded so far.
    var followerCount: Int { spilledFollowers + followers.count }
    /// Deletions recorded so far.
    var deletionCount: Int { spilledDeletions + deletions.count }
    /// Whether anything has moved to SQLite (tests check the spill happens).
    var hasSpilled: Bool { spilledLeaders || spilledFollowers > 0 || spilledDeletions > 0 }

    private func write(_ body: (Database) throws -> Void) -> Bool {
        guard let queue else { return false }
        do {
            try queue.write { db in
                if !prepared {
                    try db.execute(sql: """
                        CREATE TEMP TABLE IF NOT EXISTS scratch_leader (
                            device INTEGER NOT NULL, inode INTEGER NOT NULL, path BLOB NOT NULL,
                            PRIMARY KEY (device, inode)) WITHOUT ROWID;
                        CREATE TEMP TABLE IF NOT EXISTS scratch_follower (
                            seq INTEGER PRIMARY KEY, path BLOB NOT NULL, leader BLOB NOT NULL);
                        CREATE TEMP TABLE IF NOT EXISTS scratch_deletion (path BLOB PRIMARY KEY NOT NULL) WITHOUT ROWID;
                        DELETE FROM scratch_leader; DELETE FROM scratch_follower; DELETE FROM scratch_deletion;
                        """)
                    prepared = true
                }
                try body(db)
            }
            return true
        } catch {
            return false
        }
    }

    // MARK: hard links

    /// The first name recorded for inode `(device, inode)`, recording `path` as it when there is none.
    /// - Returns: the leader's relative path, or `nil` when `path` is now the leader.
    func leader(device: UInt64, inode: UInt64, orRecord path: PathBytes) -> PathBytes? {
        let key = LeaderKey(device: device, inode: inode)
        if let leader = leaders[key] { return leader }
        if spilledLeaders, let queue,
           let data = try? queue.read({ db in
               try Data.fetchOne(db, sql: "SELECT path FROM scratch_leader WHERE device = ? AND inode = ?",
                                 arguments: [Int64(bitPattern: device), Int64(bitPattern: inode)])
           }) {
            return PathBytes(bytes: Array(data))
        }
        leaders[key] = path
        if leaders.count >= spillAfter {
            let moved = write { db in
                let statement = try db.cachedStatement(sql: "INSERT OR IGNORE INTO scratch_leader (device, inode, path) VALUES (?, ?, ?)")
                for (key, path) in leaders {
                    try statement.execute(arguments: [Int64(bitPattern: key.device), Int64(bitPattern: key.inode),
                                                      Data(path.bytes)])
                }
            }
            if moved {
                leaders.removeAll()
                spilledLeaders = true
            }
        }
        return nil
    }

    /// Records a further name of a hard-linked inode and its leader.
    func addFollower(_ path: PathBytes, leader: PathBytes) {
        followers.append((path, leader))
        guard followers.count >= spillAfter else { return }
        let moved = write { db in
            let statement = try db.cachedStatement(sql: "INSERT INTO scratch_follower (path, leader) VALUES (?, ?)")
            for (path, leader) in followers { try statement.execute(arguments: [Data(path.bytes), Data(leader.bytes)]) }
        }
        if moved {
            spilledFollowers += followers.count
            followers.removeAll()
        }
    }

    /// Every follower in the order recorded, handed over a page at a time.
    func forEachFollower(_ body: (PathBytes, PathBytes) -> Void) {
        if spilledFollowers > 0, let queue {
            var last: Int64 = 0
            while true {
                let page = (try? queue.read { db in
                    try Row.fetchAll(db, sql: "SELECT seq, path, leader FROM scratch_follower WHERE seq > ? ORDER BY seq LIMIT 1000",
                                     arguments: [last]).map {
                        ($0[0] as Int64, PathBytes(bytes: Array($0[1] as Data)), PathBytes(bytes: Array($0[2] as Data)))
                    }
                }) ?? []
                guard let end = page.last?.0 else { break }
                for (_, path, leader) in page { body(path, leader) }
                last = end
            }
        }
        for (path, leader) in followers { body(path, leader) }
    }

    // MARK: --delete

    /// Records a target entry to delete once the walk has ended cleanly.
    func addDeletion(_ path: PathBytes) {
        deletions.append(path)
        guard deletions.count >= spillAfter else { return }
        let moved = write { db in
            let statement = try db.cachedStatement(sql: "INSERT OR IGNORE INTO scratch_deletion (path) VALUES (?)")
            for path in deletions { try statement.execute(arguments: [Data(path.bytes)]) }
        }
        if moved {
            spilledDeletions += deletions.count
            deletions.removeAll()
        }
    }

    /// Every recorded deletion in byte order (a parent before its children), a page at a time.
    func forEachDeletion(_ body: (PathBytes) -> Void) {
        guard spilledDeletions > 0, let queue else {
            for path in deletions.sorted() { body(path) }
            return
        }
        // Merge the spilled rows (sorted by SQLite, BLOB order = byte order) with the rest.
        let memory = deletions.sorted()
        var index = 0
        var last = Data()
        var first = true
        while true {
            let page = (try? queue.read { db in
                try Data.fetchAll(db, sql: first
                    ? "SELECT path FROM scratch_deletion ORDER BY path LIMIT 1000"
                    : "SELECT path FROM scratch_deletion WHERE path > ? ORDER BY path LIMIT 1000",
                    arguments: first ? [] : [last])
            }) ?? []
            guard let end = page.last else { break }
            first = false
            for data in page {
                let path = PathBytes(bytes: Array(data))
                while index < memory.count && memory[index] < path {
                    body(memory[index])
                    index += 1
                }
                body(path)
            }
            last = end
        }
        while index < memory.count {
            body(memory[index])
            index += 1
        }
    }
}
