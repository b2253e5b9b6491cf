import Crypto
import Foundation
import NIOCore
import NIOFoundationCompat

/// Copies a local tree to an S3 prefix and back: incremental (size + mtime in metadata, or
/// SHA-256), multipart with parallel parts above a threshold, resumable through the manifest,
/// integrity-checked per object and per part (Content-MD5), with `--delete` inside the prefix.
public final class S3Sync: Sendable {
    /// The client (and its request counters).
    public let client: S3Client
    /// Settings.
    public let options: S3SyncOptions
    let manifest: S3SyncManifest
    let limiter: RequestLimiter

    /// Metadata names (sent as `x-amz-meta-…`).
    public enum Meta {
        /// Local mtime, nanoseconds since 1970, decimal.
        public static let mtime = "ferry-mtime-ns"
        /// SHA-256 hex of the whole content.
        public static let sha256 = "ferry-sha256"
    }

    /// Creates a sync over `client`.
    /// - Throws: when the manifest cannot be opened.
    public init(client: S3Client, options: S3SyncOptions) throws {
        self.client = client
        self.options = options
        self.manifest = try S3SyncManifest(path: options.manifestPath)
        self.limiter = RequestLimiter(options.streams)
    }

    /// Thread-safe accumulation of the summary.
    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var value = S3SyncSummary()
        func update(_ body: (inout S3SyncSummary) -> Void) { lock.lock(); body(&value); lock.unlock() }
        var summary: S3SyncSummary { lock.lock(); defer { lock.unlock() }; return value }
    }

    // MARK: Upload

    /// Uploads the regular files under `directory` to `location`.
    public func upload(from directory: String, to location: S3Location) async throws -> S3SyncSummary {
        let start = Date()
        let root = (directory as NSString).standardizingPath
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDir), isDir.boolValue else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: root, NSLocalizedDescriptionKey: "source '\(root)' is not a directory"])
        }
        let walk = LocalTree.walk(root, followSymlinks: options.followSymlinks, exclude: [options.manifestPath])
        let tally = Tally()
        tally.update {
            $0.dryRun = options.dryRun
            $0.errors = walk.errors
            $0.warnings = walk.warnings
            $0.symlinksSkipped = walk.skippedSymlinks.count
            if !walk.skippedSymlinks.isEmpty {
                $0.warnings.append("\(walk.skippedSymlinks.count) symlinks skipped (use --follow-symlinks to copy their targets)")
            }
        }
        let remote = Dictionary(try await client.listObjects(bucket: location.bucket, prefix: location.listPrefix).map { ($0.key, $0) },
                                uniquingKeysWith: { a, _ in a })
        let known = try manifest.entries(bucket: location.bucket)

        try await withThrowingTaskGroup(of: Void.self) { group in
            var running = 0
            for file in walk.files {
                if running >= options.streams { try await group.next(); running -= 1 }
                let key = location.key(for: file.relativePath)
                group.addTask {
                    do {
                        try await self.uploadIfChanged(file, key: key, bucket: location.bucket, remote: remote[key],
                                                       known: known[key], tally: tally)
                    } catch {
                        tally.update { $0.errors.append((file.relativePath, Self.describe(error))) }
                    }
                }
                running += 1
            }
            try await group.waitForAll()
        }

        if options.delete {
            let summary = tally.summary
            if !walk.errors.isEmpty || !summary.errors.isEmpty {
                tally.update { $0.warnings.append("--delete skipped: the source had read errors or uploads failed") }
            } else {
                let wanted = Set(walk.files.map { location.key(for: $0.relativePath) })
                let extra = remote.keys.filter { !wanted.contains($0) && $0.hasPrefix(location.listPrefix) }.sorted()
                for key in extra {
                    do {
                        if !options.dryRun {
                            try await client.deleteObject(bucket: location.bucket, key: key)
                            try manifest.forget(bucket: location.bucket, key: key)
                        }
                        tally.update { $0.deleted.append(key) }
                    } catch {
                        tally.update { $0.errors.append((key, "delete failed: \(Self.describe(error))")) }
                    }
                }
            }
        }
        return finish(tally, start: start)
    }

    func finish(_ tally: Tally, start: Date) -> S3SyncSummary {
        var summary = tally.summary
        summary.seconds = Date().timeIntervalSince(start)
        summary.requests = client.stats.byOperation
        summary.retries = client.stats.retries
        summary.errors.sort { $0.path < $1.path }
        summary.deleted.sort()
        return summary
    }

    static func describe(_ error: any Error) -> String {
        if let s3 = error as? S3Error { return s3.localizedDescription }
        if let local = error as? LocalizedError, let text = local.errorDescription { return text }
        return String(describing: error)
    }

    /// Uploads `file` unless the object already matches it.
    func uploadIfChanged(_ file: LocalFile, key: String, bucket: String, remote: S3Object?,
                         known: S3SyncManifest.Entry?, tally: Tally) async throws {
        var sha256: String?
        if options.checksum { sha256 = try Self.sha256(ofFile: file.path) }
        if let remote, remote.size == file.size {
            var unchanged = false
            if let known, known.etag == remote.etag, known.size == file.size {
                unchanged = options.checksum ? known.sha256 == sha256 : known.mtimeNanoseconds == file.mtimeNanoseconds
            }
            if !unchanged, let head = try await limiter.run({ try await self.client.headObject(bucket: bucket, key: key) }) {
                unchanged = options.checksum ? head.metadata[Meta.sha256] == sha256
                    : head.metadata[Meta.mtime] == String(file.mtimeNanoseconds)
                if unchanged, !options.dryRun {
                    try manifest.record(bucket: bucket, key: key, entry: .init(
                        etag: head.etag, size: file.size, mtimeNanoseconds: file.mtimeNanoseconds,
                        sha256: head.metadata[Meta.sha256] ?? sha256))
                }
            }
            if unchanged { tally.update { $0.skipped += 1 }; return }
        }
        if options.dryRun { tally.update { $0.files += 1; $0.bytes += file.size }; return }
        let etag: String
        var composite: String?
        if file.size >= options.multipartThreshold {
            (etag, composite) = try await uploadMultipart(file, key: key, bucket: bucket, sha256: sha256, tally: tally)
        } else {
            let body = try Self.read(file.path, offset: 0, count: file.size)
            let digest = SigV4Signer.hex(SHA256.hash(data: body.readableBytesView))
            sha256 = digest
            etag = try await limiter.run {
                try await self.client.putObject(bucket: bucket, key: key, body: body,
                                                metadata: [Meta.mtime: String(file.mtimeNanoseconds), Meta.sha256: digest])
            }
            tally.update { $0.bytes += file.size }
        }
        guard let after = LocalTree.status(file.path, follow: true), after.size == file.size, after.mtime == file.mtimeNanoseconds else {
            throw S3Error.integrity(key: key, expected: "source unchanged during upload", actual: "source changed; re-run to copy it")
        }
        if options.verify {
            guard let head = try await limiter.run({ try await self.client.headObject(bucket: bucket, key: key, checksumMode: true) }),
                  head.size == file.size, head.etag == etag else {
                throw S3Error.integrity(key: key, expected: "\(file.size) bytes, ETag \(etag)", actual: "a different object on read-back")
            }
            // A single-part object keeps the SHA-256 it was sent with: it must be the source's. A
            // multipart object's composite checksum is built by the store from the parts it received.
            let expected = composite ?? sha256.flatMap { file.size >= options.multipartThreshold ? nil : Self.base64(hex: $0) }
            // (AWS reports a composite as `value-N`; moto 5.2.1's HEAD leaves out the `-N`.)
            if let stored = head.checksumSHA256, let expected, stored != expected, stored + "-\(composite?.split(separator: "-").last ?? "")" != expected {
                throw S3Error.integrity(key: key, expected: "x-amz-checksum-sha256 \(expected)", actual: stored)
            }
            tally.update { $0.verified += 1 }
        }
        try manifest.record(bucket: bucket, key: key, entry: .init(etag: etag, size: file.size,
                                                                   mtimeNanoseconds: file.mtimeNanoseconds, sha256: sha256))
        tally.update { $0.files += 1 }
    }

    /// Base64 of the bytes a hex string spells (a SHA-256 hex digest → its `x-amz-checksum-sha256`).
    static func base64(hex: String) -> String? {
        guard hex.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return Data(bytes).base64EncodedString()
    }

    /// The part size for a file: the configured size, raised so there are at most 10,000 parts.
    func partSize(for size: Int64) -> Int64 {
        max(options.partSize, (size + 9_999) / 10_000)
    }

    /// Uploads `file` in parts, resuming a recorded upload whose parts ListParts still has.
    /// - Returns: the object's ETag and its composite SHA-256 checksum (`compositeChecksum`).
    func uploadMultipart(_ file: LocalFile, key: String, bucket: String, sha256: String?,
                         tally: Tally) async throws -> (etag: String, checksum: String?) {
        let partSize = partSize(for: file.size)
        let count = Int((file.size + partSize - 1) / partSize)
        let size = file.size
        let range: @Sendable (Int) -> (offset: Int64, length: Int64) = { number in
            let offset = Int64(number - 1) * partSize
            return (offset, min(partSize, size - offset))
        }
        var done: [Int: S3Part] = [:]
        var uploadID: String?
        if let recorded = try manifest.upload(bucket: bucket, key: key) {
            if recorded.size == file.size, recorded.mtimeNanoseconds == file.mtimeNanoseconds, recorded.partSize == partSize,
               let listed = try await client.listParts(bucket: bucket, key: key, uploadID: recorded.uploadID) {
                uploadID = recorded.uploadID
                // Keep a listed part only if its size and MD5 match the local bytes.
                for part in listed where part.number >= 1 && part.number <= count && part.size == range(part.number).length {
                    let (offset, length) = range(part.number)
                    let bytes = try Self.read(file.path, offset: offset, count: length)
                    if S3Client.contentMD5(bytes).hex == part.etag {
                        var kept = part
                        kept.checksumSHA256 = S3Client.checksumSHA256(bytes)
                        done[part.number] = kept
                    }
                }
                tally.update { $0.partsResumed += done.count }
            } else {
                try? await client.abortMultipartUpload(bucket: bucket, key: key, uploadID: recorded.uploadID)
                try manifest.finishUpload(bucket: bucket, key: key, uploadID: recorded.uploadID)
            }
        }
        var meta = [Meta.mtime: String(file.mtimeNanoseconds)]
        if let sha256 { meta[Meta.sha256] = sha256 }
        let metadata = meta
        let id: String
        if let uploadID { id = uploadID } else {
            id = try await limiter.run { try await self.client.createMultipartUpload(bucket: bucket, key: key, metadata: metadata) }
            try manifest.startUpload(bucket: bucket, key: key, upload: .init(
                uploadID: id, size: file.size, mtimeNanoseconds: file.mtimeNanoseconds, partSize: partSize))
        }
        let missing = (1...count).filter { done[$0] == nil }
        do {
            let uploaded = try await withThrowingTaskGroup(of: S3Part.self) { group in
                for number in missing {
                    group.addTask {
                        try await self.limiter.run {
                            let (offset, length) = range(number)
                            let body = try Self.read(file.path, offset: offset, count: length)
                            let etag = try await self.client.uploadPart(bucket: bucket, key: key, uploadID: id, number: number, body: body)
                            var part = S3Part(number: number, etag: etag, size: length)
                            part.checksumSHA256 = S3Client.checksumSHA256(body)
                            try self.manifest.recordPart(uploadID: id, part: part)
                            tally.update { $0.partsUploaded += 1; $0.bytes += length }
                            return part
                        }
                    }
                }
                var parts: [S3Part] = []
                for try await part in group { parts.append(part) }
                return parts
            }
            for part in uploaded { done[part.number] = part }
            let allParts = Array(done.values)
            let etag = try await limiter.run {
                try await self.client.completeMultipartUpload(bucket: bucket, key: key, uploadID: id, parts: allParts)
            }
            try manifest.finishUpload(bucket: bucket, key: key, uploadID: id)
            let expected = Self.multipartETag(done.values.sorted { $0.number < $1.number }.map(\.etag))
            if !etag.isEmpty, etag != expected { throw S3Error.integrity(key: key, expected: expected, actual: etag) }
            return (expected, Self.compositeChecksum(done.values.sorted { $0.number < $1.number }.map(\.checksumSHA256)))
        } catch {
            // Transient failures keep the upload for the next run; anything else frees it.
            if !Self.isResumable(error) {
                try? await client.abortMultipartUpload(bucket: bucket, key: key, uploadID: id)
                try? manifest.finishUpload(bucket: bucket, key: key, uploadID: id)
            }
            throw error
        }
    }

    /// Whether a failed upload is worth keeping for a re-run (transport or server-side trouble).
    static func isResumable(_ error: any Error) -> Bool {
        if let s3 = error as? S3Error {
            if case .http(let status, let code, _, _) = s3 { return RetryPolicy.isRetryable(status: status, code: code) }
            return false
        }
        if error is CocoaError { return false }
        return true
    }

    /// The composite checksum S3 keeps for a multipart object uploaded with SHA-256 part checksums:
    /// `base64(sha256(concat(binary part SHA-256s)))-N`; nil when a part's checksum is unknown.
    public static func compositeChecksum(_ partChecksums: [String?]) -> String? {
        var bytes = Data()
        for checksum in partChecksums {
            guard let checksum, let raw = Data(base64Encoded: checksum) else { return nil }
            bytes.append(raw)
        }
        return Data(SHA256.hash(data: bytes)).base64EncodedString() + "-\(partChecksums.count)"
    }

    /// The ETag S3 gives a multipart object: `md5(concat(binary part MD5s))-N`.
    public static func multipartETag(_ partETags: [String]) -> String {
        var bytes = [UInt8]()
        for hex in partETags {
            var i = hex.startIndex
            while i < hex.endIndex, let j = hex.index(i, offsetBy: 2, limitedBy: hex.endIndex) {
                bytes.append(UInt8(hex[i..<j], radix: 16) ?? 0)
                i = j
            }
        }
        return SigV4Signer.hex(Insecure.MD5.hash(data: bytes)) + "-\(partETags.count)"
    }

    /// Reads `count` bytes at `offset` from `path`.
    static func read(_ path: String, offset: Int64, count: Int64) throws -> ByteBuffer {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: path,
                                                               NSLocalizedDescriptionKey: "cannot open '\(path)' for reading"])
        }
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        let data = try handle.read(upToCount: Int(count)) ?? Data()
        guard data.count == count else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: path,
                                                              NSLocalizedDescriptionKey: "'\(path)' shrank while reading (\(data.count) of \(count) bytes at \(offset))"])
        }
        return ByteBuffer(bytes: data)
    }

    /// SHA-256 hex of a whole file, read in 4 MiB blocks.
    static func sha256(ofFile path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: path,
                                                               NSLocalizedDescriptionKey: "cannot open '\(path)' for reading"])
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let block = try handle.read(upToCount: 4 << 20), !block.isEmpty { hasher.update(data: block) }
        return SigV4Signer.hex(hasher.finalize())
    }
}
