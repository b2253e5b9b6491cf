import Foundation
import GRDB

/// Ferry's SQLite database (GRDB, WAL mode): benchmark runs and their samples, and the
/// calibrations fitted to them. Schema changes are versioned migrations.
///
/// Tables: `bench_runs` (settings and environment fingerprint as JSON), `bench_samples`
/// (one row per timed copy), `calibrations` (the fitted `Calibration` as JSON, its machine
/// and source runs). Copy manifests live in FerryCopy's own per-target database.
public final class FerryStore: Sendable {
    /// How a command may use the database file.
    public enum Access: Sendable {
        /// Create the file (and its directory) when missing; migrate (commands that store: `bench`).
        case create
        /// Open an existing file for writing; never create one (`calibrate`).
        case existing
        /// Open an existing file read-only; never create or migrate (`runs`, `plan`).
        case readOnly
    }

    /// The database file.
    public let path: String
    let pool: any DatabaseWriter

    /// Opens the database.
    /// - Parameters:
    ///   - path: the SQLite file, e.g. `.ferry/ferry.sqlite`.
    ///   - access: `.create` (default) creates it with parent directories and migrates;
    ///     `.existing` and `.readOnly` never create anything, so a mistyped `--db` is an error.
    /// - Throws: `StoreError.noStore` (missing file without `.create`), `.cannotOpen` with SQLite's reason.
    public init(path: String, access: Access = .create) throws {
        self.path = path
        if access != .create {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                throw StoreError.noStore(path: path)
            }
        }
        let parent = (path as NSString).deletingLastPathComponent
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            if access == .readOnly {
                configuration.readonly = true
                pool = try DatabaseQueue(path: path, configuration: configuration)
            } else {
                if !parent.isEmpty && access == .create {
                    try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
                }
                let opened = try DatabasePool(path: path, configuration: configuration)
                try FerryStore.migrator.migrate(opened)
                pool = opened
            }
        } catch {
            throw StoreError.cannotOpen(path: path, reason: FerryStore.reason(error))
        }
    }

    /// The schema history; append new migrations, never edit shipped ones.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: bench runs, samples, calibrations") { db in
            try db.execute(sql: """
                CREATE TABLE bench_runs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    created_at TEXT NOT NULL,
                    settings TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    machine TEXT NOT NULL,
                    cache_note TEXT NOT NULL DEFAULT '',
                    status TEXT NOT NULL DEFAULT 'running'
                );
                CREATE TABLE bench_samples (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    run_id INTEGER NOT NULL REFERENCES bench_runs(id) ON DELETE CASCADE,
                    profile TEXT NOT NULL,
                    tool TEXT NOT NULL,
                    streams INTEGER NOT NULL,
                    repetition INTEGER NOT NULL,
                    warmup INTEGER NOT NULL,
                    files INTEGER NOT NULL,
                    bytes INTEGER NOT NULL,
                    seconds REAL NOT NULL,
                    cache TEXT NOT NULL,
                    errors INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX bench_samples_run ON bench_samples(run_id);
                CREATE TABLE calibrations (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    created_at TEXT NOT NULL,
                    machine TEXT NOT NULL,
                    source_runs TEXT NOT NULL,
                    body TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2: directories, repeated copies and their spread per sample") { db in
            try db.execute(sql: """
                ALTER TABLE bench_samples ADD COLUMN directories INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE bench_samples ADD COLUMN copies INTEGER NOT NULL DEFAULT 1;
                ALTER TABLE bench_samples ADD COLUMN mad_seconds REAL NOT NULL DEFAULT 0;
                """)
        }
        return migrator
    }

    /// Runs a write transaction, mapping GRDB errors to `StoreError.sql`.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.write(body) } catch let error as StoreError { throw error } catch {
            throw StoreError.sql(path: path, reason: FerryStore.reason(error))
        }
    }

    /// Runs a read, mapping GRDB errors to `StoreError.sql`.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch let error as StoreError { throw error } catch {
            throw StoreError.sql(path: path, reason: FerryStore.reason(error))
        }
    }

    static func reason(_ error: Error) -> String {
        if let db = error as? DatabaseError { return db.message ?? "\(db)" }
        return (error as NSError).localizedDescription
    }

    // MARK: JSON columns

    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        // USL standard errors are NaN with exactly three points; JSON has no NaN.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "null"
    }

    func decode<T: Decodable>(_ type: T.Type, _ text: String, what: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do { return try decoder.decode(type, from: Data(text.utf8)) } catch {
            throw StoreError.corrupt(path: path, what: what, reason: "\(error)")
        }
    }

    static func timestamp(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    static func date(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text) ?? Date(timeIntervalSince1970: 0)
    }
}
