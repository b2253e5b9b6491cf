import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import FerryCopy

@Suite("fd-relative stat (issue 9 item 14)")
struct FdRelativeStatTests {
    @Test("fstatat against a held directory gives lstat's answer for files, symlinks, directories and FIFOs; errors alike")
    func matchesLstat() throws {
        let f = try TreeFixture()
        try f.file("dir/file", TreeFixture.bytes(5_000, seed: 3), mode: 0o640, mtime: 1_700_000_000)
        try f.symlink("dir/link", to: "file")
        try FileManager.default.createDirectory(atPath: f.source + "/dir/sub", withIntermediateDirectories: true)
        #expect(mkfifo(f.source + "/dir/fifo", 0o600) == 0)
        let system = PosixSystemCalls()
        let directory = PathBytes(f.source + "/dir")
        let fd = try #require(system.openDirectory(directory))
        defer { system.close(fd) }
        for name in ["file", "link", "sub", "fifo"] {
            let path = directory.appending(PathBytes(name))
            // Independent value: lstat(2) by full path through the same conversion.
            #expect(try system.linkStatus(PathBytes(name), in: fd, parent: directory) == system.linkStatus(path), "\(name)")
        }
        #expect(throws: Errno.noEntry) { try system.linkStatus(PathBytes("absent"), in: fd, parent: directory) }
        // A symlink to a directory is not opened as one (O_NOFOLLOW): the walk falls back to paths.
        try f.symlink("dirlink", to: "dir")
        #expect(system.openDirectory(PathBytes(f.source + "/dirlink")) == nil)
    }
}
