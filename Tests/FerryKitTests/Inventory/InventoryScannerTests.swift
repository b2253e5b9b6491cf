import Foundation
import Testing
@testable import FerryKit

/// Runs a shell command and returns its standard output (the independent oracles: find, du).
func shell(_ command: String) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/sh")
    p.arguments = ["-c", command]
    let pipe = Pipe()
    p.standardOutput = pipe
    try p.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

/// A small tree with every kind of entry, at known sizes and ages:
/// ```
/// root/a/b/c/deep.bin  70,000 B  (100 days old)
/// root/a/one.txt           1 B  (2 days old)
/// root/a/empty             0 B
/// root/three.txt           3 B  (10 days old)
/// root/k.bin           1,000 B
/// root/l1, root/a/b/l2 5,000 B  (one inode, two names)
/// root/link → k.bin, root/dangling → nowhere, root/fifo (FIFO), root/x/ (empty dir)
/// ```
func makeFixtureTree(_ tag: String) throws -> String {
    let root = scratchDirectory("inventory-\(tag)")
    let fm = FileManager.default
    try fm.createDirectory(atPath: root + "/a/b/c", withIntermediateDirectories: true)
    try fm.createDirectory(atPath: root + "/x", withIntermediateDirectories: true)
    func write(_ path: String, _ size: Int, daysOld: Double?) throws {
        try Data(repeating: 7, count: size).write(to: URL(fileURLWithPath: root + "/" + path))
        if let daysOld {
            try fm.setAttributes([.modificationDate: Date().addingTimeInterval(-daysOld * 86_400)], ofItemAtPath: root + "/" + path)
        }
    }
    try write("a/b/c/deep.bin", 70_000, daysOld: 100)
    try write("a/one.txt", 1, daysOld: 2)
    try write("a/empty", 0, daysOld: nil)
    try write("three.txt", 3, daysOld: 10)
    try write("k.bin", 1_000, daysOld: nil)
    try write("l1", 5_000, daysOld: nil)
    try fm.linkItem(atPath: root + "/l1", toPath: root + "/a/b/l2")
    try fm.createSymbolicLink(atPath: root + "/link", withDestinationPath: "k.bin")
    try fm.createSymbolicLink(atPath: root + "/dangling", withDestinationPath: "nowhere")
    #expect(mkfifo(root + "/fifo", 0o644) == 0)
    return root
}

@Suite("Inventory scanner")
struct InventoryScannerTests {
    @Test("counts and bytes match find and du on a tree with every kind of entry", arguments: [1, 4])
    func matchesFindAndDu(threads: Int) throws {
        let root = try makeFixtureTree("find-\(threads)")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let inv = try InventoryScanner(threads: threads, top: 3).scan(root)
        // Oracles: GNU find and du on the same tree (exact integers, so exact equality).
        #expect(inv.files == Int(try shell("find '\(root)' -type f | wc -l")))
        #expect(inv.directories == Int(try shell("find '\(root)' -type d | wc -l")))
        #expect(inv.symlinks == Int(try shell("find '\(root)' -type l | wc -l")))
        #expect(inv.other == Int(try shell("find '\(root)' -type p | wc -l")))
        #expect(inv.entries == Int(try shell("find '\(root)' | wc -l")))
        #expect(inv.apparentBytes == Int64(try shell("find '\(root)' -type f -printf '%s\\n' | awk '{s+=$1} END {printf \"%d\", s}'")))
        #expect(inv.allocatedBytes == Int64(try shell("du -s -B1 '\(root)' | cut -f1")))
        let duApparent = Int64(try shell("du -s -b '\(root)' | cut -f1"))!
        #expect(inv.apparentBytes - inv.hardLinks.duplicateBytes + inv.metadataApparentBytes == duApparent)
        #expect(inv.depth.max == Int(try shell("find '\(root)' -printf '%d\\n' | sort -n | tail -1")))
        // Hand counts from the fixture's layout.
        #expect(inv.files == 7)
        #expect(inv.apparentBytes == 70_000 + 1 + 0 + 3 + 1_000 + 5_000 + 5_000)
        #expect(inv.hardLinks == .init(linkedFiles: 2, inodes: 1, duplicateBytes: 5_000))
        #expect(inv.errors.count == 0)
    }

    @Test("log2 size buckets, files per directory, depth, ages and the largest files by hand")
    func histogramsByHand() throws {
        let root = try makeFixtureTree("hist")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let inv = try InventoryScanner(threads: 2, top: 3).scan(root)
        func bucket(_ lower: Int64) -> Inventory.SizeBucket? { inv.sizeHistogram.first { $0.lowerBytes == lower && ($0.upperBytes > 0 || lower == 0) } }
        // 0 B → the empty bucket; 1 → [1,2); 3 → [2,4); 1,000 → [512,1024); 5,000 ×2 → [4096,8192); 70,000 → [65536,131072).
        #expect(bucket(0)?.files == 1)
        #expect(bucket(1)?.files == 1)
        #expect(bucket(2)?.bytes == 3)
        #expect(bucket(512)?.bytes == 1_000)
        #expect(bucket(4096) == .init(lowerBytes: 4096, upperBytes: 8192, files: 2, bytes: 10_000))
        #expect(bucket(65_536)?.files == 1)
        #expect(inv.sizeHistogram.reduce(0) { $0 + $1.files } == inv.files)
        // Files directly inside: root 3 (three, k, l1), a 2, b 1, c 1, x 0 → max 3; buckets 0:1, [1,2):2, [2,4):2.
        #expect(inv.filesPerDirectory.max == 3)
        #expect(inv.filesPerDirectory.histogram.map(\.directories) == [1, 2, 2])
        // Files by depth: depth 1: three, k, l1; 2: one, empty; 3: l2; 4: deep.
        #expect(inv.depth.filesByDepth == [0, 3, 2, 1, 1])
        // Ages: 1d: empty, k, l1, l2 (the link shares l1's mtime) = 4 files, 10,000 B; 7d: one (2 d);
        // 30d: three (10 d); 365d: deep (100 d).
        let byLabel = Dictionary(uniqueKeysWithValues: inv.ageHistogram.map { ($0.label, $0) })
        #expect(byLabel["1d"]?.files == 4)
        #expect(byLabel["1d"]?.bytes == 11_000)
        #expect(byLabel["7d"]?.bytes == 1)
        #expect(byLabel["30d"]?.bytes == 3)
        #expect(byLabel["365d"]?.bytes == 70_000)
        #expect(inv.bytesModified(within: 30 * 86_400) == 11_000 + 1 + 3)
        #expect(inv.largestFiles.map(\.path) == ["a/b/c/deep.bin", "a/b/l2", "l1"] || inv.largestFiles.map(\.path) == ["a/b/c/deep.bin", "l1", "a/b/l2"])
        #expect(inv.largestFiles.map(\.bytes) == [70_000, 5_000, 5_000])
    }

    @Test("one thread and four threads give the same inventory of a generated tree")
    func threadsAgree() throws {
        let root = scratchDirectory("inventory-gen")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let profile = try ProfileCatalog(directory: profilesDirectory).profile("small-files").scaled(by: 0.05)
        _ = try DatasetGenerator(profile: profile, seed: 3).generate(into: root, replace: true)
        var one = try InventoryScanner(threads: 1).scan(root, now: Date(timeIntervalSince1970: 2e9))
        var four = try InventoryScanner(threads: 4).scan(root, now: Date(timeIntervalSince1970: 2e9))
        #expect(one.files == Int(try shell("find '\(root)' -type f | wc -l")))
        one.seconds = 0; four.seconds = 0; four.threads = 1
        #expect(one == four)
    }

    @Test("JSON round trip keeps every field; a missing key names it")
    func jsonRoundTrip() throws {
        let root = try makeFixtureTree("json")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let inv = try InventoryScanner(threads: 2).scan(root)
        let file = root + ".json"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try inv.jsonData().write(to: URL(fileURLWithPath: file))
        let back = try Inventory.load(path: file)
        #expect(back.files == inv.files && back.sizeHistogram == inv.sizeHistogram && back.allocatedBytes == inv.allocatedBytes)
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as! [String: Any]
        #expect(object["schema_version"] as? Int == 1)
        #expect(object["apparent_bytes"] as? Int == 81_004)
        try Data(#"{"schema_version": 1, "root": "x"}"#.utf8).write(to: URL(fileURLWithPath: file))
        #expect(throws: InventoryError.self) { try Inventory.load(path: file) }
        do { _ = try Inventory.load(path: file) } catch { #expect("\(error.localizedDescription)".contains("missing key")) }
    }

    @Test("a missing root or a file as root is a clear error")
    func badRoot() throws {
        #expect(throws: InventoryError.self) { try InventoryScanner().scan("/nonexistent/ferry-\(UUID())") }
        #expect(throws: InventoryError.self) { try InventoryScanner().scan("/etc/hostname") }
    }
}
