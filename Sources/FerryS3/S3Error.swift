import Foundation

/// Errors from the S3 client, credentials and object sync; messages name the bad value.
public enum S3Error: LocalizedError, Sendable {
    /// A URL that is not `s3://bucket[/prefix]`.
    case invalidURL(String)
    /// The server answered with an error status (HTTP status, S3 error code, message, request).
    case http(status: Int, code: String, message: String, request: String)
    /// No credentials were found in the environment or the profile files.
    case missingCredentials(String)
    /// A configuration file line could not be read (path, line number, reason).
    case badConfig(path: String, line: Int, reason: String)
    /// A response body could not be parsed (what was expected).
    case badResponse(String)
    /// A transfer failed its integrity check (object key, expected, actual).
    case integrity(key: String, expected: String, actual: String)

    public var errorDescription: String? {
        switch self {
        case .invalidURL(let s): return "invalid S3 URL '\(s)': expected s3://bucket[/prefix]"
        case .http(let status, let code, let message, let request):
            return "S3 \(request) failed: HTTP \(status) \(code)\(message.isEmpty ? "" : ": \(message)")"
        case .missingCredentials(let why): return "no S3 credentials: \(why)"
        case .badConfig(let path, let line, let reason): return "\(path):\(line): \(reason)"
        case .badResponse(let what): return "unexpected S3 response: \(what)"
        case .integrity(let key, let expected, let actual):
            return "integrity check failed for '\(key)': expected \(expected), got \(actual)"
        }
    }
}
