import Foundation
import GRDB

/// S3 bench uploads (with their request counts), what each S3 run measured about its path,
/// and S3 path calibrations. Their tables are created on first write, so stores without S3
/// runs are untouched (and read-only opens of them still work).
extension FerryStore {
    /// Creates the S3 tables when missing.
    static func createObjectStoreTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS s3_path_runs (
                run_id INTEGER PRIMARY KEY REFERENCES bench_runs(id) ON DELETE CASCADE,
                body TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS s3_path_samples (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                run_id INTEGER NOT NULL REFERENCES bench_runs(id) ON DELETE CASCADE,
                body TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS s3_path_calibrations (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                created_at TEXT NOT NULL,
                body TEXT NOT NULL
            );
            """)
    }

    /// Records what an S3 bench run measured about its path.
    public func addObjectStoreRun(_ info: ObjectStoreRunInfo) throws {
        try write { db in
            try FerryStore.createObjectStoreTables(db)
            try db.execute(sql: "INSERT OR REPLACE INTO s3_path_runs (run_id, body) VALUES (?, ?)",
                           arguments: [info.runID, FerryStore.encode(info)])
        }
    }

    /// Stores one timed S3 upload.
    public func addObjectStoreSample(_ sample: ObjectStoreSample) throws {
        try write { db in
            try FerryStore.createObjectStoreTables(db)
            try db.execute(sql: "INSERT INTO s3_path_samples (run_id, body) VALUES (?, ?)",
                           arguments: [sample.runID, FerryStore.encode(sample)])
        }
    }

    /// The S3 uploads and path records of `runs` (empty when they are not S3 runs).
    public func objectStoreSamples(runs ids: [Int64]) throws -> (samples: [ObjectStoreSample], runs: [ObjectStoreRunInfo]) {
        let (sampleBodies, runBodies) = try read { db -> ([String], [String]) in
            guard try db.tableExists("s3_path_samples"), try db.tableExists("s3_path_runs"), !ids.isEmpty else { return ([], []) }
            let list = ids.map(String.init).joined(separator: ",")
            return (try String.fetchAll(db, sql: "SELECT body FROM s3_path_samples WHERE run_id IN (\(list)) ORDER BY id"),
                    try String.fetchAll(db, sql: "SELECT body FROM s3_path_runs WHERE run_id IN (\(list)) ORDER BY run_id"))
        }
        return (try sampleBodies.map { try decode(ObjectStoreSample.self, $0, what: "an S3 upload sample") },
                try runBodies.map { try decode(ObjectStoreRunInfo.self, $0, what: "an S3 run record") })
    }

    /// Stores an S3 path calibration.
    /// - Returns: it with its new `id`.
    @discardableResult
    public func save(_ calibration: ObjectStoreCalibration) throws -> ObjectStoreCalibration {
        try write { db in
            try FerryStore.createObjectStoreTables(db)
            try db.execute(sql: "INSERT INTO s3_path_calibrations (created_at, body) VALUES (?, '')",
                           arguments: [FerryStore.timestamp(calibration.createdAt)])
            var stored = calibration
            stored.id = db.lastInsertedRowID
            try db.execute(sql: "UPDATE s3_path_calibrations SET body = ? WHERE id = ?", arguments: [FerryStore.encode(stored), stored.id])
            return stored
        }
    }

    /// A stored S3 path calibration by id, or the newest passing one for `latest`.
    /// - Throws: `StoreError.noCalibration`, `.noPassingCalibration`, `.unknownCalibration`.
    public func objectStoreCalibration(_ idOrLatest: String, allowFailed: Bool = false) throws -> ObjectStoreCalibration {
        let all = try objectStoreCalibrations()
        guard let newest = all.first else { throw StoreError.noCalibration(path: path) }
        let key = idOrLatest.trimmingCharacters(in: .whitespaces).lowercased()
        if key == "latest" {
            if allowFailed { return newest }
            guard let passing = all.first(where: { !$0.isFlagged }) else {
                throw StoreError.noPassingCalibration(latest: newest.id, failures: newest.failures, path: path)
            }
            return passing
        }
        let digits = key.hasPrefix("cal-") ? String(key.dropFirst(4)) : key.hasPrefix("c") ? String(key.dropFirst()) : key
        guard let id = Int64(digits), let found = all.first(where: { $0.id == id }) else {
            throw StoreError.unknownCalibration(id: idOrLatest, path: path)
        }
        return found
    }

    /// Every stored S3 path calibration, newest first (none when the store has no S3 runs).
    public func objectStoreCalibrations() throws -> [ObjectStoreCalibration] {
        try read { db -> [String] in
            guard try db.tableExists("s3_path_calibrations") else { return [] }
            return try String.fetchAll(db, sql: "SELECT body FROM s3_path_calibrations ORDER BY id DESC")
        }.map { try decode(ObjectStoreCalibration.self, $0, what: "an S3 path calibration") }
    }
}
