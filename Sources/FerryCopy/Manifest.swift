import Foundation
import GRDB

/// The copy manifest: an SQLite database (WAL mode) recording every run and, per path, what
/// was copied (size, mtime, mode, XXH3-128 when known) so re-runs can resume and sync.
///
/// It lives outside the data: by default in the user's state directory, keyed by the
/// canonical (source, destination) pair (`ManifestLocation`), so the destination holds
/// exactly the source's entries and read-only roots work.
///
/// Schema (migrations `v1`, `v2`):
/// ```
/// run(id, source, destination, started_at, finished_at, files, bytes, skipped, errors, status,
///     temporary_prefix)            -- v2: the run's exact `.ferry-tmp.<token>.` prefix
/// entry(path BLOB PRIMARY KEY, kind, size, mtime_ns, mode, hash, state, error, run_id, updated_at)
/// ```
public final class Manifest: @unchecked Sendable {
    /// The name earlier versions gave the manifest inside the destination root. It is no
    /// longer special: such a file is ordinary data (an extra, removed by `--delete`).
    public static let defaultFileName = ".ferry-manifest.sqlite"

    /// The database file path.
    public let path: String
    /// The database (internal so `ResumeJournal` can keep its tables here too).
    let queue: DatabaseQueue

    /// Opens (creating and migrating if needed) a manifest.
    /// - Parameters:
    ///   - path: the SQLite file.
    ///   - readOnly: open an existing manifest without writing (dry runs); no migration.
    /// - Throws: `CopyError.manifest` with the path and SQLite's message.
    public init(path: String, readOnly: Bool = false) throws(CopyError) {
        self.path = path
        do {
            var config = Configuration()
            config.readonly = readOnly
            if !readOnly {
                config.prepareDatabase { db in
                    _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                    try db.execute(sql: "PRAGMA synchronous = NORMAL")
                }
            }
            queue = try DatabaseQueue(path: path, configuration: config)
            if readOnly { return }
            var migrator = DatabaseMigrator()
            migrator.registerMigration("v1") { db in
                try db.execute(sql: """
                    CREATE TABLE run (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        source TEXT NOT NULL, destination TEXT NOT NULL,
                        started_at REAL NOT NULL, finished_at REAL,
                        files INTEGER, bytes INTEGER, skipped INTEGER, errors INTEGER, status TEXT);
                    CREATE TABLE entry (
                        path BLOB PRIMARY KEY NOT NULL, kind TEXT NOT NULL,
                        size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, mode INTEGER NOT NULL,
                        hash TEXT, state TEXT NOT NULL, error TEXT,
                        run_id INTEGER NOT NULL, updated_at REAL NOT NULL);
                    """)
            }
            migrator.registerMigration("v2") { db in
                try db.execute(sql: "ALTER TABLE run ADD COLUMN temporary_prefix TEXT")
            }
            ResumeJournal.registerMigration(&migrator)
            try migrator.migrate(queue)
        } catch {
            throw .manifest(path: path, message: String(describing: error).lowercased())
        }
    }

    private func wrap<T>(_ body: () throws -> T) throws(CopyError) -> T {
        do { return try body() } catch {
            throw .manifest(path: path, message: String(describing: error).lowercased())
        }
    }

    /// Starts a run and returns its id.
    /// - Parameter temporaryPrefix: the exact prefix of the temporaries this run creates.
    func beginRun(source: String, destination: String, temporaryPrefix: String) throws(CopyError) -> Int64 {
        try wrap {
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO run (source, destination, started_at, status, temporary_prefix)
                    VALUES (?, ?, ?, 'running', ?)
                    """, arguments: [source, destination, Date().timeIntervalSince1970, temporaryPrefix])
                return db.lastInsertedRowID
            }
        }
    }

    /// The temporary-name prefixes every recorded run used (well-formed ones only), for
    /// removing exactly the temporaries an interrupted run left.
    func temporaryPrefixes() throws(CopyError) -> [String] {
        try wrap {
            try queue.read { db in
                try String.fetchAll(db, sql: "SELECT DISTINCT temporary_prefix FROM run WHERE temporary_prefix IS NOT NULL")
            }
        }.filter(TemporaryName.isWellFormedPrefix)
    }

    /// The status of run `id` (`running`, `ok`, `failed`, `stopped`, `interrupted`), tests and reports.
    public func runStatus(_ id: Int64) throws(CopyError) -> String? {
        try wrap { try queue.read { db in try String.fetchOne(db, sql: "SELECT status FROM run WHERE id = ?", arguments: [id]) } }
    }

    /// The id of the latest run, if any.
    public func lastRunID() throws(CopyError) -> Int64? {
        try wrap { try queue.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM run") } }
    }

    /// Records a run's totals and final status (`ok`, `failed`, `stopped`, or `interrupted`
    /// when a signal stopped it).
    func finishRun(_ id: Int64, summary: CopySummary) throws(CopyError) {
        let status = summary.stopSignal != nil ? "interrupted"
            : summary.stoppedReason != nil ? "stopped" : (summary.errors.isEmpty ? "ok" : "failed")
        try wrap {
            try queue.write { db in
                try db.execute(sql: """
                    UPDATE run SET finished_at = ?, files = ?, bytes = ?, skipped = ?, errors = ?, status = ?
                    WHERE id = ?
                    """, arguments: [Date().timeIntervalSince1970, summary.files, summary.bytes, summary.skipped,
                                     summary.errors.count, status, id])
            }
        }
    }

    /// Upserts records in one transaction.
    func record(_ records: [ManifestRecord], run: Int64) throws(CopyError) {
        guard !records.isEmpty else { return }
        let now = Date().timeIntervalSince1970
        try wrap {
            try queue.write { db in
                let statement = try db.cachedStatement(sql: """
                    INSERT INTO entry (path, kind, size, mtime_ns, mode, hash, state, error, run_id, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(path) DO UPDATE SET kind = excluded.kind, size = excluded.size,
                        mtime_ns = excluded.mtime_ns, mode = excluded.mode,
                        hash = COALESCE(excluded.hash, CASE WHEN entry.size = excluded.size
                            AND entry.mtime_ns = excluded.mtime_ns THEN entry.hash END),
                        state = excluded.state, error = excluded.error, run_id = excluded.run_id,
                        updated_at = excluded.updated_at
                    """)
                for r in records {
                    try statement.execute(arguments: [
                        Data(r.path.bytes), r.kind.rawValue, r.size, r.modified.totalNanoseconds,
                        Int64(r.permissions), r.hash?.description, r.state.rawValue, r.error, run, now,
                    ])
                }
            }
        }
    }

    /// Removes the rows for `path` and everything under it (after `--delete`).
    func forget(_ paths: [PathBytes]) throws(CopyError) {
        guard !paths.isEmpty else { return }
        try wrap {
            try queue.write { db in
                for p in paths {
                    let prefix = Data(p.bytes + [UInt8(ascii: "/")])
                    try db.execute(sql: "DELETE FROM entry WHERE path = ? OR substr(path, 1, ?) = ?",
                                   arguments: [Data(p.bytes), prefix.count, prefix])
                }
            }
        }
    }

    /// Closes the database (checkpointing the WAL) before the engine sets the root's mtime.
    func close() { try? queue.close() }

    /// The fingerprints of the rows for `paths`, in the same order (`nil` where there is no
    /// row), read in one transaction with one prepared statement: the walk asks once per
    /// directory, so a re-run never holds the whole table in memory.
    /// - Throws: `CopyError.manifest`.
    func fingerprints(of paths: [PathBytes]) throws(CopyError) -> [ManifestFingerprint?] {
        guard !paths.isEmpty else { return [] }
        return try wrap {
            try queue.read { db in
                let statement = try db.cachedStatement(sql: "SELECT size, mtime_ns, mode, state FROM entry WHERE path = ?")
                return try paths.map { path -> ManifestFingerprint? in
                    guard let row = try Row.fetchOne(statement, arguments: [Data(path.bytes)]) else { return nil }
                    return ManifestFingerprint(
                        size: row[0], modifiedNanoseconds: row[1], permissions: UInt32(truncatingIfNeeded: row[2] as Int64),
                        copied: (row[3] as String) == ManifestRecord.State.copied.rawValue)
                }
            }
        }
    }

    /// Every record, keyed by path.
    /// - Throws: `CopyError.manifest`.
    public func entries() throws(CopyError) -> [PathBytes: ManifestRecord] {
        try wrap {
            try queue.read { db in
                var result: [PathBytes: ManifestRecord] = [:]
                let rows = try Row.fetchCursor(db, sql: "SELECT path, kind, size, mtime_ns, mode, hash, state, error FROM entry")
                while let row = try rows.next() {
                    let path = PathBytes(bytes: Array(row["path"] as Data))
                    let hashText: String? = row["hash"]
                    result[path] = ManifestRecord(
                        path: path, kind: FileKind(rawValue: row["kind"]) ?? .regular, size: row["size"],
                        modified: FileTime(totalNanoseconds: row["mtime_ns"]),
                        permissions: UInt32(truncatingIfNeeded: row["mode"] as Int64),
                        hash: hashText.flatMap(Self.parseHash), state: ManifestRecord.State(rawValue: row["state"]) ?? .failed,
                        error: row["error"])
                }
                return result
            }
        }
    }

    /// The number of runs recorded (tests use it to see that a run was logged).
    public func runCount() throws(CopyError) -> Int {
        try wrap { try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM run") ?? 0 } }
    }

    static func parseHash(_ text: String) -> ContentHash? {
        guard text.count == 32, let high = UInt64(text.prefix(16), radix: 16),
              let low = UInt64(text.suffix(16), radix: 16) else { return nil }
        return ContentHash(high: high, low: low)
    }
}
