import Crypto
import Foundation

/// AWS Signature Version 4 (header form): canonical request → string to sign → HMAC-SHA256 chain.
///
/// ```
/// kDate = HMAC("AWS4" + secret, yyyymmdd); kRegion = HMAC(kDate, region)
/// kService = HMAC(kRegion, service); kSigning = HMAC(kService, "aws4_request")
/// signature = hex(HMAC(kSigning, "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(SHA256(canonical))))
/// ```
public struct SigV4Signer: Sendable {
    /// The key pair (and session token) that signs.
    public var credentials: S3Credentials
    /// The region in the credential scope, e.g. `us-east-1`.
    public var region: String
    /// The service in the credential scope: `s3` for object storage.
    public var service: String

    /// SHA-256 of the empty payload, hex.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// Creates a signer for one region and service.
    public init(credentials: S3Credentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// The intermediate values of one signature (for tests and debugging).
    public struct Signature: Sendable {
        /// The canonical request text.
        public var canonicalRequest: String
        /// The string to sign.
        public var stringToSign: String
        /// The signature, lower-case hex.
        public var signature: String
        /// The `Authorization` header value.
        public var authorization: String
        /// Headers to add to the request: `x-amz-date`, `authorization`, and `x-amz-security-token` with a session token.
        public var headers: [(String, String)]
    }

    /// Signs a request.
    /// - Parameters:
    ///   - method: HTTP method, upper case.
    ///   - encodedPath: the URI path, already percent-encoded once (`/bucket/key%20name`).
    ///   - query: query parameters, raw (encoded here).
    ///   - headers: headers to sign (must include `host`; names any case). `x-amz-date` and the
    ///     session token are added here.
    ///   - payloadHash: hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`.
    ///   - date: the signing instant (UTC).
    public func sign(method: String, encodedPath: String, query: [(name: String, value: String)],
                     headers: [(String, String)], payloadHash: String, date: Date) -> Signature {
        let (amzDate, day) = Self.timestamps(date)
        var all = headers.map { ($0.0.lowercased(), Self.trimmed($0.1)) }
        all.append(("x-amz-date", amzDate))
        if let token = credentials.sessionToken { all.append(("x-amz-security-token", token)) }
        // Repeated names join their values with commas, in order.
        var merged: [String: String] = [:]
        for (name, value) in all { merged[name] = merged[name].map { "\($0),\(value)" } ?? value }
        let names = merged.keys.sorted()
        let canonicalHeaders = names.map { "\($0):\(merged[$0]!)\n" }.joined()
        let signedHeaders = names.joined(separator: ";")
        let canonical = [method, encodedPath.isEmpty ? "/" : encodedPath, URIEncoding.canonicalQuery(query),
                         canonicalHeaders, signedHeaders, payloadHash].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope)\n\(Self.sha256Hex(Data(canonical.utf8)))"
        let key = signingKey(day: day)
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
        let authorization = "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
        var added = [("x-amz-date", amzDate), ("authorization", authorization)]
        if let token = credentials.sessionToken { added.append(("x-amz-security-token", token)) }
        return Signature(canonicalRequest: canonical, stringToSign: stringToSign, signature: signature,
                         authorization: authorization, headers: added)
    }

    /// The derived signing key for one day (`yyyymmdd`).
    func signingKey(day: String) -> SymmetricKey {
        func hmac(_ key: SymmetricKey, _ text: String) -> SymmetricKey {
            SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key)))
        }
        let secret = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey)".utf8))
        return hmac(hmac(hmac(hmac(secret, day), region), service), "aws4_request")
    }

    /// `yyyyMMdd'T'HHmmss'Z'` and `yyyyMMdd` of `date` in UTC.
    public static func timestamps(_ date: Date) -> (amzDate: String, day: String) {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let day = String(format: "%04d%02d%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday))
        return (day + String(format: "T%02d%02d%02dZ", Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec)), day)
    }

    /// Hex SHA-256 of `data`.
    public static func sha256Hex(_ data: Data) -> String { hex(SHA256.hash(data: data)) }

    /// Lower-case hex of a byte sequence.
    public static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// Header value as SigV4 canonicalises it: outer spaces trimmed, inner runs of spaces collapsed.
    static func trimmed(_ value: String) -> String {
        value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
    }
}
