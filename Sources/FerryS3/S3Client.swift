import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// An S3 REST client: SigV4-signed requests over AsyncHTTPClient, retried with backoff and jitter
/// on 500/502/503/504/429, `SlowDown`, timeouts and dropped connections.
public final class S3Client: Sendable {
    /// Endpoint, region, credentials, addressing.
    public let configuration: S3Configuration
    /// Retry schedule.
    public let retry: RetryPolicy
    /// Request counters.
    public let stats = S3RequestStats()
    let http: HTTPClient
    let signer: SigV4Signer

    /// Creates a client.
    /// - Parameters:
    ///   - configuration: endpoint, region, credentials.
    ///   - maxConnections: connections kept per host (match the number of streams).
    ///   - retry: backoff schedule.
    public init(configuration: S3Configuration, maxConnections: Int = 8, retry: RetryPolicy = RetryPolicy()) {
        self.configuration = configuration
        self.retry = retry
        self.signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region)
        var config = HTTPClient.Configuration()
        config.timeout = .init(connect: .seconds(10), read: .seconds(60))
        config.connectionPool = .init(idleTimeout: .seconds(60),
                                      concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, maxConnections))
        config.decompression = .disabled
        config.httpVersion = .http1Only
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }

    /// Closes connections; call once when done.
    public func shutdown() async throws { try await http.shutdown() }

    // MARK: Requests

    /// A response with its body collected.
    struct Response {
        var status: Int
        var headers: HTTPHeaders
        var body: ByteBuffer
        func header(_ name: String) -> String? { headers.first(name: name) }
    }

    /// The URL, encoded path and host header for `bucket`/`key`.
    func address(bucket: String, key: String) -> (url: String, path: String, host: String) {
        let endpoint = configuration.endpoint
        let scheme = endpoint.scheme ?? "https"
        var host = endpoint.host ?? "localhost"
        if let port = endpoint.port { host += ":\(port)" }
        let encodedKey = URIEncoding.encode(key, keepSlash: true)
        if configuration.pathStyle {
            let path = "/\(URIEncoding.encode(bucket, keepSlash: false))" + (key.isEmpty ? "" : "/\(encodedKey)")
            return ("\(scheme)://\(host)\(path)", path, host)
        }
        let vhost = "\(bucket).\(host)"
        return ("\(scheme)://\(vhost)/\(encodedKey)", "/\(encodedKey)", vhost)
    }

    /// Sends one request (no retry) and collects the body (up to `maxBody` bytes).
    func attempt(_ operation: String, method: HTTPMethod, bucket: String, key: String,
                 query: [(name: String, value: String)], headers extra: [(String, String)],
                 body: ByteBuffer?, maxBody: Int = 64 << 20) async throws -> Response {
        let (base, path, host) = address(bucket: bucket, key: key)
        let payload: ByteBuffer = body ?? ByteBuffer()
        let payloadHash = payload.readableBytes == 0 ? SigV4Signer.emptyPayloadHash
            : SigV4Signer.hex(SHA256.hash(data: payload.readableBytesView))
        var toSign = extra
        toSign.append(("host", host))
        toSign.append(("x-amz-content-sha256", payloadHash))
        let signed = signer.sign(method: method.rawValue, encodedPath: path, query: query, headers: toSign,
                                 payloadHash: payloadHash, date: Date())
        let queryText = query.map { "\(URIEncoding.encode($0.name, keepSlash: false))=\(URIEncoding.encode($0.value, keepSlash: false))" }
            .joined(separator: "&")
        var request = HTTPClientRequest(url: queryText.isEmpty ? base : "\(base)?\(queryText)")
        request.method = method
        for (name, value) in toSign + signed.headers { request.headers.replaceOrAdd(name: name, value: value) }
        if body != nil || method == .PUT || method == .POST {
            request.headers.replaceOrAdd(name: "content-length", value: "\(payload.readableBytes)")
            request.body = .bytes(payload)
        }
        stats.record(operation)
        // Deadline: a minute plus the body at 64 KiB/s, so slow links are not cut off.
        let timeout = TimeAmount.seconds(60 + Int64(payload.readableBytes / 65_536))
        let response = try await http.execute(request, timeout: timeout)
        let collected = try await response.body.collect(upTo: maxBody)
        return Response(status: Int(response.status.code), headers: response.headers, body: collected)
    }

    /// Runs `body` until it succeeds, a non-retryable error occurs, or attempts run out.
    func withRetries<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        var generator = SystemRandomNumberGenerator()
        var attempt = 0
        while true {
            do {
                return try await body()
            } catch let error as S3Error {
                guard case .http(let status, let code, _, _) = error, RetryPolicy.isRetryable(status: status, code: code),
                      attempt + 1 < retry.maxAttempts else { throw error }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                // Transport failures: refused or dropped connections, timeouts, truncated bodies.
                guard attempt + 1 < retry.maxAttempts, !Task.isCancelled else { throw error }
            }
            stats.recordRetry()
            try await Task.sleep(nanoseconds: UInt64(retry.delay(attempt: attempt, using: &generator) * 1e9))
            attempt += 1
        }
    }

    /// Sends with retries; a status outside 200…299 (other than `allowed`) becomes `S3Error.http`.
    func send(_ operation: String, method: HTTPMethod, bucket: String, key: String = "",
              query: [(name: String, value: String)] = [], headers: [(String, String)] = [],
              body: ByteBuffer? = nil, allowed: Set<Int> = []) async throws -> Response {
        try await withRetries {
            let response = try await attempt(operation, method: method, bucket: bucket, key: key, query: query,
                                             headers: headers, body: body)
            if (200..<300).contains(response.status) || allowed.contains(response.status) { return response }
            throw Self.error(from: response, request: "\(operation) \(bucket)/\(key)")
        }
    }

    static func error(from response: Response, request: String) -> S3Error {
        let text = String(buffer: response.body)[...]
        return .http(status: response.status, code: S3XML.value("Code", in: text) ?? "",
                     message: S3XML.value("Message", in: text) ?? "", request: request)
    }

    static func unquote(_ etag: String?) -> String {
        (etag ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    }

    /// Base64 of the MD5 of `buffer` (the `Content-MD5` header).
    static func contentMD5(_ buffer: ByteBuffer) -> (base64: String, hex: String) {
        let digest = Insecure.MD5.hash(data: buffer.readableBytesView)
        return (Data(digest).base64EncodedString(), SigV4Signer.hex(digest))
    }

    // MARK: Operations

    /// Creates a bucket (tests and benchmarks).
    public func createBucket(_ bucket: String) async throws {
        _ = try await send("CreateBucket", method: .PUT, bucket: bucket, body: ByteBuffer())
    }

    /// Every object under `prefix` (ListObjectsV2, `pageSize` per page (S3's most is 1,000),
    /// following continuation tokens).
    public func listObjects(bucket: String, prefix: String, pageSize: Int = 1000) async throws -> [S3Object] {
        var objects: [S3Object] = []
        var token: String?
        repeat {
            var query: [(name: String, value: String)] = [("list-type", "2"), ("prefix", prefix)]
            if pageSize != 1000 { query.append(("max-keys", "\(pageSize)")) }
            if let token { query.append(("continuation-token", token)) }
            let response = try await send("ListObjectsV2", method: .GET, bucket: bucket, query: query)
            let xml = String(buffer: response.body)[...]
            for entry in S3XML.elements("Contents", in: xml) {
                guard let key = S3XML.value("Key", in: entry), let size = S3XML.value("Size", in: entry).flatMap({ Int64($0) }) else {
                    throw S3Error.badResponse("ListObjectsV2 entry without Key or Size")
                }
                objects.append(S3Object(key: key, size: size, etag: Self.unquote(S3XML.value("ETag", in: entry))))
            }
            token = S3XML.value("IsTruncated", in: xml) == "true" ? S3XML.value("NextContinuationToken", in: xml) : nil
        } while token != nil
        return objects
    }

    /// The object's size, ETag, metadata and (with `checksumMode`) its stored
    /// `x-amz-checksum-sha256`, or nil when it does not exist.
    public func headObject(bucket: String, key: String, checksumMode: Bool = false) async throws -> S3Object? {
        let response = try await send("HeadObject", method: .HEAD, bucket: bucket, key: key,
                                      headers: checksumMode ? [("x-amz-checksum-mode", "ENABLED")] : [], allowed: [404])
        if response.status == 404 { return nil }
        return Self.object(key: key, headers: response.headers)
    }

    static func object(key: String, headers: HTTPHeaders) -> S3Object {
        var metadata: [String: String] = [:]
        for (name, value) in headers where name.lowercased().hasPrefix("x-amz-meta-") {
            metadata[String(name.lowercased().dropFirst(11))] = value
        }
        var object = S3Object(key: key, size: Int64(headers.first(name: "content-length") ?? "") ?? 0,
                              etag: unquote(headers.first(name: "etag")), metadata: metadata)
        object.checksumSHA256 = headers.first(name: "x-amz-checksum-sha256")
        return object
    }

    /// Uploads `body` as one object with `Content-MD5` and `x-amz-checksum-sha256` (the store
    /// refuses a body that does not match either and keeps the SHA-256 with the object); returns the ETag.
    /// - Throws: `S3Error.integrity` when the returned ETag is not the body's MD5, or a returned
    ///   SHA-256 checksum is not the body's.
    @discardableResult
    public func putObject(bucket: String, key: String, body: ByteBuffer, metadata: [String: String] = [:]) async throws -> String {
        let md5 = Self.contentMD5(body)
        let sha = Self.checksumSHA256(body)
        var headers = [("content-md5", md5.base64), ("content-type", "application/octet-stream"),
                       ("x-amz-sdk-checksum-algorithm", "SHA256"), ("x-amz-checksum-sha256", sha)]
        headers += metadata.sorted { $0.key < $1.key }.map { ("x-amz-meta-\($0.key)", $0.value) }
        let response = try await send("PutObject", method: .PUT, bucket: bucket, key: key, headers: headers, body: body)
        let etag = Self.unquote(response.header("etag"))
        guard etag == md5.hex else { throw S3Error.integrity(key: key, expected: md5.hex, actual: etag) }
        if let returned = response.header("x-amz-checksum-sha256"), returned != sha {
            throw S3Error.integrity(key: key, expected: "x-amz-checksum-sha256 \(sha)", actual: returned)
        }
        return etag
    }

    /// Base64 of the SHA-256 of `buffer` (the `x-amz-checksum-sha256` header).
    public static func checksumSHA256(_ buffer: ByteBuffer) -> String {
        Data(SHA256.hash(data: buffer.readableBytesView)).base64EncodedString()
    }

    /// A signed GET of an object with `headers` (beside `host` and the empty payload hash), all signed.
    func signedGet(bucket: String, key: String, headers: [(String, String)]) -> HTTPClientRequest {
        let (base, encodedPath, host) = address(bucket: bucket, key: key)
        let all = [("host", host)] + headers + [("x-amz-content-sha256", SigV4Signer.emptyPayloadHash)]
        let signed = signer.sign(method: "GET", encodedPath: encodedPath, query: [], headers: all,
                                 payloadHash: SigV4Signer.emptyPayloadHash, date: Date())
        var request = HTTPClientRequest(url: base)
        request.method = .GET
        for (name, value) in all + signed.headers { request.headers.add(name: name, value: value) }
        return request
    }

    /// Sends a streamed request and returns its response when the status is `expected`; any
    /// other status becomes the S3 error it carries, naming `what` was asked.
    func execute(_ request: HTTPClientRequest, expecting expected: UInt, describing what: String) async throws -> HTTPClientResponse {
        let response = try await http.execute(request, timeout: .hours(24))
        guard response.status.code == expected else {
            let body = try await response.body.collect(upTo: 1 << 20)
            throw Self.error(from: Response(status: Int(response.status.code), headers: response.headers, body: body), request: what)
        }
        return response
    }

    /// Downloads bytes `range` (inclusive) of an object into the open file `descriptor` at the same
    /// offset, only while the object's ETag is still `etag` (`If-Match`); retried on transport failures.
    /// - Returns: the response's object description (user metadata included).
    /// - Throws: `S3Error.integrity` when the server sends a different length; `S3Error.http` (412)
    ///   when the object changed since it was listed.
    public func getObjectRange(bucket: String, key: String, range: ClosedRange<Int64>, etag: String,
                               into descriptor: Int32) async throws -> S3Object {
        try await withRetries {
            let request = signedGet(bucket: bucket, key: key,
                                    headers: [("if-match", "\"\(etag)\""), ("range", "bytes=\(range.lowerBound)-\(range.upperBound)")])
            stats.record("GetObjectRange")
            let response = try await execute(request, expecting: 206, describing: "GetObject \(bucket)/\(key) bytes \(range)")
            var offset = range.lowerBound
            for try await chunk in response.body {
                try LocalTree.writeAll(chunk, to: descriptor, at: offset, path: key)
                offset += Int64(chunk.readableBytes)
            }
            guard offset == range.upperBound + 1 else {
                throw S3Error.integrity(key: key, expected: "\(range.count) bytes of range \(range)", actual: "\(offset - range.lowerBound) bytes")
            }
            return Self.object(key: key, headers: response.headers)
        }
    }

    /// Downloads an object into `path` (created or truncated), checking its MD5 against a
    /// single-part ETag; retried from the start on transport failures.
    /// - Returns: the object's description (with metadata).
    public func getObject(bucket: String, key: String, to path: String) async throws -> S3Object {
        try await withRetries {
            let request = signedGet(bucket: bucket, key: key, headers: [])
            stats.record("GetObject")
            let response = try await execute(request, expecting: 200, describing: "GetObject \(bucket)/\(key)")
            guard FileManager.default.createFile(atPath: path, contents: nil),
                  let handle = FileHandle(forWritingAtPath: path) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
            defer { try? handle.close() }
            var md5 = Insecure.MD5()
            var received: Int64 = 0
            for try await chunk in response.body {
                chunk.withUnsafeReadableBytes { md5.update(bufferPointer: $0) }
                try handle.write(contentsOf: chunk.readableBytesView)
                received += Int64(chunk.readableBytes)
            }
            var object = Self.object(key: key, headers: response.headers)
            guard received == object.size else {
                throw S3Error.integrity(key: key, expected: "\(object.size) bytes", actual: "\(received) bytes")
            }
            object.size = received
            let hex = SigV4Signer.hex(md5.finalize())
            if !object.etag.contains("-"), object.etag.count == 32, object.etag != hex {
                throw S3Error.integrity(key: key, expected: object.etag, actual: hex)
            }
            return object
        }
    }

    /// Deletes one object (absent objects are not an error).
    public func deleteObject(bucket: String, key: String) async throws {
        _ = try await send("DeleteObject", method: .DELETE, bucket: bucket, key: key, allowed: [404])
    }

    /// Starts a multipart upload; returns its upload id.
    /// Parts carry SHA-256 checksums (`x-amz-checksum-algorithm: SHA256`), from which the store
    /// builds the object's composite checksum.
    public func createMultipartUpload(bucket: String, key: String, metadata: [String: String] = [:]) async throws -> String {
        var headers = [("content-type", "application/octet-stream"), ("x-amz-checksum-algorithm", "SHA256")]
        headers += metadata.sorted { $0.key < $1.key }.map { ("x-amz-meta-\($0.key)", $0.value) }
        let response = try await send("CreateMultipartUpload", method: .POST, bucket: bucket, key: key,
                                      query: [("uploads", "")], headers: headers, body: ByteBuffer())
        guard let id = S3XML.value("UploadId", in: String(buffer: response.body)[...]) else {
            throw S3Error.badResponse("CreateMultipartUpload without UploadId")
        }
        return id
    }

    /// Uploads one part with `Content-MD5` and `x-amz-checksum-sha256`; returns its ETag (the part's MD5 hex).
    public func uploadPart(bucket: String, key: String, uploadID: String, number: Int, body: ByteBuffer) async throws -> String {
        let md5 = Self.contentMD5(body)
        let response = try await send("UploadPart", method: .PUT, bucket: bucket, key: key,
                                      query: [("partNumber", "\(number)"), ("uploadId", uploadID)],
                                      headers: [("content-md5", md5.base64), ("x-amz-sdk-checksum-algorithm", "SHA256"),
                                                ("x-amz-checksum-sha256", Self.checksumSHA256(body))], body: body)
        let etag = Self.unquote(response.header("etag"))
        guard etag == md5.hex else { throw S3Error.integrity(key: "\(key) part \(number)", expected: md5.hex, actual: etag) }
        return etag
    }

    /// Completes a multipart upload from its parts (sorted by number here); returns the object's ETag.
    @discardableResult
    public func completeMultipartUpload(bucket: String, key: String, uploadID: String, parts: [S3Part]) async throws -> String {
        let body = "<CompleteMultipartUpload>"
            + parts.sorted { $0.number < $1.number }
                .map { part in
                    "<Part><PartNumber>\(part.number)</PartNumber><ETag>\"\(part.etag)\"</ETag>"
                        + (part.checksumSHA256.map { "<ChecksumSHA256>\($0)</ChecksumSHA256>" } ?? "") + "</Part>"
                }.joined()
            + "</CompleteMultipartUpload>"
        let response = try await send("CompleteMultipartUpload", method: .POST, bucket: bucket, key: key,
                                      query: [("uploadId", uploadID)], body: ByteBuffer(string: body))
        let xml = String(buffer: response.body)[...]
        // S3 may answer 200 with an <Error> body (the request failed after the headers were sent).
        if S3XML.value("Code", in: xml) != nil, S3XML.elements("CompleteMultipartUploadResult", in: xml).isEmpty {
            throw S3Error.http(status: 200, code: S3XML.value("Code", in: xml) ?? "", message: S3XML.value("Message", in: xml) ?? "",
                               request: "CompleteMultipartUpload \(bucket)/\(key)")
        }
        return Self.unquote(S3XML.value("ETag", in: xml))
    }

    /// Abandons a multipart upload and frees its parts (an unknown id is not an error).
    public func abortMultipartUpload(bucket: String, key: String, uploadID: String) async throws {
        _ = try await send("AbortMultipartUpload", method: .DELETE, bucket: bucket, key: key,
                           query: [("uploadId", uploadID)], allowed: [404])
    }

    /// The parts uploaded so far (ListParts, following part-number markers); nil when the upload is unknown.
    public func listParts(bucket: String, key: String, uploadID: String) async throws -> [S3Part]? {
        var parts: [S3Part] = []
        var marker: String?
        repeat {
            var query: [(name: String, value: String)] = [("uploadId", uploadID)]
            if let marker { query.append(("part-number-marker", marker)) }
            let response = try await send("ListParts", method: .GET, bucket: bucket, key: key, query: query, allowed: [404])
            if response.status == 404 { return nil }
            let xml = String(buffer: response.body)[...]
            for entry in S3XML.elements("Part", in: xml) {
                guard let number = S3XML.value("PartNumber", in: entry).flatMap({ Int($0) }),
                      let size = S3XML.value("Size", in: entry).flatMap({ Int64($0) }) else {
                    throw S3Error.badResponse("ListParts entry without PartNumber or Size")
                }
                parts.append(S3Part(number: number, etag: Self.unquote(S3XML.value("ETag", in: entry)), size: size))
            }
            marker = S3XML.value("IsTruncated", in: xml) == "true" ? S3XML.value("NextPartNumberMarker", in: xml) : nil
        } while marker != nil
        return parts
    }
}
