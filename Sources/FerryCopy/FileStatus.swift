/// A point in time as a file timestamp: seconds and nanoseconds since the Unix epoch.
public struct FileTime: Hashable, Sendable, Comparable {
    /// Whole seconds since 1970-01-01T00:00:00Z.
    public var seconds: Int64
    /// Nanoseconds within the second, 0..<1_000_000_000.
    public var nanoseconds: Int64

    /// Creates a timestamp.
    /// - Parameters:
    ///   - seconds: seconds since the Unix epoch.
    ///   - nanoseconds: nanoseconds, 0..<1_000_000_000.
    public init(seconds: Int64, nanoseconds: Int64) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// The timestamp in nanoseconds since the epoch (as stored in the manifest).
    public var totalNanoseconds: Int64 { seconds &* 1_000_000_000 &+ nanoseconds }

    /// A timestamp from nanoseconds since the epoch.
    /// - Parameter totalNanoseconds: nanoseconds since 1970-01-01T00:00:00Z.
    public init(totalNanoseconds: Int64) {
        seconds = totalNanoseconds / 1_000_000_000
        nanoseconds = totalNanoseconds % 1_000_000_000
    }

    public static func < (lhs: FileTime, rhs: FileTime) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }
}

/// What kind of filesystem object an entry is.
public enum FileKind: String, Sendable, Hashable {
    /// A regular file: copied.
    case regular
    /// A directory: recreated, mode and mtime applied after its contents.
    case directory
    /// A symbolic link: recreated as a link to the same target string.
    case symlink
    /// A FIFO, socket or character/block device: recreated with `mknod` (see `SpecialFiles`).
    case special
}

/// The `lstat`/`fstat` fields the copy engine uses.
public struct FileStatus: Hashable, Sendable {
    /// The object's kind.
    public var kind: FileKind
    /// Size in bytes (0 for directories' purposes).
    public var size: Int64
    /// Permission bits, `0o7777` mask (setuid, setgid, sticky, rwx).
    public var permissions: UInt32
    /// Last modification time.
    public var modified: FileTime
    /// Last access time (preserved alongside the mtime).
    public var accessed: FileTime
    /// Device id (to tell filesystems apart).
    public var device: UInt64
    /// Inode number.
    public var inode: UInt64
    /// Numeric owner (uid).
    public var owner: UInt32
    /// Numeric group (gid).
    public var group: UInt32
    /// Number of hard links to the inode.
    public var links: UInt64
    /// Allocated storage in 512-byte blocks (`st_blocks`); below `size / 512` means sparse.
    public var blocks: Int64
    /// The file-type bits of `st_mode` (`S_IFMT` mask), e.g. `S_IFIFO` for a FIFO.
    public var typeBits: UInt32
    /// For character and block devices, the device number (`st_rdev`); else 0.
    public var deviceNumber: UInt64

    /// Creates a status record (the seam fills these in; tests may build them directly).
    public init(kind: FileKind, size: Int64, permissions: UInt32, modified: FileTime,
                accessed: FileTime, device: UInt64 = 0, inode: UInt64 = 0, owner: UInt32 = 0, group: UInt32 = 0,
                links: UInt64 = 1, blocks: Int64 = -1, typeBits: UInt32 = 0, deviceNumber: UInt64 = 0) {
        self.kind = kind
        self.size = size
        self.permissions = permissions
        self.modified = modified
        self.accessed = accessed
        self.device = device
        self.inode = inode
        self.owner = owner
        self.group = group
        self.links = links
        self.blocks = blocks
        self.typeBits = typeBits
        self.deviceNumber = deviceNumber
    }

    /// Whether the file has holes: fewer bytes allocated than its size (512-byte blocks).
    /// `blocks < 0` means unknown (a status built by hand): not sparse.
    var isSparse: Bool { blocks >= 0 && blocks * 512 < size }

    /// Whether two statuses describe the same content by the quick check: size and mtime (ns).
    func sameSizeAndTime(as other: FileStatus) -> Bool {
        size == other.size && modified == other.modified
    }
}
