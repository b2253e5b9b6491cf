import Foundation
import FerryModels
import FerryUnits

/// The scenario's `target:` section: who runs the target end and, with `kind: s3`, the object
/// store the data lands in (requests, their latency and rate limit, multipart settings).
///
/// ```yaml
/// target: { provider: aws, region: us-east-1, kind: s3, request_rate_limit: 3500/s,
///           part_size: 8MiB, multipart_threshold: 16MiB, calibration: latest }
/// ```
public struct TargetSection: Sendable {
    /// Who runs the target (for transfer charges); `nil` when no provider is named.
    public var endpoint: TransferEndpoint?
    /// The object store, for `kind: s3`; `nil` for a file system.
    public var objectStore: ObjectStoreTarget?
    /// `target.calibration`: `latest` or the id of a stored S3 path calibration (`ferry bench
    /// --target s3://…` then `ferry calibrate`); `nil` when none is used.
    public var calibration: String?
    /// Whether `request_rate_limit` was written.
    public var requestRateLimitGiven = false

    /// What the target is.
    public enum Kind: String, Sendable, CaseIterable {
        /// A file system (every file costs its per-file overhead; the default).
        case filesystem
        /// An S3-compatible object store.
        case s3
    }

    /// Keys of an object-store target besides `provider` and `region`.
    public static let objectStoreKeys = ["kind", "request_latency", "request_rate_limit", "part_size",
                                         "multipart_threshold", "calibration"]

    /// Reads `target:`.
    /// - Throws: `InputError` naming the key: unknown keys, bad units, object-store keys without
    ///   `kind: s3`, a provider missing when no kind is given.
    public static func read(_ node: YAMLNode) throws -> TargetSection {
        try node.checkKeys(["provider", "region"] + objectStoreKeys)
        var kind = Kind.filesystem
        if let k = try node.child("kind") {
            let text = try k.string()
            guard let parsed = Kind(rawValue: text.lowercased()) else {
                throw k.error("unknown kind '\(text)'; expected \(Kind.allCases.map(\.rawValue).joined(separator: " or "))")
            }
            kind = parsed
        }
        var section = TargetSection()
        if try node.child("provider") != nil || node.child("kind") == nil {
            section.endpoint = try CostSection.readEndpoint(node, extraKeys: objectStoreKeys)
        }
        guard kind == .s3 else {
            for key in objectStoreKeys where key != "kind" {
                if let extra = try node.child(key) { throw extra.error("applies to an object store only; add kind: s3") }
            }
            return section
        }
        var store = ObjectStoreTarget()
        store.requestLatency = try node.child("request_latency")?.quantity { try TimeSpan.parse($0).seconds }
        if let r = try node.child("request_rate_limit") {
            store.requestRateLimit = try r.quantity { try EventRate.parse($0).perSecond }
            section.requestRateLimitGiven = true
        }
        if let p = try node.child("part_size") {
            store.partSize = try p.quantity { try ByteCount.parse($0, allowZero: false).bytes }
            // S3 refuses parts under 5 MiB (except the last) and over 5 GiB.
            guard store.partSize >= Double(5 << 20), store.partSize <= Double(5 << 30) else {
                throw p.error("must be between 5MiB and 5GiB (S3's part limits), found \(ByteCount(bytes: store.partSize).formatted(.iec))")
            }
        }
        if let t = try node.child("multipart_threshold") {
            store.multipartThreshold = try t.quantity { try ByteCount.parse($0, allowZero: true).bytes }
        }
        section.objectStore = store
        section.calibration = try node.child("calibration")?.string()
        return section
    }
}
