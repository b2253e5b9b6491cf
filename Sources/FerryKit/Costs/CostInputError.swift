import Foundation

/// Why a `costs:` section (or `ferry cost`'s flags) cannot be priced.
public enum CostInputError: LocalizedError, Equatable, Sendable {
    /// The section prices nothing; `missing` lists what could be given.
    case nothingToPrice(missing: String)
    /// A transfer needs a price the inputs do not give (e.g. egress from a provider the
    /// catalogue does not cover).
    case missingTransferPrice(String)

    public var errorDescription: String? {
        switch self {
        case let .nothingToPrice(missing): return "costs: nothing to price; give \(missing)"
        case let .missingTransferPrice(message): return "costs: \(message)"
        }
    }
}
