/// Which permission bits a copy may carry, given what else is preserved.
///
/// Like `cp`, the setuid and setgid bits (`S_ISUID` 0o4000, `S_ISGID` 0o2000) survive only
/// when the owner and group survive too: otherwise a root copy would turn a user's setuid
/// program into a root setuid program. The sticky bit and `rwx` bits are always kept.
public enum PermissionPolicy {
    /// The setuid and setgid bits.
    public static let privilegeBits: UInt32 = 0o6000

    /// The permission bits to give a copy of an entry whose source has `source` (0o7777 mask).
    /// ```
    /// target = ownershipKept ? source : source & ~0o6000
    /// ```
    /// - Parameters:
    ///   - source: the source's permission bits (`st_mode & 0o7777`).
    ///   - ownershipKept: whether the copy is given the source's owner and group (numeric).
    ///     The engine does not preserve ownership yet, so it passes `false`.
    /// - Returns: the bits to apply to the target.
    public static func targetPermissions(_ source: UInt32, ownershipKept: Bool) -> UInt32 {
        ownershipKept ? source & 0o7777 : source & 0o7777 & ~privilegeBits
    }
}
