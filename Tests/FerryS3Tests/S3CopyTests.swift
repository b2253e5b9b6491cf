import Foundation
import Testing
@testable import FerryS3

/// `ferry copy DIR s3://…` and back, end to end against moto_server on 127.0.0.1.
@Suite(.serialized, .enabled(if: Loopback.motoAvailable, "moto_server not installed (scripts/setup.sh installs it)"))
struct S3CopyTests {
    /// Small files, an empty file, awkward names, nesting, and one file above the multipart
    /// threshold used below (12 MiB > 8 MiB, in 5 MiB parts: 3 parts).
    static let tree: [String: Int] = [
        "a.txt": 1_000, "empty": 0, "dir/b c+d.bin": 70_000, "dir/sub/deep/é.dat": 4_096,
        "dir/sub/x": 1, "big.bin": 12 << 20,
    ]
    static let multipart = ["--chunk-threshold", "8MiB", "--chunk-size", "5MiB"]

    /// Runs a Python snippet with one argument; its stdout without the newline.
    static func python(_ code: String, _ argument: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", code, argument]
        let pipe = Pipe()
        process.standardOutput = pipe
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func roundTripRerunChangeAndDelete() async throws {
        let bed = try await S3TestBed()
        defer { bed.stop() }
        let src = bed.scratch + "/src", back = bed.scratch + "/back"
        try Trees.make(src, Self.tree)
        let url = "s3://\(bed.bucket)/data/set"

        let up = try bed.ferryJSON(["copy", src, url, "--verify"] + Self.multipart)
        #expect(up["files"] as? Int == Self.tree.count)
        #expect(up["bytes"] as? Int == Self.tree.values.reduce(0, +))
        #expect(up["parts_uploaded"] as? Int == 3)  // ceil(12 MiB / 5 MiB)
        #expect(up["verified"] as? Int == Self.tree.count)
        #expect((up["errors"] as? [Any])?.isEmpty == true)
        for key in ["files", "bytes", "seconds", "bytes_per_second", "skipped", "errors"] { #expect(up[key] != nil, "\(key)") }

        // Objects are prefix/relative/path.
        let client = bed.makeClient()
        let keys = try await client.listObjects(bucket: bed.bucket, prefix: "").map(\.key).sorted()
        try await client.shutdown()
        #expect(keys == Self.tree.keys.map { "data/set/\($0)" }.sorted())

        // Integrity the store can check: the multipart object's composite SHA-256 (the store's,
        // from the parts it received) is Python's hashlib over the local file's 5 MiB parts, and
        // a single-part object's is the SHA-256 of its bytes.
        let checker = bed.makeClient()
        let big = try await checker.headObject(bucket: bed.bucket, key: "data/set/big.bin", checksumMode: true)
        let small = try await checker.headObject(bucket: bed.bucket, key: "data/set/a.txt", checksumMode: true)
        try await checker.shutdown()
        // moto 5.2.1's HEAD leaves out the composite's "-N" suffix that AWS sends; compare the value.
        #expect(big?.checksumSHA256?.split(separator: "-").first == Self.python("""
            import hashlib, base64, sys
            d = open(sys.argv[1], 'rb').read(); p = 5 << 20
            parts = [hashlib.sha256(d[i:i + p]).digest() for i in range(0, len(d), p)]
            print(base64.b64encode(hashlib.sha256(b''.join(parts)).digest()).decode())
            """, src + "/big.bin")?[...])
        #expect(small?.checksumSHA256 == Self.python("""
            import hashlib, base64, sys
            print(base64.b64encode(hashlib.sha256(open(sys.argv[1], 'rb').read()).digest()).decode())
            """, src + "/a.txt"))

        // Downloads above the threshold go in parallel byte ranges: 12 MiB in 5 MiB ranges = 3
        // ranged GETs (5 + 5 + 2 MiB), the 5 other objects one GET each.
        let down = try bed.ferryJSON(["copy", url, back, "--verify"] + Self.multipart)
        #expect(down["files"] as? Int == Self.tree.count)
        let requests = down["requests"] as? [String: Int] ?? [:]
        #expect(requests["GetObjectRange"] == 3 && requests["GetObject"] == Self.tree.count - 1, "\(requests)")
        #expect(Trees.identical(src, back))  // bytes and mtimes

        // Unchanged re-runs write nothing, both ways.
        let again = try bed.ferryJSON(["copy", src, url] + Self.multipart)
        #expect(again["files"] as? Int == 0)
        #expect(again["skipped"] as? Int == Self.tree.count)
        #expect(try bed.ferryJSON(["copy", url, back])["files"] as? Int == 0)

        // A fresh manifest (state lost): size + mtime in object metadata still say "unchanged".
        let fresh = try bed.ferryJSON(["copy", src, url, "--manifest", bed.scratch + "/other.sqlite"] + Self.multipart)
        #expect(fresh["files"] as? Int == 0)
        // --checksum: SHA-256 in metadata (single-part objects carry it; the big one is re-sent once to gain it).
        let sums = try bed.ferryJSON(["copy", src, url, "--checksum"] + Self.multipart)
        #expect(sums["files"] as? Int == 1)
        #expect(try bed.ferryJSON(["copy", src, url, "--checksum"] + Self.multipart)["files"] as? Int == 0)

        // One changed file, one removed: one object written, one deleted with --delete.
        try Trees.bytes(2_000, seed: 99).write(to: URL(fileURLWithPath: src + "/a.txt"))
        try FileManager.default.removeItem(atPath: src + "/dir/sub/x")
        let changed = try bed.ferryJSON(["copy", src, url, "--delete"] + Self.multipart)
        #expect(changed["files"] as? Int == 1)
        #expect(changed["deleted"] as? [String] == ["data/set/dir/sub/x"])
        let synced = try bed.ferryJSON(["copy", url, back, "--delete"])
        #expect(synced["files"] as? Int == 1)
        #expect(synced["deleted"] as? [String] == ["dir/sub/x"])
        #expect(Trees.identical(src, back))
    }

    @Test func symlinksSkippedWithWarningUnlessFollowed() async throws {
        let bed = try await S3TestBed()
        defer { bed.stop() }
        let src = bed.scratch + "/src"
        try Trees.make(src, ["real.txt": 10])
        try FileManager.default.createSymbolicLink(atPath: src + "/link.txt", withDestinationPath: "real.txt")
        let url = "s3://\(bed.bucket)/p"
        let skipped = try bed.ferryJSON(["copy", src, url])
        #expect(skipped["files"] as? Int == 1)
        #expect(skipped["symlinks_skipped"] as? Int == 1)
        #expect((skipped["warnings"] as? [String])?.contains { $0.contains("symlinks skipped") } == true)
        let followed = try bed.ferryJSON(["copy", src, url, "--follow-symlinks"])
        #expect(followed["files"] as? Int == 1)  // link.txt now; real.txt unchanged
        #expect(followed["symlinks_skipped"] as? Int == 0)
    }

    @Test func badInputIsNamed() async throws {
        let bed = try await S3TestBed()
        defer { bed.stop() }
        let both = try bed.ferry(["copy", "s3://a/b", "s3://c/d"])
        #expect(both.status == 64 && both.stderr.contains("S3 to S3"))
        let small = try bed.ferry(["copy", bed.scratch, "s3://\(bed.bucket)/x", "--chunk-size", "1MiB"])
        #expect(small.status == 64 && small.stderr.contains("5MiB"))
        let missing = try bed.ferry(["copy", bed.scratch + "/nope", "s3://\(bed.bucket)/x"])
        #expect(missing.status == 1 && missing.stderr.contains("nope"))
        let noBucket = try bed.ferry(["copy", bed.scratch, "s3://no-such-bucket-ferry/x"])
        #expect(noBucket.status == 1 && noBucket.stderr.contains("NoSuchBucket"))
    }

    @Test func injected503sAndDroppedConnectionsAreRetried() async throws {
        let bed = try await S3TestBed()
        defer { bed.stop() }
        let src = bed.scratch + "/src", back = bed.scratch + "/back"
        try Trees.make(src, ["one": 3_000, "two": 5_000, "big.bin": 12 << 20])
        // The first 3 PUTs (objects or parts) get 503 SlowDown, the next 2 lose their connection.
        let proxy = try WANProxy(upstreamPort: bed.moto.port,
                                 arguments: ["--http", "--fault-match", "^PUT ", "--fail-503", "3", "--drop", "2"])
        defer { proxy.stop() }
        let url = "s3://\(bed.bucket)/f"
        let up = try bed.ferryJSON(["copy", src, url, "--endpoint", proxy.endpoint] + Self.multipart)
        #expect(up["files"] as? Int == 3)
        #expect((up["errors"] as? [Any])?.isEmpty == true)
        #expect((up["retries"] as? Int ?? 0) >= 5)
        #expect(proxy.requests.filter { $0.contains(" 503 ") }.count == 3)
        #expect(proxy.requests.filter { $0.contains(" DROP ") }.count == 2)
        _ = try bed.ferryJSON(["copy", url, back])
        #expect(Trees.identical(src, back))
    }

    @Test func killedMultipartUploadResumesSendingOnlyMissingParts() async throws {
        let bed = try await S3TestBed()
        defer { bed.stop() }
        let src = bed.scratch + "/src", back = bed.scratch + "/back"
        try Trees.make(src, ["huge.bin": 40 << 20])  // 8 parts of 5 MiB
        let url = "s3://\(bed.bucket)/k"
        let manifest = bed.scratch + "/m.sqlite"
        let args = ["copy", src, url, "--manifest", manifest, "--streams", "2", "--format", "json"] + Self.multipart
        // A slow path (4 MB/s in total) so the upload is killed midway.
        let slow = try WANProxy(upstreamPort: bed.moto.port, arguments: ["--http", "--total-rate", "4000000"])
        let child = try Loopback.start([Loopback.ferryPath] + args + ["--endpoint", slow.endpoint], environment: bed.environment)
        let completed = { slow.requests.filter { $0.hasPrefix("PUT ") && $0.contains("partNumber=") && $0.contains(" 200 ") }.count }
        let deadline = Date().addingTimeInterval(120)
        while completed() < 3, Date() < deadline, child.process.isRunning { usleep(50_000) }
        child.kill9()
        let before = completed()
        slow.stop()
        #expect(before >= 3 && before < 8, "parts stored before the kill: \(before)")

        let fast = try WANProxy(upstreamPort: bed.moto.port, arguments: ["--http"])
        defer { fast.stop() }
        let rerun = try Loopback.run([Loopback.ferryPath] + args + ["--endpoint", fast.endpoint], environment: bed.environment)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(rerun.stdout.utf8)) as? [String: Any])
        let resent = fast.requests.filter { $0.hasPrefix("PUT ") && $0.contains("partNumber=") }.count
        // At most the unfinished parts go again; the stored ones are reconciled by ListParts.
        #expect(resent <= 8 - before, "re-sent \(resent) parts after \(before) were stored")
        #expect(summary["parts_resumed"] as? Int ?? 0 >= before)
        #expect(fast.requests.contains { $0.hasPrefix("GET ") && $0.contains("uploadId=") })  // ListParts
        #expect(summary["files"] as? Int == 1)
        _ = try bed.ferryJSON(["copy", url, back])
        #expect(Trees.identical(src, back))
    }
}
