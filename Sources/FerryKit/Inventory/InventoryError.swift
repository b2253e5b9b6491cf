import Foundation

/// Why a scan could not run or an inventory file could not be used.
public enum InventoryError: LocalizedError, Equatable, Sendable {
    /// The root is missing or not a directory.
    case notADirectory(path: String, reason: String)
    /// An inventory JSON file that cannot be read or decoded.
    case unreadable(path: String, reason: String)
    /// An inventory whose values cannot describe a tree (e.g. no files).
    case invalid(path: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case let .notADirectory(path, reason): return "cannot scan \(path): \(reason)"
        case let .unreadable(path, reason): return "cannot read the inventory \(path): \(reason)"
        case let .invalid(path, reason): return "inventory \(path): \(reason)"
        }
    }
}
