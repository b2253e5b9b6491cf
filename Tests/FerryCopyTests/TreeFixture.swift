import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import FerryCopy

/// A scratch directory with `src/` and `dst/`, removed when the test ends.
final class TreeFixture {
    let root: URL
    var source: String { root.appendingPathComponent("src").path }
    var target: String { root.appendingPathComponent("dst").path }

    init(_ name: String = #function) throws {
        let base = FileManager.default.temporaryDirectory
            .appendingPathComponent("ferry-copy-tests")
            .appendingPathComponent(name.filter { $0.isLetter || $0.isNumber } + "-" + UUID().uuidString.prefix(8))
        root = base
        try FileManager.default.createDirectory(at: root.appendingPathComponent("src"), withIntermediateDirectories: true)
    }

    deinit {
        chmodTree(root.path)
        try? FileManager.default.removeItem(at: root)
    }

    private func chmodTree(_ path: String) {
        // Make everything removable (tests may leave read-only directories).
        if let e = FileManager.default.enumerator(atPath: path) {
            for case let rel as String in e { chmod(path + "/" + rel, 0o755) }
        }
    }

    /// Writes `bytes` to `src/relative` (creating parents), with optional mode and mtime.
    @discardableResult
    func file(_ relative: String, _ bytes: [UInt8], mode: mode_t? = nil, mtime: Int? = nil,
              in base: String? = nil) throws -> String {
        let path = (base ?? source) + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw CocoaError(.fileWriteUnknown)
        }
        if let mode { chmod(path, mode) }
        if let mtime { setMTime(path, seconds: mtime, nanoseconds: 123_456_789) }
        return path
    }

    /// Deterministic pseudo-random bytes (so failures reproduce).
    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        var out = [UInt8](repeating: 0, count: count)
        for i in 0..<count {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            out[i] = UInt8(truncatingIfNeeded: state)
        }
        return out
    }

    func symlink(_ relative: String, to destination: String) throws {
        try FileManager.default.createSymbolicLink(atPath: source + "/" + relative, withDestinationPath: destination)
    }

    func directory(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: source + "/" + relative, withIntermediateDirectories: true)
    }

    func setMTime(_ path: String, seconds: Int, nanoseconds: Int) {
        var times = [timespec(tv_sec: seconds, tv_nsec: nanoseconds), timespec(tv_sec: seconds, tv_nsec: nanoseconds)]
        _ = utimensat(AT_FDCWD, path, &times, AT_SYMLINK_NOFOLLOW)
    }

    func read(_ path: String) -> [UInt8]? { FileManager.default.contents(atPath: path).map { [UInt8]($0) } }

    /// Everything under `root` as relative path → description (kind, mode, mtime ns, content
    /// or link target). The manifest files are excluded.
    static func snapshot(_ root: String, includeDirectoryTimes: Bool = true) -> [String: String] {
        var result: [String: String] = [:]
        func walk(_ relative: String) {
            let path = relative.isEmpty ? root : root + "/" + relative
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
            for name in names {
                if relative.isEmpty && name.hasPrefix(Manifest.defaultFileName) { continue }
                let rel = relative.isEmpty ? name : relative + "/" + name
                let full = root + "/" + rel
                var st = stat()
                guard lstat(full, &st) == 0 else { continue }
                let mtime = "\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
                let mode = String(st.st_mode & 0o7777, radix: 8)
                switch st.st_mode & S_IFMT {
                case S_IFDIR:
                    result[rel] = "dir \(mode)" + (includeDirectoryTimes ? " \(mtime)" : "")
                    walk(rel)
                case S_IFLNK:
                    let dest = (try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? "?"
                    result[rel] = "link -> \(dest) \(mtime)"
                case S_IFREG:
                    let data = FileManager.default.contents(atPath: full) ?? Data()
                    var hash = Hasher()
                    hash.combine(data)
                    result[rel] = "file \(mode) \(mtime) \(data.count)B \(hash.finalize())"
                default:
                    result[rel] = "special"
                }
            }
        }
        walk("")
        return result
    }

    /// Paths under `root` whose name marks them as Ferry temporaries.
    static func temporaries(_ root: String) -> [String] {
        let all = FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []
        return all.filter { ($0 as NSString).lastPathComponent.hasPrefix(".ferry-tmp.") }
    }

    /// Expects the target to mirror the source exactly (minus the manifest).
    func expectIdentical(sourceLocation: SourceLocation = #_sourceLocation) {
        let a = Self.snapshot(source)
        let b = Self.snapshot(target)
        let differing = Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
        let detail = differing.prefix(5).map { "\($0): source \(a[$0] ?? "-") target \(b[$0] ?? "-")" }
        #expect(a == b, "trees differ at \(differing.count) paths: \(detail)", sourceLocation: sourceLocation)
        #expect(Self.temporaries(target).isEmpty, "stray temporaries: \(Self.temporaries(target))",
                sourceLocation: sourceLocation)
    }
}
