import ArgumentParser
import FerryCopy

/// `ferry copy`'s fidelity opt-outs, named as rsync names them. By default a copy keeps what
/// `rsync -aHAX --numeric-ids` keeps when run with the same rights.
struct CopyFidelityFlags: ParsableArguments {
    @Flag(name: .customLong("no-owner"), help: "Do not keep the numeric owner (kept by default when run as root).")
    var noOwner = false

    @Flag(name: .customLong("no-group"), help: "Do not keep the numeric group.")
    var noGroup = false

    @Flag(name: .customLong("no-xattrs"), help: "Do not copy extended attributes (user.*; trusted.*, security.* as root).")
    var noXattrs = false

    @Flag(name: .customLong("no-acls"), help: "Do not copy POSIX ACLs.")
    var noACLs = false

    @Flag(name: .customLong("no-hard-links"), help: "Copy each name of a hard-linked file as a separate file.")
    var noHardLinks = false

    @Flag(name: .customLong("no-sparse"), help: "Write holes of sparse files out as zeros.")
    var noSparse = false

    @Flag(name: .customLong("no-specials"),
          help: "Do not recreate FIFOs, sockets and device nodes (each is then reported as not copied, exit 2).")
    var noSpecials = false

    /// Applies the opt-outs to `options`.
    func apply(to options: inout CopyOptions) {
        options.preserveOwner = !noOwner
        options.preserveGroup = !noGroup
        options.preserveXattrs = !noXattrs
        options.preserveACLs = !noACLs
        options.preserveHardLinks = !noHardLinks
        options.preserveSparse = !noSparse
        options.preserveSpecials = !noSpecials
    }
}
