/// A filesystem path as raw bytes, so names that are not valid UTF-8 survive the copy.
///
/// Swift `String` comparison is Unicode-canonical (`"é"` precomposed equals decomposed),
/// while POSIX names are byte strings; the engine therefore keys everything by bytes.
public struct PathBytes: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The path's bytes, without a terminating NUL.
    public var bytes: [UInt8]

    /// Wraps raw bytes.
    /// - Parameter bytes: the path, without a terminating NUL.
    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// The UTF-8 bytes of `string`.
    /// - Parameter string: a path such as `"/data/in"`.
    public init(_ string: String) { self.bytes = Array(string.utf8) }

    /// Whether the path is empty (the root of a relative tree).
    public var isEmpty: Bool { bytes.isEmpty }

    /// This path with `component` appended after a `/` (no separator for an empty path).
    /// - Parameter component: one name, without `/`.
    public func appending(_ component: PathBytes) -> PathBytes {
        if bytes.isEmpty { return component }
        var result = bytes
        if result.last != UInt8(ascii: "/") { result.append(UInt8(ascii: "/")) }
        result.append(contentsOf: component.bytes)
        return PathBytes(bytes: result)
    }

    /// The last component (the whole path when it has no `/`).
    public var lastComponent: PathBytes {
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return self }
        return PathBytes(bytes: Array(bytes[(slash + 1)...]))
    }

    /// The path without its last component (empty when it has no `/`).
    public var parent: PathBytes {
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return PathBytes(bytes: []) }
        if slash == 0 { return PathBytes(bytes: [UInt8(ascii: "/")]) }
        return PathBytes(bytes: Array(bytes[..<slash]))
    }

    /// Whether the last component starts with `prefix`.
    func lastComponentHasPrefix(_ prefix: [UInt8]) -> Bool {
        lastComponent.bytes.starts(with: prefix)
    }

    /// The path decoded as UTF-8, invalid sequences replaced by U+FFFD (for messages only).
    public var description: String { String(decoding: bytes, as: UTF8.self) }

    /// Hashes the bytes in one call (the synthesized version feeds the hasher byte by byte,
    /// which dominated the walk of a no-change re-run).
    public func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    public static func == (lhs: PathBytes, rhs: PathBytes) -> Bool { lhs.bytes == rhs.bytes }

    public static func < (lhs: PathBytes, rhs: PathBytes) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}
