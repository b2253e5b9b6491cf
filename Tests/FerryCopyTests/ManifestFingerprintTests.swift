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
}
