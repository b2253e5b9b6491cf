import ArgumentParser
import FerryS3
import FerryUnits
import Foundation

/// Flags of `ferry copy` that only S3 copies use.
struct S3CopyFlags: ParsableArguments {
    @Option(help: "S3 endpoint URL (default: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, the profile's endpoint_url, else AWS).")
    var endpoint: String?

    @Flag(help: "S3 uploads: copy what symlinks point to (default: skip them with a warning).")
    var followSymlinks = false
}

/// `ferry copy` when either side is `s3://bucket/prefix`: upload a tree or download a prefix.
///
/// JSON summary: `files` (objects or files written; 0 on an unchanged re-run), `bytes`,
/// `seconds`, `bytes_per_second`, `skipped`, `errors` (array of `{path, error}`), plus
/// `deleted`, `warnings`, `symlinks_skipped`, `parts_uploaded`, `parts_resumed`, `verified`,
/// `requests` (by S3 operation), `retries`, `verify`, `dry_run`.
enum S3CopyCommand {
    /// Whether `ferry copy SRC DST` is an S3 copy.
    static func handles(source: String, destination: String) -> Bool {
        S3Location.isS3(source) || S3Location.isS3(destination)
    }

    /// Runs the S3 copy for the parsed `ferry copy` command; exit 2 when some entries failed.
    static func run(_ command: CopyCommand) throws {
        let uploading = S3Location.isS3(command.destination)
        if S3Location.isS3(command.source) && uploading {
            throw ValidationError("copying from S3 to S3 is not supported: one side must be a local directory")
        }
        let location = try S3Location(parsing: uploading ? command.destination : command.source)
        let local = uploading ? command.source : command.destination
        let env = ProcessInfo.processInfo.environment
        let configuration = try S3Configuration.resolve(environment: env, endpointOverride: command.s3.endpoint)

        let absoluteLocal = URL(fileURLWithPath: local).standardizedFileURL.path
        var options = S3SyncOptions(manifestPath: command.manifest ?? S3SyncManifest.defaultPath(
            source: uploading ? absoluteLocal : location.description,
            destination: uploading ? location.description : absoluteLocal, environment: env))
        if let streams = command.streams {
            guard streams >= 1 else { throw ValidationError("--streams must be at least 1, got \(streams)") }
            options.streams = streams
        }
        options.verify = command.verify
        options.checksum = command.checksum
        options.delete = command.delete
        options.dryRun = command.dryRun
        options.followSymlinks = command.s3.followSymlinks
        if let text = command.chunkThreshold { options.multipartThreshold = Int64(try ByteCount.parse(text, allowZero: false).bytes) }
        if let text = command.chunkSize {
            options.partSize = Int64(try ByteCount.parse(text, allowZero: false).bytes)
            guard options.partSize >= 5 << 20 else {
                throw ValidationError("--chunk-size for S3 must be at least 5MiB (S3's smallest part), got \(text)")
            }
        }
        if command.bwlimit != nil { warn("warning: --bwlimit is not applied to S3 copies") }

        let settings = options
        let summary = try blocking {
            let options = settings
            let client = S3Client(configuration: configuration, maxConnections: options.streams)
            do {
                let sync = try S3Sync(client: client, options: options)
                let summary = uploading ? try await sync.upload(from: local, to: location)
                    : try await sync.download(from: location, to: local)
                try await client.shutdown()
                return summary
            } catch {
                try? await client.shutdown()
                throw error
            }
        }
        if !command.global.quiet || command.global.format == .json {
            for warning in summary.warnings { warn("warning: \(warning)") }
        }
        emit(render(summary, format: command.global.format, verify: command.verify, verbose: command.global.verbose))
        if !summary.errors.isEmpty { throw ExitCode(2) }
    }

    /// Runs async work from the synchronous command and waits for it.
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }

    /// Carries a result out of the task that computed it.
    final class ResultBox<T: Sendable>: @unchecked Sendable {
        var result: Result<T, any Error>?
    }

    private struct JSONError: Encodable { let path: String; let error: String }
    private struct JSONBody: Encodable {
        let files: Int, bytes: Int64, seconds: Double, bytes_per_second: Double, skipped: Int
        let errors: [JSONError]
        let deleted: [String], warnings: [String]
        let symlinks_skipped: Int, parts_uploaded: Int, parts_resumed: Int, verified: Int
        let requests: [String: Int], retries: Int, verify: Bool, dry_run: Bool
    }

    static func render(_ s: S3SyncSummary, format: OutputFormat, verify: Bool, verbose: Bool) -> String {
        let rate = s.bytesPerSecond.isFinite ? s.bytesPerSecond : 0
        switch format {
        case .json:
            let body = JSONBody(files: s.files, bytes: s.bytes, seconds: s.seconds, bytes_per_second: rate, skipped: s.skipped,
                                errors: s.errors.map { JSONError(path: $0.path, error: $0.message) },
                                deleted: s.deleted, warnings: s.warnings, symlinks_skipped: s.symlinksSkipped,
                                parts_uploaded: s.partsUploaded, parts_resumed: s.partsResumed, verified: s.verified,
                                requests: s.requests, retries: s.retries, verify: verify, dry_run: s.dryRun)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: (try? encoder.encode(body)) ?? Data("{}".utf8), as: UTF8.self)
        case .csv:
            return "files,bytes,seconds,bytes_per_second,skipped,errors\n\(s.files),\(s.bytes),\(s.seconds),\(rate),\(s.skipped),\(s.errors.count)"
        case .md, .text:
            let verb = s.dryRun ? "would copy" : "copied"
            var lines = [
                "\(verb) \(s.files) objects, \(ByteCount(bytes: Double(s.bytes)).formatted()) in "
                    + String(format: "%.2f s", s.seconds) + " (\(DataRate(bytesPerSecond: rate).formatted()))"
                    + (verify && !s.dryRun ? ", \(s.verified) verified" : ""),
                "skipped \(s.skipped) unchanged, \(s.symlinksSkipped) symlinks skipped, \(s.partsUploaded) parts sent, "
                    + "\(s.partsResumed) parts resumed, \(s.retries) retries",
            ]
            if !s.deleted.isEmpty {
                lines.append("\(s.dryRun ? "would delete" : "deleted") \(s.deleted.count) entries")
                if verbose { lines += s.deleted.map { "  - \($0)" } }
            }
            if !s.errors.isEmpty {
                lines.append("\(s.errors.count) errors:")
                lines += s.errors.map { "  \($0.path): \($0.message)" }
            }
            return lines.joined(separator: "\n")
        }
    }
}
