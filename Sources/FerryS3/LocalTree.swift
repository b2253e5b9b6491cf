import Foundation
import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// One regular file found under a local root: its path relative to the root ('/'-separated),
/// size (bytes) and modification time (ns since 1970).
public struct LocalFile: Sendable, Equatable {
    /// Path relative to the root.
    public var relativePath: String
    /// Absolute path.
    public var path: String
    /// Size, bytes.
    public var size: Int64
    /// Modification time, nanoseconds since 1970.
    public var mtimeNanoseconds: Int64
}

/// Walks a local directory for the S3 sync: regular files, with symlinks skipped (warned) or
/// followed, special files skipped (warned), unreadable directories reported as errors.
public enum LocalTree {
    /// What a walk found.
    public struct Walk: Sendable {
        /// Regular files, sorted by relative path.
        public var files: [LocalFile] = []
        /// Symlinks skipped (relative paths).
        public var skippedSymlinks: [String] = []
        /// Other warnings (special files, symlink loops).
        public var warnings: [String] = []
        /// Read errors (relative path, message); a walk with errors must not drive `--delete`.
        public var errors: [(path: String, message: String)] = []
    }

    /// `(size, mtime ns, kind)` of `path` by `lstat` (or `stat` when `follow`).
    public static func status(_ path: String, follow: Bool = false) -> (size: Int64, mtime: Int64, mode: mode_t, dev: UInt64, ino: UInt64)? {
        var st = stat()
        let rc = follow ? stat(path, &st) : lstat(path, &st)
        guard rc == 0 else { return nil }
        let mtime = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        return (Int64(st.st_size), mtime, st.st_mode, UInt64(st.st_dev), UInt64(st.st_ino))
    }

    /// Walks `root`.
    /// - Parameters:
    ///   - root: the directory to walk.
    ///   - followSymlinks: copy what symlinks point to (directories are entered once; loops are warned).
    ///   - exclude: absolute paths to leave out (the manifest when it lives inside the tree).
    public static func walk(_ root: String, followSymlinks: Bool, exclude: Set<String> = []) -> Walk {
        var walk = Walk()
        var visited = Set<[UInt64]>()
        if let st = status(root, follow: true) { visited.insert([st.dev, st.ino]) }
        func visit(_ dir: String, _ rel: String) {
            let names: [String]
            do { names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted() } catch {
                walk.errors.append((rel.isEmpty ? "." : rel, "cannot read directory: \(error.localizedDescription)"))
                return
            }
            for name in names {
                let path = dir + "/" + name
                let relative = rel.isEmpty ? name : rel + "/" + name
                if exclude.contains(path) || name.hasPrefix(".ferry-tmp-") || name.hasPrefix(".ferry-manifest") { continue }
                guard var st = status(path) else {
                    walk.errors.append((relative, "cannot stat: \(String(cString: strerror(errno)))"))
                    continue
                }
                if (st.mode & S_IFMT) == S_IFLNK {
                    guard followSymlinks else { walk.skippedSymlinks.append(relative); continue }
                    guard let target = status(path, follow: true) else {
                        walk.warnings.append("\(relative): dangling symlink skipped")
                        continue
                    }
                    st = target
                }
                switch st.mode & S_IFMT {
                case S_IFREG:
                    walk.files.append(LocalFile(relativePath: relative, path: path, size: st.size, mtimeNanoseconds: st.mtime))
                case S_IFDIR:
                    guard visited.insert([st.dev, st.ino]).inserted else {
                        walk.warnings.append("\(relative): directory already visited (symlink loop) skipped")
                        continue
                    }
                    visit(path, relative)
                default:
                    walk.warnings.append("\(relative): not a regular file, directory or symlink; skipped")
                }
            }
        }
        visit(root, "")
        walk.files.sort { $0.relativePath < $1.relativePath }
        return walk
    }

    /// Sets a file's access and modification times to `mtimeNanoseconds`.
    public static func setModificationTime(_ path: String, _ mtimeNanoseconds: Int64) {
        let spec = timespec(tv_sec: Int(mtimeNanoseconds / 1_000_000_000), tv_nsec: Int(mtimeNanoseconds % 1_000_000_000))
        var times = [spec, spec]
        _ = utimensat(AT_FDCWD, path, &times, 0)
    }

    /// Writes all of `buffer` to `descriptor` at byte `offset` (pwrite, retried on EINTR and short writes).
    /// - Throws: `CocoaError` naming `path` and the errno text.
    static func writeAll(_ buffer: ByteBuffer, to descriptor: Int32, at offset: Int64, path: String) throws {
        try buffer.withUnsafeReadableBytes { bytes in
            var done = 0
            while done < bytes.count {
                let n = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path,
                                                                   NSLocalizedDescriptionKey: "write to '\(path)' failed: \(String(cString: strerror(errno)))"])
                }
                done += n
            }
        }
    }
}
