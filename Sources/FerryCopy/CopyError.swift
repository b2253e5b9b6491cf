import Foundation

/// Why a file, or the whole copy, failed. Messages are lowercase and name the path and errno.
public enum CopyError: Error, LocalizedError, Hashable, Sendable {
    /// A system call failed on `path` during `operation` (e.g. `"open source"`).
    case system(operation: String, path: String, errno: Errno)
    /// The source's size or mtime changed while it was being copied, on every attempt.
    case sourceChanged(path: String, attempts: Int)
    /// The target's XXH3-128 differed from the source's as read, on every attempt.
    case verificationFailed(path: String, source: String, target: String, attempts: Int)
    /// The source ended before its recorded size (it shrank during the copy).
    case sourceTruncated(path: String, expectedBytes: Int64, readBytes: Int64)
    /// The file was not started because an earlier `ENOSPC` stopped new work.
    case notStarted(path: String, reason: String)
    /// The source root is missing or not a directory/file.
    case badSource(path: String, reason: String)
    /// The manifest database could not be opened or written.
    case manifest(path: String, message: String)
    /// An option is out of range.
    case invalidOption(name: String, value: String, requirement: String)
    /// The source/destination pair would lose data (same directory, source inside the
    /// destination with delete, empty destination, manifest inside the data); a usage error.
    case unsafePaths(reason: String)
    /// The destination exists but cannot be used (e.g. it is a regular file); nothing changed.
    case badDestination(path: String, reason: String)
    /// Another run holds the destination's lock; nothing was touched.
    case busy(destination: String)
    /// A file in flight when the run was asked to stop (SIGINT/SIGTERM); its temporary was removed.
    case interrupted(path: String, reason: String)
    /// A target directory holds entries where the source now has a non-directory, and
    /// `delete` is off: the directory is left alone (removing it would lose those entries).
    case wouldRemoveDirectory(path: String, sourceKind: String)

    /// Whether the error is a usage error (bad option value or argument pair): the CLI exits 64.
    public var isUsageError: Bool {
        switch self {
        case .invalidOption, .unsafePaths: return true
        default: return false
        }
    }

    /// The underlying errno, when there is one.
    public var errno: Errno? {
        if case let .system(_, _, e) = self { return e }
        return nil
    }

    public var errorDescription: String? {
        switch self {
        case let .system(operation, path, errno):
            return "\(operation) '\(path)': \(errno)"
        case let .sourceChanged(path, attempts):
            return "source '\(path)' changed during copy (size or mtime differed before and after) on all \(attempts) attempts"
        case let .verificationFailed(path, source, target, attempts):
            return "verification of '\(path)' failed on all \(attempts) attempts: source xxh3-128 \(source), target \(target)"
        case let .sourceTruncated(path, expected, read):
            return "source '\(path)' ended after \(read) of \(expected) bytes"
        case let .notStarted(path, reason):
            return "'\(path)' not copied: \(reason)"
        case let .badSource(path, reason):
            return "source '\(path)' \(reason)"
        case let .manifest(path, message):
            return "manifest '\(path)': \(message)"
        case let .invalidOption(name, value, requirement):
            return "\(name) \(value) is out of range: expected \(requirement)"
        case let .unsafePaths(reason):
            return "refusing to copy: \(reason)"
        case let .badDestination(path, reason):
            return "destination '\(path)' \(reason)"
        case let .busy(destination):
            return "another ferry copy is running into '\(destination)' (its lock is held); nothing was changed"
        case let .interrupted(path, reason):
            return "'\(path)' not finished: \(reason)"
        case let .wouldRemoveDirectory(path, sourceKind):
            return "cannot replace non-empty directory '\(path)' with a \(sourceKind) without --delete "
                + "(it holds entries not in the source); left unchanged"
        }
    }
}
