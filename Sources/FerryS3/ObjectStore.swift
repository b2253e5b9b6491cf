import NIOCore

/// The small storage protocol the object sync drives: list, describe, write, read, remove.
/// `S3Client` implements it for one bucket; a local-filesystem implementation can join later so
/// the copy engine, manifest and bench need not care which backend they drive.
public protocol ObjectStore: Sendable {
    /// Every object under `prefix` (keys are full keys), sizes in bytes.
    func list(prefix: String) async throws -> [S3Object]
    /// One object's description with its metadata, or nil when absent.
    func describe(key: String) async throws -> S3Object?
    /// Writes `body` as `key` with user metadata; returns the ETag.
    func write(key: String, body: ByteBuffer, metadata: [String: String]) async throws -> String
    /// Reads `key` into the file at `path`; returns its description.
    func read(key: String, to path: String) async throws -> S3Object
    /// Removes `key` (absent is not an error).
    func remove(key: String) async throws
}

/// One bucket of an `S3Client` as an `ObjectStore`.
public struct S3Bucket: ObjectStore {
    /// The client that sends the requests.
    public let client: S3Client
    /// The bucket name.
    public let bucket: String

    /// Binds a client to a bucket.
    public init(client: S3Client, bucket: String) {
        self.client = client
        self.bucket = bucket
    }

    public func list(prefix: String) async throws -> [S3Object] { try await client.listObjects(bucket: bucket, prefix: prefix) }
    public func describe(key: String) async throws -> S3Object? { try await client.headObject(bucket: bucket, key: key) }
    public func write(key: String, body: ByteBuffer, metadata: [String: String]) async throws -> String {
        try await client.putObject(bucket: bucket, key: key, body: body, metadata: metadata)
    }
    public func read(key: String, to path: String) async throws -> S3Object {
        try await client.getObject(bucket: bucket, key: key, to: path)
    }
    public func remove(key: String) async throws { try await client.deleteObject(bucket: bucket, key: key) }
}

/// An async counting semaphore bounding requests in flight.
actor RequestLimiter {
    private var available: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(_ permits: Int) { available = max(1, permits) }

    func acquire() async {
        if available > 0 { available -= 1; return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty { available += 1 } else { waiters.removeFirst().resume() }
    }

    /// Runs `body` holding one permit.
    nonisolated func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        do {
            let value = try await body()
            await release()
            return value
        } catch {
            await release()
            throw error
        }
    }
}
