import Foundation
import Testing
@testable import FerryCopy

@Suite("Manifest fingerprints for cheap re-runs")
struct ManifestFingerprintTests {
    @Test("fingerprints are looked up by the walk's paths, odd bytes included, and match only the recorded state")
    func keysMatch() throws {
        let f = try TreeFixture()
        try f.file("plain", [1, 2])
        try f.file("nön-äscii/日本", [3])
        try f.file("new\nline", [4])
        _ = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target)
        let manifest = try testManifest(f)
        let rows = try manifest.entries()
        #expect(rows.count == 3)
        let paths = Array(rows.keys) + [PathBytes("absent"), PathBytes("plain/")]
        let prints = try manifest.fingerprints(of: paths)
        #expect(prints.count == paths.count)
        #expect(prints.suffix(2).allSatisfy { $0 == nil }, "paths without a row have no fingerprint")
        for (index, path) in rows.keys.enumerated() {
            let row = try #require(rows[path])
            let print = try #require(prints[index], "no fingerprint for \(path)")
            let status = FileStatus(kind: .regular, size: row.size, permissions: row.permissions, modified: row.modified,
                                    accessed: row.modified)
            #expect(print.matches(status))
            var changed = status
            changed.modified = FileTime(totalNanoseconds: status.modified.totalNanoseconds + 1)
            #expect(!print.matches(changed))
        }
    }

    @Test("a directory's batch read as one key-range scan equals point lookups, neighbours and deeper rows excluded",
          arguments: ["d", ""])
    func rangeEqualsPoints(directory: String) throws {
        let f = try TreeFixture()
        let dir = PathBytes(directory)
        func child(_ name: String) -> PathBytes { dir.isEmpty ? PathBytes(name) : dir.appending(PathBytes(name)) }
        // Rows: 20 children, a grandchild, and neighbours that share the prefix's bytes.
        var records: [ManifestRecord] = (0..<20).map { i in
            ManifestRecord(path: child("f\(i)"), kind: .regular, size: Int64(i), modified: FileTime(seconds: Int64(i), nanoseconds: 0),
                           permissions: 0o644, hash: nil, state: i == 7 ? .failed : .copied)
        }
        for neighbour in ["d0/f1", "d.x", "d/sub/f1", "dd/f2", "f1/deeper"] {
            records.append(ManifestRecord(path: PathBytes(neighbour), kind: .regular, size: 999,
                                          modified: FileTime(seconds: 999, nanoseconds: 0), permissions: 0o600, hash: nil, state: .copied))
        }
        let manifest = try Manifest(path: f.root.path + "/m.sqlite")
        let run = try manifest.beginRun(source: "s", destination: "d", temporaryPrefix: ".ferry-tmp.0000000000000000.")
        try manifest.record(records, run: run)
        // 20 present children, 1 absent; a child named like a deeper row's first component.
        let asked = (0..<21).map { child("f\($0)") } + [child("sub")]
        let ranged = try manifest.fingerprints(of: asked, in: dir)
        let pointwise = try manifest.fingerprints(of: asked)
        #expect(ranged == pointwise)
        // Hand values: f3 has size 3 and is copied; f7 failed; f20 and sub have no row.
        #expect(ranged[3] == ManifestFingerprint(size: 3, modifiedNanoseconds: 3_000_000_000, permissions: 0o644, copied: true))
        #expect(ranged[7]?.copied == false)
        #expect(ranged[20] == nil && ranged[21] == nil)
    }
}
