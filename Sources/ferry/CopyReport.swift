import FerryCopy
import FerryUnits
import Foundation

/// Renders a `CopySummary` as text, JSON, Markdown or CSV.
///
/// JSON fields: `files`, `bytes`, `seconds`, `bytes_per_second`, `skipped`, `errors`
/// (array of `{path, error}`), plus `symlinks`, `directories_created`, `deleted`,
/// `stale_temporaries_removed`, `retries`, `verified`, `verify`, `warnings`, `stopped`,
/// `dry_run`.
struct CopyReport {
    let summary: CopySummary
    let verify: Bool

    private struct JSONError: Encodable {
        let path: String
        let error: String
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
            dry_run: summary.dryRun)
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
            if verbose { lines += summary.deleted.map { "  - \($0)" } }
        }
        if summary.staleTemporariesRemoved > 0 {
            lines.append("removed \(summary.staleTemporariesRemoved) temporaries left by an interrupted run")
        }
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
