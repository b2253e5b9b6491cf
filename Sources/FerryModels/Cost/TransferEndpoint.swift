import Foundation

/// Who runs one end of a migration, for charging its data transfer.
public enum CloudProvider: String, Sendable, CaseIterable, Codable, Hashable {
    /// The user's own data centre: no per-GB transfer charge.
    case onPrem = "on-prem"
    /// Amazon Web Services.
    case aws
    /// Google Cloud.
    case gcp
    /// Microsoft Azure.
    case azure

    /// Whether the provider bills data leaving it (internet egress) per GB.
    public var chargesEgress: Bool { self != .onPrem }

    /// Whether the provider bills data arriving from the internet per GB. AWS, Google Cloud and
    /// Azure publish inbound data transfer as free; a data centre has no per-GB charge.
    public var chargesIngress: Bool { false }

    /// For reports: `on-prem`, `AWS`, `Google Cloud`, `Azure`.
    public var label: String {
        switch self {
        case .onPrem: return "on-prem"
        case .aws: return "AWS"
        case .gcp: return "Google Cloud"
        case .azure: return "Azure"
        }
    }

    /// The provider named by `text` (`on-prem`, `onprem`, `aws`, `gcp`, `google`, `azure`), or nil.
    public static func named(_ text: String) -> CloudProvider? {
        switch text.lowercased() {
        case "on-prem", "onprem", "on_prem", "datacenter", "datacentre": return .onPrem
        case "aws", "amazon": return .aws
        case "gcp", "google", "google-cloud": return .gcp
        case "azure", "microsoft": return .azure
        default: return nil
        }
    }
}

/// One end of a migration: a provider and, for a cloud, its region.
public struct TransferEndpoint: Sendable, Equatable, Hashable {
    /// Who runs it.
    public var provider: CloudProvider
    /// The provider's region, e.g. `us-east-1` (nil when not given or on-prem).
    public var region: String?

    /// Creates an endpoint.
    public init(provider: CloudProvider, region: String? = nil) {
        self.provider = provider
        self.region = region
    }

    /// For reports: `AWS us-east-1`, `on-prem`.
    public var label: String { [provider.label, region].compactMap { $0 }.joined(separator: " ") }
}

/// A dedicated link between the two ends (AWS Direct Connect, Google Cloud Interconnect, Azure
/// ExpressRoute), priced by port-hours plus a per-GB charge on the data sent over it:
/// ```
/// ports    = port price per hour × ports × window hours
/// transfer = per-GB price × GB sent
/// ```
public struct DedicatedLink: Sendable, Equatable {
    /// Price of one port per hour, currency units (e.g. 0.30 for a 1 Gbps Direct Connect port).
    public var portHourly: Double
    /// Number of ports (≥ 1).
    public var ports: Int
    /// Price per GB (10^9 bytes) sent over the link, currency units (0 where inbound is free).
    public var perGB: Double

    /// Creates a link price.
    public init(portHourly: Double, ports: Int = 1, perGB: Double = 0) {
        self.portHourly = portHourly
        self.ports = ports
        self.perGB = perGB
    }
}
