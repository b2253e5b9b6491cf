import FerryCopy
import FerryKit
import FerryUnits
import Foundation

/// Renders a `CopySummary` as text, JSON, Markdown or CSV.
///
/// JSON (through the shared `ReportJSON`: `kind` "copy", `schema_version` 1): `files`, `bytes`, `seconds`, `bytes_per_second`, `skipped`, `errors`
/// (array of `{path, error}`), plus `symlinks`, `directories_created`, `deleted`,
/// `stale_temporaries_removed`, `retries`, `verified`, `verify`, `warnings`, `stopped`,
/// `dry_run`, `stop_signal` (the signal number; absent when none), `unfinished` (files left by a stop),
/// `deletion_skipped` (extras kept because the source had read errors),
/// `modify_window_seconds`, and in dry runs `actions` (array of `{action, path, bytes}`).
struct CopyReport {
    let summary: CopySummary
    let verify: Bool

    /// The JSON document, rendered by the shared `ReportJSON` (snake_case keys, `kind` "copy",
    /// `schema_version`, non-finite numbers as null; absent optionals are omitted).
    struct Document: ReportDocument {
        static let kind = "copy"

        struct Failure: Encodable {
            let path: String
            let error: String
        }

        struct Action: Encodable {
            let action: String
            let path: String
            let bytes: Int64
        }

        let files: Int
        let bytes: Int64
        let seconds: Double
        let bytesPerSecond: Double
        let skipped: Int
        let errors: [Failure]
        let symlinks: Int
        let directoriesCreated: Int
        let deleted: [String]
        let staleTemporariesRemoved: Int
        let retries: Int
        let verified: Int
        let verify: Bool
        let warnings: [String]
        let stopped: String?
        let dryRun: Bool
        let stopSignal: Int32?
        let unfinished: Int
        let deletionSkipped: Int
        let modifyWindowSeconds: Double
        let actions: [Action]?
    }

    /// The summary as the JSON document.
    var document: Document {
        Document(
            files: summary.files, bytes: summary.bytes, seconds: summary.seconds,
            bytesPerSecond: summary.bytesPerSecond, skipped: summary.skipped,
            errors: summary.errors.map { Document.Failure(path: $0.path, error: $0.error.localizedDescription) },
            symlinks: summary.symlinks, directoriesCreated: summary.directoriesCreated, deleted: summary.deleted,
            staleTemporariesRemoved: summary.staleTemporariesRemoved, retries: summary.retries,
            verified: summary.verified, verify: verify, warnings: summary.warnings, stopped: summary.stoppedReason,
            dryRun: summary.dryRun, stopSignal: summary.stopSignal, unfinished: summary.unfinished,
            deletionSkipped: summary.deletionSkipped, modifyWindowSeconds: summary.modifyWindowSeconds,
            actions: summary.dryRun
                ? summary.plannedActions.map { Document.Action(action: $0.kind.rawValue, path: $0.path, bytes: $0.bytes) }
                : nil)
    }

    private func json() -> String { ReportJSON.render(document) }

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

    private var rate: String { DataRate(bytesPerSecond: summary.bytesPerSecond).formatted() }

    private func text(verbose: Bool) -> String {
        let verb = summary.dryRun ? "would copy" : "copied"
        var lines = [
            "\(verb) \(ReportNumber.counted(summary.files, "file")), \(ByteCount(bytes: Double(summary.bytes)).formatted()) in "
                + String(format: "%.2f s", summary.seconds) + " (\(rate))"
                + (verify && !summary.dryRun ? ", \(summary.verified) verified (xxh3-128)" : ""),
            "skipped \(summary.skipped) unchanged, \(ReportNumber.counted(summary.symlinks, "symlink")), "
                + "\(ReportNumber.counted(summary.directoriesCreated, "directory", plural: "directories")) created",
        ]
        if !summary.deleted.isEmpty {
            lines.append("\(summary.dryRun ? "would delete" : "deleted") \(ReportNumber.counted(summary.deleted.count, "entry", plural: "entries"))")
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
