import Foundation

/// One instance (node) type of a price catalogue: its size and its hourly prices.
public struct InstanceType: Sendable, Equatable, Hashable {
    /// The provider's name, e.g. `m6i.xlarge`.
    public var name: String
    /// Virtual CPUs.
    public var vcpu: Double
    /// Memory in GiB (2^30 bytes).
    public var memoryGiB: Double
    /// On-demand price, currency units per hour.
    public var onDemandHourly: Double
    /// Effective hourly price under a 1-year commitment, when the catalogue publishes one.
    public var oneYearHourly: Double?
    /// Effective hourly price under a 3-year commitment, when the catalogue publishes one.
    public var threeYearHourly: Double?

    /// Whether this is a burstable type (AWS t2/t3/t3a/t4g, GCP e2-micro/small/medium, Azure
    /// B-series) whose listed vCPUs are only available in bursts: a t3.nano's baseline is
    /// 5 % of 2 vCPU. Sizing for a sustained demand leaves them out.
    public var isBurstable: Bool {
        let n = name.lowercased()
        return ["t2.", "t3.", "t3a.", "t4g."].contains { n.hasPrefix($0) }
            || ["e2-micro", "e2-small", "e2-medium"].contains(n)
            || n.hasPrefix("standard_b")
    }

    /// Creates an instance type.
    public init(name: String, vcpu: Double, memoryGiB: Double, onDemandHourly: Double,
                oneYearHourly: Double? = nil, threeYearHourly: Double? = nil) {
        self.name = name
        self.vcpu = vcpu
        self.memoryGiB = memoryGiB
        self.onDemandHourly = onDemandHourly
        self.oneYearHourly = oneYearHourly
        self.threeYearHourly = threeYearHourly
    }

    /// The hourly price under `commitment`.
    /// - Parameters:
    ///   - commitment: none, 1y or 3y.
    ///   - assumedDiscount: used only when the catalogue has no committed price and the user
    ///     opted in: price = on-demand × (1 − discount).
    /// - Returns: currency units per hour, or nil when no price is known.
    public func hourly(_ commitment: Commitment, assumedDiscount: Double? = nil) -> Double? {
        switch commitment {
        case .none: return onDemandHourly
        case .oneYear: return oneYearHourly ?? assumedDiscount.map { onDemandHourly * (1 - $0) }
        case .threeYear: return threeYearHourly ?? assumedDiscount.map { onDemandHourly * (1 - $0) }
        }
    }
}

/// A pricing commitment: on-demand, or a 1- or 3-year term.
public enum Commitment: String, Sendable, CaseIterable, Codable, Hashable {
    /// On-demand, no commitment.
    case none
    /// One-year term (no upfront).
    case oneYear = "1y"
    /// Three-year term (no upfront).
    case threeYear = "3y"

    /// For reports: `on-demand`, `1-year`, `3-year`.
    public var label: String {
        switch self {
        case .none: return "on-demand"
        case .oneYear: return "1-year"
        case .threeYear: return "3-year"
        }
    }
}
