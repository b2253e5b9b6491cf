import Foundation

/// Why sample data could not be generated.
public enum DatasetError: LocalizedError, Equatable, Sendable {
    /// The output directory exists and holds files.
    case outputNotEmpty(path: String)
    /// A directory or file could not be created or written.
    case cannotWrite(path: String, reason: String)
    /// No profile by that name.
    case unknownProfile(name: String, searched: String, available: [String])

    public var errorDescription: String? {
        switch self {
        case let .outputNotEmpty(path):
            return "output directory \(path) is not empty; choose another or pass --force to replace it"
        case let .cannotWrite(path, reason):
            return "cannot write \(path): \(reason)"
        case let .unknownProfile(name, searched, available):
            return "no profile '\(name)' in \(searched)" + (available.isEmpty ? "" : "; available: \(available.joined(separator: ", "))")
        }
    }
}
