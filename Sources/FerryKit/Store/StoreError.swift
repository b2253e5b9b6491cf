import Foundation

/// Why the SQLite store could not be used or lacks what was asked for.
public enum StoreError: LocalizedError, Equatable, Sendable {
    /// No database file at the path (read-only commands never create one).
    case noStore(path: String)
    /// The database could not be opened, created or migrated.
    case cannotOpen(path: String, reason: String)
    /// A statement failed.
    case sql(path: String, reason: String)
    /// No calibration stored yet.
    case noCalibration(path: String)
    /// Every stored calibration failed validation, and `latest` only takes a passing one.
    case noPassingCalibration(latest: Int64, failures: [String], path: String)
    /// No calibration with that id (or a malformed id).
    case unknownCalibration(id: String, path: String)
    /// No benchmark run with that id.
    case unknownRun(id: Int64, path: String)
    /// No benchmark runs stored yet.
    case noRuns(path: String)
    /// A stored JSON column that cannot be decoded (written by an incompatible version).
    case corrupt(path: String, what: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case let .noStore(path): return "no database at \(path); check --db (or $FERRY_DB), or run `ferry bench` to create one"
        case let .cannotOpen(path, reason): return "cannot open the database \(path): \(reason)"
        case let .sql(path, reason): return "database \(path): \(reason)"
        case let .noCalibration(path): return "no calibration in \(path); run `ferry bench` then `ferry calibrate`"
        case let .noPassingCalibration(latest, failures, path):
            return "no calibration in \(path) passed its validation (the newest, \(latest), failed: \(failures.joined(separator: "; "))); "
                + "improve it (more profiles, longer copies: --min-seconds) or accept it with --allow-failed or copy.calibration: \(latest)"
        case let .unknownCalibration(id, path): return "no calibration '\(id)' in \(path); `ferry runs list` shows the stored ones"
        case let .unknownRun(id, path): return "no benchmark run \(id) in \(path); `ferry runs list` shows the stored ones"
        case let .noRuns(path): return "no benchmark runs in \(path); run `ferry bench` first"
        case let .corrupt(path, what, reason): return "database \(path): cannot read \(what): \(reason)"
        }
    }
}
