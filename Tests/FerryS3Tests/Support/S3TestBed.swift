import Foundation
import Testing
@testable import FerryS3

/// One test's world: a moto server, a bucket, a scratch directory, and `ferry` run against them
/// with its own HOME and state directory (nothing outside 127.0.0.1 and the scratch directory).
final class S3TestBed: @unchecked Sendable {
    let moto: MotoServer
    let bucket: String
    let scratch: String

    init() async throws {
        moto = try MotoServer()
        bucket = "ferry-\(UUID().uuidString.prefix(8).lowercased())"
        scratch = NSTemporaryDirectory() + "ferry-s3-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch + "/home", withIntermediateDirectories: true)
        let client = makeClient()
        try await client.createBucket(bucket)
        try await client.shutdown()
    }

    func makeClient(endpoint: String? = nil) -> S3Client {
        S3Client(configuration: S3Configuration(
            endpoint: URL(string: endpoint ?? moto.endpoint)!, region: "us-east-1",
            credentials: S3Credentials(accessKeyID: "testing", secretAccessKey: "testing"), pathStyle: true))
    }

    var environment: [String: String] {
        ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1",
         "AWS_ENDPOINT_URL": moto.endpoint, "HOME": scratch + "/home", "XDG_STATE_HOME": scratch + "/state",
         "AWS_PROFILE": "", "AWS_SESSION_TOKEN": ""]
    }

    /// Runs `ferry ARGS` to completion.
    func ferry(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try Loopback.run([Loopback.ferryPath] + arguments, environment: environment)
    }

    /// Runs `ferry ARGS --format json` and parses the summary.
    func ferryJSON(_ arguments: [String], expectStatus: Int32 = 0) throws -> [String: Any] {
        let result = try ferry(arguments + ["--format", "json"])
        #expect(result.status == expectStatus, "ferry \(arguments): \(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return try #require(object as? [String: Any], "not JSON: \(result.stdout) \(result.stderr)")
    }

    func stop() {
        moto.stop()
        try? FileManager.default.removeItem(atPath: scratch)
    }
}

/// Deterministic trees and their comparison.
enum Trees {
    /// Deterministic bytes (xorshift) of `count` length seeded by `seed`.
    static func bytes(_ count: Int, seed: UInt64) -> Data {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        var bytes = [UInt8](repeating: 0, count: count)
        for i in 0..<count {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            bytes[i] = UInt8(truncatingIfNeeded: state)
        }
        return Data(bytes)
    }

    /// Writes `files` (relative path → size) under `root`.
    static func make(_ root: String, _ files: [String: Int]) throws {
        for (index, (path, size)) in files.sorted(by: { $0.key < $1.key }).enumerated() {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try bytes(size, seed: UInt64(index + 1)).write(to: URL(fileURLWithPath: full))
        }
    }

    /// Relative path → (content, mtime ns) of every regular file under `root`.
    static func snapshot(_ root: String) -> [String: (Data, Int64)] {
        var out: [String: (Data, Int64)] = [:]
        for file in LocalTree.walk(root, followSymlinks: false).files {
            out[file.relativePath] = ((try? Data(contentsOf: URL(fileURLWithPath: file.path))) ?? Data(), file.mtimeNanoseconds)
        }
        return out
    }

    /// Whether two trees hold the same paths, bytes and modification times.
    static func identical(_ a: String, _ b: String) -> Bool {
        let x = snapshot(a), y = snapshot(b)
        guard Set(x.keys) == Set(y.keys) else { return false }
        return x.allSatisfy { key, value in y[key].map { $0.0 == value.0 && $0.1 == value.1 } ?? false }
    }
}
