import Foundation

/// Why a cost model could not produce a result.
public enum CostError: LocalizedError, Equatable, Sendable {
    /// The resource demand cannot be met; the shortfalls name the constraints and amounts.
    case infeasible(what: String, shortfalls: [ConstraintShortfall])
    /// A container is larger than every instance type (vCPU, GiB).
    case containerTooLarge(name: String, vcpu: Double, memoryGiB: Double, largestVCPU: Double, largestMemoryGiB: Double)
    /// No instance type has a price under the requested commitment.
    case noPrices(commitment: Commitment)
    /// A value is out of range (name, value, requirement).
    case invalid(name: String, value: Double, requirement: String)
    /// A unit price is missing for a resource in the usage.
    case missingPrice(resource: String)

    public var errorDescription: String? {
        switch self {
        case let .infeasible(what, shortfalls):
            return "\(what) is infeasible: " + shortfalls.map(\.summary).joined(separator: "; ")
        case let .containerTooLarge(name, cpu, mem, largestCPU, largestMem):
            return "container '\(name)' needs \(fmt(cpu)) vCPU and \(fmt(mem)) GiB, but no instance type offers both "
                + "(largest: \(fmt(largestCPU)) vCPU, \(fmt(largestMem)) GiB)"
        case let .noPrices(commitment):
            return "no instance type in the catalogue has a \(commitment.label) price; set commitment_discount to assume one"
        case let .invalid(name, value, requirement):
            return "\(name) is \(fmt(value)); \(requirement)"
        case let .missingPrice(resource):
            return "no unit price for '\(resource)'"
        }
    }

    private func fmt(_ x: Double) -> String { String(format: "%g", x) }
}
