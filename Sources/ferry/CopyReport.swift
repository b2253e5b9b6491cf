import FerryCopy
import FerryUnits
import Foundation

/// Renders a `CopySummary` as text, JSON, Markdown or CSV.
///
/// JSON fields: `files`, `bytes`, `seconds`, `bytes_per_second`, `skipped`, `errors`
/// (array of `{path, error}`), plus `symlinks`, `directories_created`, `deleted`,
/// `stale_temporaries_removed`, `retries`, `verified`, `verify`, `warnings`, `stopped`,
/// `dry_run`, `stop_signal` (null or the signal number), `unfinished` (files left by a stop),
/// `deletion_skipped` (extras kept because the source had read errors),
/// `modify_window_seconds`, and in dry runs `actions` (array of `{action, path, bytes}`).
struct CopyReport {
    let summary: CopySummary
    let verify: Bool

    private struct JSONError: Encodable {
        let path: String
        let error: String
    }

    private struct JSONAction: Encodable {
        let action: String
        let path: String
        let bytes: Int64
    }

    private struct JSONBody: Encodable {
        let files: Int
        let bytes: Int64
        let seconds: Double
        let bytes_per_second: Double
        let skipped: Int
        let errors: [JSONError]
        let symlinks: Int
        let directories_created: Int
        let deleted: [String]
        let stale_temporaries_removed: Int
        let retries: Int
        let verified: Int
        let verify: Bool
        let warnings: [String]
        let stopped: String?
        let dry_run: Bool
        let stop_signal: Int32?
        let unfinished: Int
        let deletion_skipped: Int
        let modify_window_seconds: Double
        let actions: [JSONAction]?

        enum CodingKeys: String, CodingKey {
            case files, bytes, seconds, bytes_per_second, skipped, errors, symlinks, directories_created, deleted,
                 stale_temporaries_removed, retries, verified, verify, warnings, stopped, dry_run, stop_signal,
                 unfinished, deletion_skipped, modify_window_seconds, actions
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(files, forKey: .files)
            try c.encode(bytes, forKey: .bytes)
            try c.encode(seconds, forKey: .seconds)
            try c.encode(bytes_per_second, forKey: .bytes_per_second)
            try c.encode(skipped, forKey: .skipped)
            try c.encode(errors, forKey: .errors)
            try c.encode(symlinks, forKey: .symlinks)
            try c.encode(directories_created, forKey: .directories_created)
            try c.encode(deleted, forKey: .deleted)
            try c.encode(stale_temporaries_removed, forKey: .stale_temporaries_removed)
            try c.encode(retries, forKey: .retries)
            try c.encode(verified, forKey: .verified)
            try c.encode(verify, forKey: .verify)
            try c.encode(warnings, forKey: .warnings)
            try c.encode(stopped, forKey: .stopped)  // null when the run went to the end
            try c.encode(dry_run, forKey: .dry_run)
            try c.encode(stop_signal, forKey: .stop_signal)
            try c.encode(unfinished, forKey: .unfinished)
            try c.encode(deletion_skipped, forKey: .deletion_skipped)
            try c.encode(modify_window_seconds, forKey: .modify_window_seconds)
            try c.encodeIfPresent(actions, forKey: .actions)
        }
    }

    func render(_ format: OutputFormat, verbose: Bool) -> String {
        switch format {
        case .json: return json()
        case .csv:
            return "files,bytes,seconds,bytes_per_second,skipped,errors\n"
                + "\(summary.files),\(summary.bytes),\(summary.seconds),\(summary.bytesPerSecond),\(summary.skipped),\(summary.errors.count)"
        case .md: return markdown()
        case .text: return text(verbose: verbose)
        }
    }

    private func json() -> String {
        let body = JSONBody(
            files: summary.files, bytes: summary.bytes, seconds: summary.seconds,
            bytes_per_second: summary.bytesPerSecond, skipped: summary.skipped,
            errors: summary.errors.map { JSONError(path: $0.path, error: $0.error.localizedDescription) },
            symlinks: summary.symlinks, directories_created: summary.directoriesCreated, deleted: summary.deleted,
            stale_temporaries_removed: summary.staleTemporariesRemoved, retries: summary.retries,
            verified: summary.verified, verify: verify, warnings: summary.warnings, stopped: summary.stoppedReason,
            dry_run: summary.dryRun, stop_signal: summary.stopSignal, unfinished: summary.unfinished,
            deletion_skipped: summary.deletionSkipped, modify_window_seconds: summary.modifyWindowSeconds,
            actions: summary.dryRun
                ? summary.plannedActions.map { JSONAction(action: $0.kind.rawValue, path: $0.path, bytes: $0.bytes) } : nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(body)) ?? Data("{}".utf8), as: UTF8.self)
    }

    private var rate: String { DataRate(bytesPerSecond: summary.bytesPerSecond).formatted() }

    private func text(verbose: Bool) -> String {
        let verb = summary.dryRun ? "would copy" : "copied"
        var lines = [
            "\(verb) \(summary.files) files, \(ByteCount(bytes: Double(summary.bytes)).formatted()) in "
                + String(format: "%.2f s", summary.seconds) + " (\(rate))"
                + (verify && !summary.dryRun ? ", \(summary.verified) verified (xxh3-128)" : ""),
            "skipped \(summary.skipped) unchanged, \(summary.symlinks) symlinks, \(summary.directoriesCreated) directories created",
        ]
        if !summary.deleted.isEmpty {
            lines.append("\(summary.dryRun ? "would delete" : "deleted") \(summary.deleted.count) entries")
            if verbose && !summary.dryRun { lines += summary.deleted.map { "  - \($0)" } }
        }
        if summary.staleTemporariesRemoved > 0 {
            lines.append("removed \(summary.staleTemporariesRemoved) temporaries left by an interrupted run")
        }
        if summary.dryRun && verbose {
            lines += summary.plannedActions.map { "  \($0.kind.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) \($0.path)" }
        }
        if summary.deletionSkipped > 0 {
            lines.append("kept \(summary.deletionSkipped) entries --delete would remove: the source had read errors")
        }
        if summary.unfinished > 0 { lines.append("\(summary.unfinished) files not copied (stopped)") }
        if summary.retries > 0 { lines.append("\(summary.retries) retries (source changed or verification mismatch)") }
        if let stopped = summary.stoppedReason { lines.append("stopped early: \(stopped)") }
        if !summary.errors.isEmpty {
            lines.append("\(summary.errors.count) failed:")
            lines += summary.errors.map { "  \($0.path): \($0.error.localizedDescription)" }
        }
        return lines.joined(separator: "\n")
    }

    private func markdown() -> String {
        var lines = [
            "| files | bytes | seconds | rate | skipped | errors |",
            "|---:|---:|---:|---:|---:|---:|",
            "| \(summary.files) | \(summary.bytes) | \(String(format: "%.3f", summary.seconds)) | \(rate) | \(summary.skipped) | \(summary.errors.count) |",
        ]
        if !summary.errors.isEmpty {
            lines += ["", "| path | error |", "|---|---|"]
            lines += summary.errors.map { "| \($0.path) | \($0.error.localizedDescription) |" }
        }
        return lines.joined(separator: "\n")
    }
}
