/// Names of in-flight targets: `.ferry-tmp.<run token>.<8 hex>.<name>` in the target's own
/// directory, so the final `rename` is atomic and a crash leaves only names a re-run can
/// recognise as its own.
///
/// The run token is 16 random hex digits (64 bits from the system's CSPRNG), drawn once per
/// process and recorded with every run in the manifest (`run.temporary_prefix`). A re-run
/// removes only entries starting with a prefix the manifest recorded, never other files
/// whose names merely start with `.ferry-tmp.` — those are user data and are copied.
enum TemporaryName {
    /// The fixed start of every temporary name.
    static let stem: [UInt8] = Array(".ferry-tmp.".utf8)

    /// This process's run token: 16 lowercase hex digits, unguessable.
    static let token: String = {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }()

    /// The prefix of this process's temporaries, `.ferry-tmp.<token>.` (recorded per run).
    static var prefix: String { ".ferry-tmp.\(token)." }

    /// Longest file name most filesystems accept, in bytes (`NAME_MAX`).
    static let maxNameBytes = 255

    /// A fresh temporary path next to `target`, truncated to `NAME_MAX` bytes.
    static func make(for target: PathBytes) -> PathBytes {
        let random = String(UInt32.random(in: .min ... .max), radix: 16)
        var name = Array(prefix.utf8) + Array((String(repeating: "0", count: 8 - random.count) + random + ".").utf8)
        name += target.lastComponent.bytes.prefix(maxNameBytes - name.count)
        return target.parent.appending(PathBytes(bytes: name))
    }

    /// Whether a directory entry's name starts with one of `prefixes` (each a recorded
    /// `.ferry-tmp.<token>.`), i.e. is a temporary an earlier run of this engine created.
    static func isTemporary(_ name: PathBytes, prefixes: [[UInt8]]) -> Bool {
        guard name.bytes.starts(with: stem) else { return false }
        return prefixes.contains { name.bytes.starts(with: $0) }
    }

    /// Whether `prefix` has the exact shape this engine records (`.ferry-tmp.` + 16 hex + `.`),
    /// so a damaged manifest row can never widen the cleanup to other names.
    static func isWellFormedPrefix(_ prefix: String) -> Bool {
        let bytes = Array(prefix.utf8)
        guard bytes.count == stem.count + 17, bytes.starts(with: stem), bytes.last == UInt8(ascii: ".") else { return false }
        return bytes[stem.count..<(stem.count + 16)].allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
