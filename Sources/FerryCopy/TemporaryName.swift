/// Names of in-flight targets: `.ferry-tmp.<8 hex>.<name>` in the target's own directory, so
/// the final `rename` is atomic and a crash leaves only names a re-run recognises and removes.
enum TemporaryName {
    /// The prefix every temporary name starts with.
    static let prefix: [UInt8] = Array(".ferry-tmp.".utf8)

    /// Longest file name most filesystems accept, in bytes (`NAME_MAX`).
    static let maxNameBytes = 255

    /// A fresh temporary path next to `target`, truncated to `NAME_MAX` bytes.
    static func make(for target: PathBytes) -> PathBytes {
        let random = String(UInt32.random(in: .min ... .max), radix: 16)
        var name = prefix + Array((String(repeating: "0", count: 8 - random.count) + random + ".").utf8)
        name += target.lastComponent.bytes.prefix(maxNameBytes - name.count)
        return target.parent.appending(PathBytes(bytes: name))
    }

    /// Whether a directory entry's name is one of ours.
    static func isTemporary(_ name: PathBytes) -> Bool { name.bytes.starts(with: prefix) }
}
