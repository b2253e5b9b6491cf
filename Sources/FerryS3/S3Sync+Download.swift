import Crypto
import Foundation

extension S3Sync {
    /// Downloads every object under `location` into `directory` (created if missing); each file
    /// is written under a temporary name and renamed into place, with its mtime from metadata.
    public func download(from location: S3Location, to directory: String) async throws -> S3SyncSummary {
        let start = Date()
        let root = (directory as NSString).standardizingPath
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let tally = Tally()
        tally.update { $0.dryRun = options.dryRun }
        let objects = try await client.listObjects(bucket: location.bucket, prefix: location.listPrefix)
        let known = try manifest.entries(bucket: location.bucket)
        var wanted = Set<String>()
        var jobs: [(object: S3Object, relative: String)] = []
        for object in objects {
            let relative = String(object.key.dropFirst(location.listPrefix.count))
            if relative.isEmpty || relative.hasSuffix("/") { continue }  // directory markers
            let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
            guard !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
                tally.update { $0.warnings.append("\(object.key): key is not a safe relative path; skipped") }
                continue
            }
            wanted.insert(relative)
            jobs.append((object, relative))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            var running = 0
            for job in jobs {
                if running >= options.streams { try await group.next(); running -= 1 }
                group.addTask {
                    do {
                        try await self.downloadIfChanged(job.object, to: root + "/" + job.relative, bucket: location.bucket,
                                                         known: known[job.object.key], tally: tally)
                    } catch {
                        tally.update { $0.errors.append((job.relative, Self.describe(error))) }
                    }
                }
                running += 1
            }
            try await group.waitForAll()
        }
        if options.delete {
            if !tally.summary.errors.isEmpty {
                tally.update { $0.warnings.append("--delete skipped: some downloads failed") }
            } else {
                let walk = LocalTree.walk(root, followSymlinks: false, exclude: [options.manifestPath])
                if !walk.errors.isEmpty {
                    tally.update { $0.warnings.append("--delete skipped: the destination could not be read fully") }
                } else {
                    for file in walk.files where !wanted.contains(file.relativePath) {
                        if !options.dryRun {
                            do { try FileManager.default.removeItem(atPath: file.path) } catch {
                                tally.update { $0.errors.append((file.relativePath, "delete failed: \(error.localizedDescription)")) }
                                continue
                            }
                        }
                        tally.update { $0.deleted.append(file.relativePath) }
                    }
                }
            }
        }
        return finish(tally, start: start)
    }

    /// Downloads `object` to `path` unless the local file already matches it.
    func downloadIfChanged(_ object: S3Object, to path: String, bucket: String, known: S3SyncManifest.Entry?,
                           tally: Tally) async throws {
        if let local = LocalTree.status(path), (local.mode & S_IFMT) == S_IFREG, local.size == object.size {
            var unchanged = false
            if let known, known.etag == object.etag, known.size == local.size, known.mtimeNanoseconds == local.mtime {
                unchanged = options.checksum ? (try known.sha256 == Self.sha256(ofFile: path)) : true
            }
            if !unchanged, let head = try await limiter.run({ try await self.client.headObject(bucket: bucket, key: object.key) }) {
                if options.checksum {
                    unchanged = try head.metadata[Meta.sha256].map { $0 == (try Self.sha256(ofFile: path)) } ?? false
                } else {
                    unchanged = head.metadata[Meta.mtime] == String(local.mtime)
                }
            }
            if unchanged { tally.update { $0.skipped += 1 }; return }
        }
        if options.dryRun { tally.update { $0.files += 1; $0.bytes += object.size }; return }
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temporary = directory + "/.ferry-tmp-" + UUID().uuidString
        do {
            let got = object.size >= options.multipartThreshold
                ? try await downloadRanges(object, bucket: bucket, to: temporary)
                : try await limiter.run { try await self.client.getObject(bucket: bucket, key: object.key, to: temporary) }
            var sha256 = got.metadata[Meta.sha256]
            if options.verify || options.checksum, let expected = sha256 {
                let actual = try Self.sha256(ofFile: temporary)
                guard actual == expected else { throw S3Error.integrity(key: object.key, expected: expected, actual: actual) }
                if options.verify { tally.update { $0.verified += 1 } }
            } else if options.verify {
                sha256 = try Self.sha256(ofFile: temporary)
            }
            if let mtime = got.metadata[Meta.mtime].flatMap({ Int64($0) }) { LocalTree.setModificationTime(temporary, mtime) }
            guard rename(temporary, path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path,
                                                               NSLocalizedDescriptionKey: "cannot rename into '\(path)': \(String(cString: strerror(errno)))"])
            }
            let local = LocalTree.status(path)
            try manifest.record(bucket: bucket, key: object.key, entry: .init(
                etag: got.etag, size: got.size, mtimeNanoseconds: local?.mtime ?? 0, sha256: sha256))
            tally.update { $0.files += 1; $0.bytes += got.size }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    /// Downloads a large object in byte ranges of the part size, in parallel (each range one
    /// request of the stream limit), into `path`; every range asks for the listed ETag, so a
    /// changed object fails (412) instead of mixing versions.
    /// - Returns: the object's description with its metadata (from the first range).
    func downloadRanges(_ object: S3Object, bucket: String, to path: String) async throws -> S3Object {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path,
                                                           NSLocalizedDescriptionKey: "cannot create '\(path)': \(String(cString: strerror(errno)))"])
        }
        defer { close(descriptor) }
        let part = partSize(for: object.size)
        let ranges = stride(from: Int64(0), to: object.size, by: Int(part)).map { $0...min($0 + part, object.size) - 1 }
        let described = try await withThrowingTaskGroup(of: (Int64, S3Object).self) { group in
            for range in ranges {
                group.addTask {
                    let got = try await self.limiter.run {
                        try await self.client.getObjectRange(bucket: bucket, key: object.key, range: range, etag: object.etag, into: descriptor)
                    }
                    return (range.lowerBound, got)
                }
            }
            var first: S3Object?
            for try await (start, got) in group where start == 0 { first = got }
            return first
        }
        guard fsync(descriptor) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path,
                                                           NSLocalizedDescriptionKey: "fsync '\(path)' failed: \(String(cString: strerror(errno)))"])
        }
        // A single-part ETag is the MD5 of the whole object: check the assembled file against it.
        if !object.etag.contains("-"), object.etag.count == 32 {
            let actual = try Self.md5(ofFile: path)
            guard actual == object.etag else { throw S3Error.integrity(key: object.key, expected: object.etag, actual: actual) }
        }
        var result = described ?? object
        result.size = object.size
        result.etag = object.etag
        return result
    }

    /// MD5 hex of a file's bytes, read in 1 MiB blocks.
    static func md5(ofFile path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        var md5 = Insecure.MD5()
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty { md5.update(data: block) }
        return SigV4Signer.hex(md5.finalize())
    }
}
