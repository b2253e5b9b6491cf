import Foundation

/// What S3 says about one object: key, size (bytes), ETag (quotes removed) and user metadata.
public struct S3Object: Sendable, Equatable {
    /// The full object key.
    public var key: String
    /// Size, bytes.
    public var size: Int64
    /// The ETag without quotes: MD5 hex for single-part uploads, `md5(part md5s)-N` for multipart.
    public var etag: String
    /// User metadata (`x-amz-meta-*`, names without the prefix, lower case); empty from listings.
    public var metadata: [String: String]
    /// The object's stored `x-amz-checksum-sha256` (base64), from a HEAD with checksum mode;
    /// `nil` when not asked for or not stored (multipart uploads, other tools).
    public var checksumSHA256: String? = nil

    /// Creates an object description.
    public init(key: String, size: Int64, etag: String, metadata: [String: String] = [:]) {
        self.key = key
        self.size = size
        self.etag = etag
        self.metadata = metadata
    }
}

/// One uploaded part of a multipart upload: number (1…10,000), ETag, size in bytes.
public struct S3Part: Sendable, Equatable {
    /// Part number, 1-based.
    public var number: Int
    /// The part's ETag without quotes (MD5 hex of its bytes).
    public var etag: String
    /// Size, bytes.
    public var size: Int64
    /// The part's `x-amz-checksum-sha256` (base64), when known.
    public var checksumSHA256: String? = nil

    /// Creates a part description.
    public init(number: Int, etag: String, size: Int64) {
        self.number = number
        self.etag = etag
        self.size = size
    }
}
