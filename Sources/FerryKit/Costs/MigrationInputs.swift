import Foundation
import FerryModels

/// What the rest of the plan tells the cost projection about the migration.
public struct MigrationInputs: Sendable {
    /// Bytes to move, before compression.
    public var bytes: Double
    /// Compressed size / original size, in (0, 1] (1: no compression).
    public var compressionRatio: Double
    /// The computed migration window (with compression), seconds.
    public var windowSeconds: Double
    /// The window without compression, seconds (nil: window / ratio, transfer-bound).
    public var uncompressedWindowSeconds: Double?
    /// CPU demand of the moved services, vCPU (used when `costs.demand` is absent).
    public var vcpu: Double?
    /// Memory demand of the moved services, GiB.
    public var memoryGiB: Double?
    /// Services priced from capacity (node counts per month × node price).
    public var serviceCompute: [ServiceCompute] = []
    /// Number of services to deploy (used when `costs.deployment.services` is absent).
    public var services: Int

    /// Creates the inputs.
    public init(bytes: Double, compressionRatio: Double = 1, windowSeconds: Double, uncompressedWindowSeconds: Double? = nil,
                vcpu: Double? = nil, memoryGiB: Double? = nil, services: Int = 0) {
        self.bytes = bytes
        self.compressionRatio = compressionRatio
        self.windowSeconds = windowSeconds
        self.uncompressedWindowSeconds = uncompressedWindowSeconds
        self.vcpu = vcpu
        self.memoryGiB = memoryGiB
        self.services = services
    }
}
