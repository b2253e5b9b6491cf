import Foundation
import Testing

/// Writes `count` bytes of a repeatable pattern to `path`, creating parent directories.
func writeFile(_ path: String, count: Int, seed: Int) throws {
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                            withIntermediateDirectories: true)
    let bytes = (0..<count).map { UInt8(truncatingIfNeeded: ($0 &* 31) ^ (seed &* 131) ^ ($0 >> 7)) }
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// Regular files under `root` (relative path → content), without the manifest.
func fileContents(_ root: String) -> [String: Data] {
    var result: [String: Data] = [:]
    let all = FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []
    for rel in all where !rel.hasPrefix(".ferry-manifest.sqlite") {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: root + "/" + rel, isDirectory: &isDir), !isDir.boolValue {
            result[rel] = FileManager.default.contents(atPath: root + "/" + rel)
        }
    }
    return result
}

@Suite("ferry copy end to end")
struct CopyCommandTests {
    @Test("JSON summary has files, bytes, seconds, bytes_per_second, skipped, errors; re-run skips")
    func jsonSummary() throws {
        let dir = try FerryBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/src/a.bin", count: 1000, seed: 1)
        try writeFile(dir + "/src/sub dir/b.bin", count: 2000, seed: 2)
        let first = try FerryBinary.run(["copy", dir + "/src", dir + "/dst", "--format", "json", "--verify"])
        #expect(first.status == 0, "\(first.stderr)")
        let json = try FerryBinary.json(first)
        #expect(json["files"] as? Int == 2)
        #expect(json["bytes"] as? Int == 3000)
        #expect(json["seconds"] is Double)
        #expect(json["bytes_per_second"] is Double)
        #expect(json["skipped"] as? Int == 0)
        #expect((json["errors"] as? [Any])?.isEmpty == true)
        #expect(json["verified"] as? Int == 2)
        #expect(fileContents(dir + "/src") == fileContents(dir + "/dst"))

        let second = try FerryBinary.run(["copy", dir + "/src", dir + "/dst", "--format", "json"])
        let again = try FerryBinary.json(second)
        #expect(second.status == 0)
        #expect(again["files"] as? Int == 0)
        #expect(again["skipped"] as? Int == 2)
    }

    @Test("text summary, dry run and --delete")
    func textAndDelete() throws {
        let dir = try FerryBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/src/a", count: 10, seed: 1)
        try writeFile(dir + "/dst/stale", count: 10, seed: 2)
        let dry = try FerryBinary.run(["copy", dir + "/src", dir + "/dst", "--dry-run", "--delete"])
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("would copy 1 file,"), "\(dry.stdout)")
        #expect(dry.stdout.contains("would delete 1 entry"), "\(dry.stdout)")
        #expect(FileManager.default.fileExists(atPath: dir + "/dst/stale"))
        let real = try FerryBinary.run(["copy", dir + "/src", dir + "/dst", "--delete", "--streams", "2"])
        #expect(real.status == 0, "\(real.stderr)")
        #expect(real.stdout.contains("copied 1 file,"), "\(real.stdout)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/dst/stale"))
        #expect(real.stderr.isEmpty, "no progress output when stderr is not a terminal: \(real.stderr)")
    }

    @Test("exit 2 and the failing path in errors when a file cannot be copied")
    func partialFailure() throws {
        let dir = try FerryBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeFile(dir + "/src/ok", count: 10, seed: 1)
        // The copy of this deep path exceeds PATH_MAX under the longer target root (ENAMETOOLONG).
        var deep = ""
        while deep.count < 3_800 { deep += String(repeating: "n", count: 200) + "/" }
        try writeFile(dir + "/src/" + deep + "leaf", count: 10, seed: 2)
        let target = dir + "/" + String(repeating: "t", count: 250) + "/" + String(repeating: "u", count: 60)
        let result = try FerryBinary.run(["copy", dir + "/src", target, "--format", "json"])
        #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
        let json = try FerryBinary.json(result)
        #expect(json["files"] as? Int == 1)
        let errors = try #require(json["errors"] as? [[String: Any]])
        #expect(!errors.isEmpty)
        #expect((errors.first?["error"] as? String)?.contains("ENAMETOOLONG") == true, "\(errors)")
        #expect(errors.first?["path"] is String)
    }

    @Test("a missing source exits 1 with Error:, a bad option exits 64")
    func errors() throws {
        let dir = try FerryBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let missing = try FerryBinary.run(["copy", dir + "/nope", dir + "/dst"])
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("Error: source"), "\(missing.stderr)")
        let usage = try FerryBinary.run(["copy", dir, dir + "/dst", "--streams", "0"])
        #expect(usage.status == 64, "\(usage.stderr)")
        let rate = try FerryBinary.run(["copy", dir, dir + "/dst", "--bwlimit", "10M/s"])
        #expect(rate.status != 0)
        #expect(rate.stderr.contains("ambiguous"), "\(rate.stderr)")
    }
}
