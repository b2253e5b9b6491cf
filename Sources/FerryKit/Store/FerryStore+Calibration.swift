import Foundation
import GRDB

extension FerryStore {
    /// Stores a calibration.
    /// - Returns: the calibration with its new `id`.
    @discardableResult
    public func save(_ calibration: Calibration) throws -> Calibration {
        try write { db in
            try db.execute(sql: "INSERT INTO calibrations (created_at, machine, source_runs, body) VALUES (?, ?, ?, '')",
                           arguments: [FerryStore.timestamp(calibration.createdAt), calibration.machine,
                                       FerryStore.encode(calibration.sourceRuns)])
            var stored = calibration
            stored.id = db.lastInsertedRowID
            try db.execute(sql: "UPDATE calibrations SET body = ? WHERE id = ?", arguments: [FerryStore.encode(stored), stored.id])
            return stored
        }
    }

    /// A stored calibration by id, or the newest passing one for `"latest"`.
    /// - Parameters:
    ///   - idOrLatest: `latest` or a decimal id (an optional `c`/`cal-` prefix is accepted). An
    ///     id is returned even when flagged (the plan then says so).
    ///   - allowFailed: let `latest` return the newest calibration even when it failed validation.
    /// - Throws: `StoreError.noCalibration` ("run `ferry bench` then `ferry calibrate`"),
    ///   `.noPassingCalibration`, `.unknownCalibration`.
    public func calibration(_ idOrLatest: String, allowFailed: Bool = false) throws -> Calibration {
        let key = idOrLatest.trimmingCharacters(in: .whitespaces).lowercased()
        let body: String?
        if key == "latest" {
            let all = try calibrations()
            guard let newest = all.first else { throw StoreError.noCalibration(path: path) }
            if allowFailed { return newest }
            guard let passing = all.first(where: { !$0.isFlagged }) else {
                throw StoreError.noPassingCalibration(latest: newest.id, failures: newest.failures ?? [], path: path)
            }
            return passing
        }
        let digits = key.hasPrefix("cal-") ? String(key.dropFirst(4)) : key.hasPrefix("c") ? String(key.dropFirst()) : key
        guard let id = Int64(digits) else { throw StoreError.unknownCalibration(id: idOrLatest, path: path) }
        body = try read { db in try String.fetchOne(db, sql: "SELECT body FROM calibrations WHERE id = ?", arguments: [id]) }
        guard let body else {
            let any = try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM calibrations") } ?? 0
            throw any == 0 ? StoreError.noCalibration(path: path) : StoreError.unknownCalibration(id: idOrLatest, path: path)
        }
        return try decode(Calibration.self, body, what: "calibration \(id)")
    }

    /// Every calibration, newest first.
    public func calibrations() throws -> [Calibration] {
        let bodies = try read { db in try String.fetchAll(db, sql: "SELECT body FROM calibrations ORDER BY id DESC") }
        return try bodies.map { try decode(Calibration.self, $0, what: "a calibration") }
    }
}
