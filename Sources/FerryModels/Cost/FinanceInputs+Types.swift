import Foundation

extension FinanceInputs.Compute {
    /// The catalogue types this compute model prices with (nil for none and unit prices).
    public var instanceTypes: [InstanceType]? {
        switch self {
        case .none, .unitPrices: return nil
        case let .demand(types, _, _, _), let .containers(types, _), let .services(types, _, _): return types
        }
    }

    /// The same model over other instance types (same order and names).
    func withInstanceTypes(_ types: [InstanceType]) -> FinanceInputs.Compute {
        switch self {
        case .none, .unitPrices: return self
        case let .demand(_, cpu, mem, headroom): return .demand(types: types, vcpu: cpu, memoryGiB: mem, headroom: headroom)
        case let .containers(_, containers): return .containers(types: types, containers: containers)
        case let .services(_, services, demand): return .services(types: types, services: services, demand: demand)
        }
    }
}

extension InstanceType {
    /// This type with its published committed discount scaled by `factor`:
    /// ```
    /// committed' = on-demand × (1 − (1 − committed / on-demand) × factor)
    /// ```
    /// Types without a published price under `commitment` are returned unchanged.
    func withCommitmentDiscountScaled(_ commitment: Commitment, by factor: Double) -> InstanceType {
        var t = self
        func scale(_ p: Double?) -> Double? {
            guard let p, onDemandHourly > 0 else { return p }
            let d = min(0.99, (1 - p / onDemandHourly) * factor)
            return onDemandHourly * (1 - d)
        }
        switch commitment {
        case .none: break
        case .oneYear: t.oneYearHourly = scale(oneYearHourly)
        case .threeYear: t.threeYearHourly = scale(threeYearHourly)
        }
        return t
    }
}
