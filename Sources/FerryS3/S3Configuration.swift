import Foundation

/// Where and as whom to talk S3: endpoint, region, credentials, addressing style.
public struct S3Configuration: Sendable {
    /// Endpoint base URL (scheme, host, port), e.g. `http://127.0.0.1:5000` or `https://s3.us-east-1.amazonaws.com`.
    public var endpoint: URL
    /// Region for the signature scope.
    public var region: String
    /// The credentials that sign.
    public var credentials: S3Credentials
    /// Path-style addressing (`endpoint/bucket/key`) rather than virtual-hosted (`bucket.endpoint/key`).
    public var pathStyle: Bool

    /// Creates a configuration from its parts.
    public init(endpoint: URL, region: String, credentials: S3Credentials, pathStyle: Bool) {
        self.endpoint = endpoint
        self.region = region
        self.credentials = credentials
        self.pathStyle = pathStyle
    }

    /// Resolves the configuration the way the AWS CLI does.
    ///
    /// Endpoint: `endpointOverride` (`--endpoint`) > `AWS_ENDPOINT_URL_S3` > `AWS_ENDPOINT_URL` >
    /// profile `endpoint_url` > `https://s3.<region>.amazonaws.com`. Region: `AWS_REGION` >
    /// `AWS_DEFAULT_REGION` > profile `region` > `us-east-1`. Credentials: `AWS_ACCESS_KEY_ID` +
    /// `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`) > the profile (`AWS_PROFILE`, else
    /// `default`) in `AWS_SHARED_CREDENTIALS_FILE` (~/.aws/credentials) and `AWS_CONFIG_FILE`
    /// (~/.aws/config). Non-AWS endpoints use path-style addressing.
    /// - Throws: `S3Error.missingCredentials`, `.badConfig`, `.invalidURL` for a bad endpoint.
    public static func resolve(environment env: [String: String], endpointOverride: String? = nil,
                               home: String? = nil) throws -> S3Configuration {
        let home = home ?? env["HOME"] ?? NSHomeDirectory()
        let files = try AWSProfileFiles(
            credentialsPath: env["AWS_SHARED_CREDENTIALS_FILE"] ?? "\(home)/.aws/credentials",
            configPath: env["AWS_CONFIG_FILE"] ?? "\(home)/.aws/config")
        let profileName = env["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        let profile = files.profiles[profileName] ?? [:]
        if env["AWS_PROFILE"] != nil, files.profiles[profileName] == nil, env["AWS_ACCESS_KEY_ID"] == nil {
            throw S3Error.missingCredentials("AWS_PROFILE is '\(profileName)' but no such profile is in ~/.aws/credentials or ~/.aws/config")
        }
        func nonEmpty(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : $0 } }

        let region = nonEmpty(env["AWS_REGION"]) ?? nonEmpty(env["AWS_DEFAULT_REGION"]) ?? nonEmpty(profile["region"]) ?? "us-east-1"
        let credentials: S3Credentials
        if let key = nonEmpty(env["AWS_ACCESS_KEY_ID"]), let secret = nonEmpty(env["AWS_SECRET_ACCESS_KEY"]) {
            credentials = S3Credentials(accessKeyID: key, secretAccessKey: secret, sessionToken: nonEmpty(env["AWS_SESSION_TOKEN"]))
        } else if let key = nonEmpty(profile["aws_access_key_id"]), let secret = nonEmpty(profile["aws_secret_access_key"]) {
            credentials = S3Credentials(accessKeyID: key, secretAccessKey: secret, sessionToken: nonEmpty(profile["aws_session_token"]))
        } else {
            throw S3Error.missingCredentials(
                "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with keys in ~/.aws/credentials (profile '\(profileName)')")
        }
        let endpointText = nonEmpty(endpointOverride) ?? nonEmpty(env["AWS_ENDPOINT_URL_S3"]) ?? nonEmpty(env["AWS_ENDPOINT_URL"])
            ?? nonEmpty(profile["endpoint_url"]) ?? "https://s3.\(region).amazonaws.com"
        guard let endpoint = URL(string: endpointText), let scheme = endpoint.scheme, ["http", "https"].contains(scheme),
              endpoint.host != nil else {
            throw S3Error.invalidURL("endpoint '\(endpointText)': expected http(s)://host[:port]")
        }
        let isAWS = endpoint.host!.hasSuffix(".amazonaws.com")
        let forcePath = nonEmpty(env["AWS_S3_ADDRESSING_STYLE"]) == "path" || nonEmpty(profile["addressing_style"]) == "path"
        return S3Configuration(endpoint: endpoint, region: region, credentials: credentials, pathStyle: !isAWS || forcePath)
    }
}
