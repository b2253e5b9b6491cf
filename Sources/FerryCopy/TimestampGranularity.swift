import Foundation

/// How finely a filesystem stores modification times, so the quick check compares mtimes at
/// the coarser of the two sides' granularity (rsync's `--modify-window`, detected).
///
/// The target is probed: its root's mtime is set to a value whose digits tell the steps
/// apart and read back, then restored:
/// ```
/// probe = 1_000_000_001.123456789 s
/// read back ns = 123456789 → 1 ns;  123456700 → 100 ns;  123456000 → 1 µs;
///               120000000 → 10 ms;  0, odd second → 1 s;  0, even second → 2 s
/// ```
/// The granularity is the largest candidate step dividing the read-back time. A source
/// cannot be written, so its granularity comes from its filesystem type (`/proc/self/mounts`): FAT 2 s,
/// exFAT 10 ms, ISO 9660 1 s, NTFS/SMB 100 ns, everything else 1 ns.
enum TimestampGranularity {
    /// Candidate steps, nanoseconds, finest first.
    static let candidates: [Int64] = [1, 100, 1_000, 1_000_000, 10_000_000, 1_000_000_000, 2_000_000_000]

    /// The probe timestamp.
    static let probe = FileTime(seconds: 1_000_000_001, nanoseconds: 123_456_789)

    /// The coarsest candidate step that divides `readBack` (what the filesystem kept of `probe`).
    static func granularity(readBack: FileTime) -> Int64 {
        let total = readBack.totalNanoseconds
        return candidates.last { total % $0 == 0 } ?? 1
    }

    /// Probes a directory the run may write (the target root) through the seam, restoring
    /// its times afterwards. `nil` when the probe cannot be made (e.g. EPERM).
    static func probe(_ system: any SystemCalls, directory: PathBytes) -> Int64? {
        guard let before = try? system.linkStatus(directory) else { return nil }
        defer { try? system.setTimes(path: directory, accessed: before.accessed, modified: before.modified) }
        guard (try? system.setTimes(path: directory, accessed: before.accessed, modified: probe)) != nil,
              let after = try? system.linkStatus(directory) else { return nil }
        return granularity(readBack: after.modified)
    }

    /// The granularity implied by a path's filesystem type, nanoseconds (1 when unknown).
    /// The type is that of the longest mount point in `/proc/self/mounts` containing the path.
    static func byFileSystemType(_ path: String) -> Int64 {
        guard let type = fileSystemType(path) else { return 1 }
        switch type {
        case "vfat", "msdos", "fat": return 2_000_000_000
        case "exfat": return 10_000_000
        case "iso9660", "udf": return 1_000_000_000
        case "ntfs", "ntfs3", "cifs", "smb3", "smbfs": return 100
        default: return 1
        }
    }

    /// The filesystem type name (`ext4`, `vfat`, …) mounted at the longest mount point
    /// containing `path` (canonical), from `/proc/self/mounts`; `nil` where unavailable.
    static func fileSystemType(_ path: String) -> String? {
        guard let text = try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8) else { return nil }
        var best: (length: Int, type: String)?
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3 else { continue }
            let mountPoint = unescape(String(fields[1]))
            let inside = mountPoint == "/" || path == mountPoint || path.hasPrefix(mountPoint + "/")
            if inside, mountPoint.count >= (best?.length ?? -1) { best = (mountPoint.count, String(fields[2])) }
        }
        return best?.type
    }

    /// Undoes the octal escapes (`\040` for a space) the kernel writes in mount points.
    private static func unescape(_ field: String) -> String {
        guard field.contains("\\") else { return field }
        var bytes: [UInt8] = []
        let raw = Array(field.utf8)
        var i = 0
        while i < raw.count {
            if raw[i] == UInt8(ascii: "\\"), i + 4 <= raw.count,
               let value = UInt8(String(decoding: raw[(i + 1)..<(i + 4)], as: UTF8.self), radix: 8) {
                bytes.append(value)
                i += 4
            } else {
                bytes.append(raw[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
