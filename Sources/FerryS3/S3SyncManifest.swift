import Foundation
import GRDB

/// The local state of S3 copies (SQLite): objects written or read with the local size and mtime
/// they matched, and unfinished multipart uploads with their completed parts, so a killed upload
/// resumes instead of starting over.
public final class S3SyncManifest: Sendable {
    let queue: DatabaseQueue

    /// A multipart upload in progress: its id and the file state (bytes, ns) and part size (bytes) it was started for.
    public struct Upload: Sendable, Equatable {
        /// The S3 upload id.
        public var uploadID: String
        /// File size when the upload started, bytes.
        public var size: Int64
        /// File mtime when the upload started, nanoseconds since 1970.
        public var mtimeNanoseconds: Int64
        /// Part size, bytes.
        public var partSize: Int64
    }

    /// A synced object: its ETag and the local file's size (bytes) and mtime (ns) at sync time.
    public struct Entry: Sendable, Equatable {
        /// The object's ETag.
        public var etag: String
        /// Size, bytes.
        public var size: Int64
        /// Local mtime, nanoseconds since 1970.
        public var mtimeNanoseconds: Int64
        /// SHA-256 hex of the content, when known.
        public var sha256: String?
    }

    /// Opens (creating if needed) the manifest at `path`.
    /// - Throws: GRDB errors naming the path.
    public init(path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        // WAL with synchronous=NORMAL: a commit survives a killed process (kill -9) without an
        // fsync per file or part, which would otherwise cost more than a small PUT.
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
        }
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS s3_objects (bucket TEXT NOT NULL, key TEXT NOT NULL, etag TEXT NOT NULL,
                  size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, sha256 TEXT, PRIMARY KEY (bucket, key));
                CREATE TABLE IF NOT EXISTS s3_uploads (bucket TEXT NOT NULL, key TEXT NOT NULL, upload_id TEXT NOT NULL,
                  size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, part_size INTEGER NOT NULL, PRIMARY KEY (bucket, key));
                CREATE TABLE IF NOT EXISTS s3_parts (upload_id TEXT NOT NULL, number INTEGER NOT NULL, etag TEXT NOT NULL,
                  size INTEGER NOT NULL, PRIMARY KEY (upload_id, number));
                """)
        }
    }

    /// The default manifest path for a (source, destination) pair: `$XDG_STATE_HOME/ferry/s3/<hash>.sqlite`
    /// (else `~/.local/state/ferry/s3/…`), so the data side stays an exact mirror.
    public static func defaultPath(source: String, destination: String, environment: [String: String]) -> String {
        let base = environment["XDG_STATE_HOME"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.local/state")
        let name = SigV4Signer.sha256Hex(Data("\(source)\u{0}\(destination)".utf8)).prefix(24)
        return "\(base)/ferry/s3/\(name).sqlite"
    }

    /// All recorded objects in `bucket`, by key.
    public func entries(bucket: String) throws -> [String: Entry] {
        try queue.read { db in
            var out: [String: Entry] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT key, etag, size, mtime_ns, sha256 FROM s3_objects WHERE bucket = ?",
                                        arguments: [bucket]) {
                out[row["key"]] = Entry(etag: row["etag"], size: row["size"], mtimeNanoseconds: row["mtime_ns"], sha256: row["sha256"])
            }
            return out
        }
    }

    /// Records a synced object.
    public func record(bucket: String, key: String, entry: Entry) throws {
        try queue.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO s3_objects VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [bucket, key, entry.etag, entry.size, entry.mtimeNanoseconds, entry.sha256])
        }
    }

    /// Forgets a synced object (after deleting it).
    public func forget(bucket: String, key: String) throws {
        try queue.write { db in try db.execute(sql: "DELETE FROM s3_objects WHERE bucket = ? AND key = ?", arguments: [bucket, key]) }
    }

    /// The unfinished upload recorded for `key`, if any.
    public func upload(bucket: String, key: String) throws -> Upload? {
        try queue.read { db in
            try Row.fetchOne(db, sql: "SELECT upload_id, size, mtime_ns, part_size FROM s3_uploads WHERE bucket = ? AND key = ?",
                             arguments: [bucket, key]).map {
                Upload(uploadID: $0["upload_id"], size: $0["size"], mtimeNanoseconds: $0["mtime_ns"], partSize: $0["part_size"])
            }
        }
    }

    /// Records a started upload.
    public func startUpload(bucket: String, key: String, upload: Upload) throws {
        try queue.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO s3_uploads VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [bucket, key, upload.uploadID, upload.size, upload.mtimeNanoseconds, upload.partSize])
        }
    }

    /// Records a completed part.
    public func recordPart(uploadID: String, part: S3Part) throws {
        try queue.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO s3_parts VALUES (?, ?, ?, ?)",
                           arguments: [uploadID, part.number, part.etag, part.size])
        }
    }

    /// The parts recorded for an upload, by number.
    public func parts(uploadID: String) throws -> [Int: S3Part] {
        try queue.read { db in
            var out: [Int: S3Part] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT number, etag, size FROM s3_parts WHERE upload_id = ?", arguments: [uploadID]) {
                out[row["number"]] = S3Part(number: row["number"], etag: row["etag"], size: row["size"])
            }
            return out
        }
    }

    /// Forgets an upload and its parts (completed or aborted).
    public func finishUpload(bucket: String, key: String, uploadID: String) throws {
        try queue.write { db in
            try db.execute(sql: "DELETE FROM s3_uploads WHERE bucket = ? AND key = ?", arguments: [bucket, key])
            try db.execute(sql: "DELETE FROM s3_parts WHERE upload_id = ?", arguments: [uploadID])
        }
    }
}
