import Foundation
import GRDB
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import FerryCopy

/// Issue 9 item 13 (c): what a run remembers across the whole walk (hard-link leaders and
/// followers, `--delete`'s pending deletions) moves to SQLite past a bound, with the same
/// results as when it stays in memory.
@Suite("Run scratch spills to SQLite")
struct RunScratchTests {
    @Test("deletions come back in byte order and followers in walk order, across the spill")
    func orderAcrossSpill() throws {
        let queue = try DatabaseQueue()
        let scratch = RunScratch(queue: queue, spillAfter: 8)
        // 50 names in a scrambled order (37 is coprime with 50, so i·37 mod 50 visits each once).
        let names = (0..<50).map { PathBytes(String(format: "d%02d/x", ($0 * 37) % 50)) }
        for name in names { scratch.addDeletion(name) }
        #expect(scratch.hasSpilled)
        #expect(scratch.deletionCount == 50)
        var seen: [PathBytes] = []
        scratch.forEachDeletion { seen.append($0) }
        #expect(seen == names.sorted(), "byte order, each once")

        for i in 0..<20 { scratch.addFollower(PathBytes("f\(i)"), leader: PathBytes("l\(i % 3)")) }
        var followers: [String] = []
        scratch.forEachFollower { path, leader in followers.append("\(path)>\(leader)") }
        #expect(followers == (0..<20).map { "f\($0)>l\($0 % 3)" })
        #expect(scratch.followerCount == 20)
    }

    @Test("a hard-link leader recorded before the spill is still found after it")
    func leadersAcrossSpill() throws {
        let scratch = RunScratch(queue: try DatabaseQueue(), spillAfter: 4)
        for inode in UInt64(1)...10 {
            #expect(scratch.leader(device: 7, inode: inode, orRecord: PathBytes("first\(inode)")) == nil)
        }
        #expect(scratch.hasSpilled)
        for inode in UInt64(1)...10 {
            #expect(scratch.leader(device: 7, inode: inode, orRecord: PathBytes("again\(inode)")) == PathBytes("first\(inode)"))
        }
        // Same inode number on another device is another file (UInt64.max exercises the sign bit).
        #expect(scratch.leader(device: .max, inode: 1, orRecord: PathBytes("other")) == nil)
        #expect(scratch.leader(device: .max, inode: 1, orRecord: PathBytes("x")) == PathBytes("other"))
    }

    @Test("an engine spilling after 4 items keeps hard links and deletes exactly the extras; a read error still blocks deletion")
    func engineSpills() throws {
        let f = try TreeFixture()
        try FileManager.default.createDirectory(atPath: f.source + "/b", withIntermediateDirectories: true)
        for i in 0..<12 {
            try f.file("a/one\(i)", TreeFixture.bytes(300 + i, seed: UInt64(i)))
            #expect(link(f.source + "/a/one\(i)", f.source + "/b/two\(i)") == 0)
        }
        for i in 0..<15 { try f.file("extra\(i)", [UInt8(i)], in: f.target) }
        try f.file("a/keep", [1], in: f.target)
        var options = testOptions()
        options.delete = true

        // First with an unreadable source entry: nothing at all may be deleted.
        let seam = FaultInjectingSystemCalls()
        let bad = f.source + "/a/one3"
        seam.linkStatusFault = { $0.description == bad ? .io : nil }
        let blocked = try CopyEngine(options: options, system: seam, scratchSpillAfter: 4).run(from: f.source, to: f.target)
        #expect(blocked.deleted.isEmpty)
        #expect(blocked.deletionSkipped == 16, "15 extras at the root and a/keep")
        #expect(FileManager.default.fileExists(atPath: f.target + "/extra14"))

        let summary = try CopyEngine(options: options, system: FaultInjectingSystemCalls(), scratchSpillAfter: 4)
            .run(from: f.source, to: f.target)
        #expect(summary.errors.isEmpty, "\(summary.errors)")
        #expect(summary.deleted == (["a/keep"] + (0..<15).map { "extra\($0)" }).sorted())
        for i in 0..<12 {
            var a = stat(), b = stat()
            #expect(lstat(f.target + "/a/one\(i)", &a) == 0 && lstat(f.target + "/b/two\(i)", &b) == 0)
            #expect(a.st_ino == b.st_ino, "b/two\(i) is a hard link to a/one\(i)")
        }
        f.expectIdentical()
    }
}
