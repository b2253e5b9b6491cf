import Foundation
import GRDB

extension FerryStore {
    /// Records the start of a benchmark run.
    /// - Returns: the new run's id.
    /// - Throws: `StoreError.sql`.
    public func beginRun(settings: BenchSettings, fingerprint: EnvironmentFingerprint, cacheNote: String,
                         at date: Date = Date()) throws -> Int64 {
        try write { db in
            try db.execute(sql: """
                INSERT INTO bench_runs (created_at, settings, fingerprint, machine, cache_note) VALUES (?, ?, ?, ?, ?)
                """, arguments: [FerryStore.timestamp(date), FerryStore.encode(settings), FerryStore.encode(fingerprint),
                                 fingerprint.summary, cacheNote])
            return db.lastInsertedRowID
        }
    }

    /// Stores one sample of run `sample.runID`.
    /// - Throws: `StoreError.sql` (e.g. an unknown run).
    public func add(_ sample: BenchSample) throws {
        try write { db in
            try db.execute(sql: """
                INSERT INTO bench_samples (run_id, profile, tool, streams, repetition, warmup, files, bytes, seconds, cache, errors,
                                           directories, copies, mad_seconds)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [sample.runID, sample.profile, sample.tool, sample.streams, sample.repetition,
                                 sample.warmup, sample.files, sample.bytes, sample.seconds, sample.cache, sample.errors,
                                 sample.directories, sample.copies, sample.madSeconds])
        }
    }

    /// Sets a run's status (`complete`, `failed: …`) and its cache note.
    public func finishRun(_ id: Int64, status: String, cacheNote: String? = nil) throws {
        try write { db in
            if let cacheNote {
                try db.execute(sql: "UPDATE bench_runs SET status = ?, cache_note = ? WHERE id = ?", arguments: [status, cacheNote, id])
            } else {
                try db.execute(sql: "UPDATE bench_runs SET status = ? WHERE id = ?", arguments: [status, id])
            }
        }
    }

    /// Every run, newest first.
    public func runs() throws -> [BenchRun] {
        let rows = try read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.*, (SELECT COUNT(*) FROM bench_samples s WHERE s.run_id = r.id) AS sample_count
                FROM bench_runs r ORDER BY r.id DESC
                """)
        }
        return try rows.map(run(from:))
    }

    /// One run.
    /// - Throws: `StoreError.unknownRun`.
    public func run(_ id: Int64) throws -> BenchRun {
        let row = try read { db in
            try Row.fetchOne(db, sql: """
                SELECT r.*, (SELECT COUNT(*) FROM bench_samples s WHERE s.run_id = r.id) AS sample_count
                FROM bench_runs r WHERE r.id = ?
                """, arguments: [id])
        }
        guard let row else { throw StoreError.unknownRun(id: id, path: path) }
        return try run(from: row)
    }

    /// The samples of the given runs, in insertion order.
    public func samples(runs ids: [Int64]) throws -> [BenchSample] {
        guard !ids.isEmpty else { return [] }
        let placeholders = ids.map { _ in "?" }.joined(separator: ",")
        return try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM bench_samples WHERE run_id IN (\(placeholders)) ORDER BY id",
                             arguments: StatementArguments(ids)).map { row in
                BenchSample(runID: row["run_id"], profile: row["profile"], tool: row["tool"], streams: row["streams"],
                            repetition: row["repetition"], warmup: row["warmup"], files: row["files"], bytes: row["bytes"],
                            seconds: row["seconds"], cache: row["cache"], errors: row["errors"],
                            // Absent in a read-only store written before migration v2.
                            directories: (row["directories"] as Int?) ?? 0, copies: (row["copies"] as Int?) ?? 1,
                            madSeconds: (row["mad_seconds"] as Double?) ?? 0)
            }
        }
    }

    private func run(from row: Row) throws -> BenchRun {
        let id: Int64 = row["id"]
        return BenchRun(id: id, createdAt: FerryStore.date(row["created_at"]),
                        settings: try decode(BenchSettings.self, row["settings"], what: "settings of run \(id)"),
                        fingerprint: try decode(EnvironmentFingerprint.self, row["fingerprint"], what: "fingerprint of run \(id)"),
                        cacheNote: row["cache_note"], status: row["status"], sampleCount: row["sample_count"])
    }
}
