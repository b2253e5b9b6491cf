import Foundation

/// Why a benchmark could not run.
public enum BenchError: LocalizedError, Equatable, Sendable {
    /// A peer name Ferry does not know.
    case unknownPeer(name: String, known: [String])
    /// A known peer that is not installed.
    case peerMissing(name: String)
    /// A peer exited with a failure.
    case peerFailed(name: String, status: Int32, message: String)
    /// The copy engine refused to run (bad source, unusable target).
    case copyFailed(tool: String, reason: String)
    /// A setting out of range.
    case badSetting(name: String, value: String, requirement: String)
    /// The scratch area could not be prepared.
    case scratch(path: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case let .unknownPeer(name, known): return "unknown peer '\(name)'; known peers: \(known.joined(separator: ", "))"
        case let .peerMissing(name): return "peer '\(name)' is not installed (not found on PATH)"
        case let .peerFailed(name, status, message): return "\(name) exited with status \(status): \(message)"
        case let .copyFailed(tool, reason): return "\(tool) copy failed: \(reason)"
        case let .badSetting(name, value, requirement): return "\(name) \(value) \(requirement)"
        case let .scratch(path, reason): return "cannot prepare the scratch directory \(path): \(reason)"
        }
    }
}
