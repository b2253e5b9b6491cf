import Foundation
import NIOCore
import Testing
@testable import FerryS3

/// Endpoint, region and credential resolution in the AWS CLI's order of precedence.
@Suite struct S3ConfigurationTests {
    /// A temporary HOME with ~/.aws/credentials and ~/.aws/config.
    func home(credentials: String, config: String) throws -> String {
        let dir = NSTemporaryDirectory() + "ferry-aws-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/.aws", withIntermediateDirectories: true)
        try credentials.write(toFile: dir + "/.aws/credentials", atomically: true, encoding: .utf8)
        try config.write(toFile: dir + "/.aws/config", atomically: true, encoding: .utf8)
        return dir
    }

    let credentials = """
        [default]
        aws_access_key_id = DEFAULTKEY
        aws_secret_access_key = defaultsecret

        # a comment
        [work]
        aws_access_key_id=WORKKEY
        aws_secret_access_key=worksecret
        aws_session_token = worktoken
        """
    let config = """
        [default]
        region = eu-west-1
        [profile work]
        region = ap-south-1
        endpoint_url = http://127.0.0.1:9000
        s3 =
          addressing_style = path
        """

    @Test func environmentKeysWinOverProfiles() throws {
        let home = try home(credentials: credentials, config: config)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let c = try S3Configuration.resolve(environment: [
            "AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": "envsecret", "AWS_SESSION_TOKEN": "envtoken",
            "AWS_REGION": "us-west-2", "AWS_ENDPOINT_URL": "http://127.0.0.1:5000"], home: home)
        #expect(c.credentials == S3Credentials(accessKeyID: "ENVKEY", secretAccessKey: "envsecret", sessionToken: "envtoken"))
        #expect(c.region == "us-west-2")
        #expect(c.endpoint.absoluteString == "http://127.0.0.1:5000")
        #expect(c.pathStyle)  // not an amazonaws.com host
    }

    @Test func namedProfileFromBothFiles() throws {
        let home = try home(credentials: credentials, config: config)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let c = try S3Configuration.resolve(environment: ["AWS_PROFILE": "work"], home: home)
        #expect(c.credentials == S3Credentials(accessKeyID: "WORKKEY", secretAccessKey: "worksecret", sessionToken: "worktoken"))
        #expect(c.region == "ap-south-1")
        #expect(c.endpoint.absoluteString == "http://127.0.0.1:9000")
    }

    @Test func defaultProfileAndAWSEndpoint() throws {
        let home = try home(credentials: credentials, config: config)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let c = try S3Configuration.resolve(environment: [:], home: home)
        #expect(c.credentials.accessKeyID == "DEFAULTKEY")
        #expect(c.region == "eu-west-1")
        #expect(c.endpoint.absoluteString == "https://s3.eu-west-1.amazonaws.com")
        #expect(!c.pathStyle)  // AWS itself: virtual-hosted addressing
        // --endpoint beats everything.
        let o = try S3Configuration.resolve(environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:1"],
                                            endpointOverride: "http://127.0.0.1:2", home: home)
        #expect(o.endpoint.port == 2)
    }

    @Test func missingCredentialsAndBadFilesAreNamed() throws {
        let empty = try home(credentials: "", config: "")
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect(throws: S3Error.self) { try S3Configuration.resolve(environment: [:], home: empty) }
        #expect(throws: S3Error.self) { try S3Configuration.resolve(environment: ["AWS_PROFILE": "nope"], home: empty) }
        let bad = try home(credentials: "[default]\nthis line has no equals\n", config: "")
        defer { try? FileManager.default.removeItem(atPath: bad) }
        do {
            _ = try S3Configuration.resolve(environment: [:], home: bad)
            Issue.record("expected a bad-config error")
        } catch let error as S3Error {
            #expect(error.localizedDescription.contains("credentials:2:"))
        }
        #expect(throws: S3Error.self) {
            try S3Configuration.resolve(environment: ["AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s"],
                                        endpointOverride: "ftp://x", home: empty)
        }
    }

    @Test func locations() throws {
        let l = try S3Location(parsing: "s3://bucket/some/prefix/")
        #expect(l.bucket == "bucket" && l.prefix == "some/prefix" && l.listPrefix == "some/prefix/")
        #expect(l.key(for: "a/b.txt") == "some/prefix/a/b.txt")
        let root = try S3Location(parsing: "s3://bucket")
        #expect(root.prefix.isEmpty && root.listPrefix.isEmpty && root.key(for: "x") == "x")
        #expect(throws: S3Error.self) { try S3Location(parsing: "s3:///key") }
        #expect(throws: S3Error.self) { try S3Location(parsing: "/local/dir") }
    }
}

/// Backoff bounds, XML reading and the multipart ETag, against hand-computed values.
@Suite struct S3PiecesTests {
    @Test func backoffCeilingDoublesToTheCap() {
        let p = RetryPolicy(maxAttempts: 8, baseDelay: 0.1, maxDelay: 10)
        // 0.1 · 2^n: 0.1, 0.2, 0.4, 0.8 … capped at 10 from n = 7 (12.8 > 10). Exact binary
        // multiples of 0.1 are compared within 1e-12 (floating-point representation of 0.1).
        for (n, expected) in [(0, 0.1), (1, 0.2), (3, 0.8), (6, 6.4), (7, 10.0), (40, 10.0)] {
            #expect(abs(p.ceiling(attempt: n) - expected) < 1e-12, "attempt \(n): \(p.ceiling(attempt: n)) vs \(expected)")
        }
        var rng = SystemRandomNumberGenerator()
        for n in 0..<10 {
            let d = p.delay(attempt: n, using: &rng)
            #expect(d >= 0 && d <= p.ceiling(attempt: n))
        }
        #expect(RetryPolicy.isRetryable(status: 503, code: "SlowDown"))
        #expect(RetryPolicy.isRetryable(status: 500, code: ""))
        #expect(RetryPolicy.isRetryable(status: 400, code: "RequestTimeout"))
        #expect(!RetryPolicy.isRetryable(status: 403, code: "SignatureDoesNotMatch"))
        #expect(!RetryPolicy.isRetryable(status: 404, code: "NoSuchKey"))
    }

    @Test func xmlEntitiesAndElements() {
        let xml = "<R><Key>a&amp;b &lt;c&gt; &#233;&#x41;</Key><Key>2</Key></R>"[...]
        #expect(S3XML.value("Key", in: xml) == "a&b <c> éA")
        #expect(S3XML.elements("Key", in: xml).count == 2)
        #expect(S3XML.value("Missing", in: xml) == nil)
    }

    /// Python hashlib: md5(bytes.fromhex(md5("a") + md5("b"))) = 96e024ba…, so "…-2".
    @Test func multipartETagMatchesHashlib() {
        #expect(S3Sync.multipartETag(["0cc175b9c0f1b6a831c399e269772661", "92eb5ffee6ae2fec3ad71c777531578f"])
            == "96e024ba2074fe77e8e965ba43a704be-2")
    }

    /// Python hashlib: md5(b"hello") = 5d41402a…, base64 XUFAKrxLKna5cZ2REBfFkg==.
    @Test func contentMD5() {
        let md5 = S3Client.contentMD5(.init(string: "hello"))
        #expect(md5.hex == "5d41402abc4b2a76b9719d911017c592")
        #expect(md5.base64 == "XUFAKrxLKna5cZ2REBfFkg==")
    }
}
