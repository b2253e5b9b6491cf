/// An `s3://bucket/prefix` address: the bucket and a key prefix (no leading or trailing `/`).
public struct S3Location: Sendable, Equatable, CustomStringConvertible {
    /// The bucket name.
    public var bucket: String
    /// The key prefix, without leading or trailing slashes; empty for the whole bucket.
    public var prefix: String

    /// Whether `text` is an S3 address (starts with `s3://`).
    public static func isS3(_ text: String) -> Bool { text.hasPrefix("s3://") }

    /// Parses `s3://bucket[/prefix]`.
    /// - Throws: `S3Error.invalidURL` when the scheme or bucket is missing.
    public init(parsing text: String) throws {
        guard text.hasPrefix("s3://") else { throw S3Error.invalidURL(text) }
        let rest = text.dropFirst(5)
        let parts = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let bucket = parts.first, !bucket.isEmpty else { throw S3Error.invalidURL(text) }
        self.bucket = String(bucket)
        self.prefix = parts.count > 1 ? String(parts[1]).split(separator: "/").joined(separator: "/") : ""
    }

    /// The key of `relativePath` under the prefix.
    public func key(for relativePath: String) -> String { prefix.isEmpty ? relativePath : "\(prefix)/\(relativePath)" }

    /// The prefix to list: `prefix/` (so `data` does not match `data2/…`), or empty.
    public var listPrefix: String { prefix.isEmpty ? "" : prefix + "/" }

    public var description: String { prefix.isEmpty ? "s3://\(bucket)" : "s3://\(bucket)/\(prefix)" }
}
