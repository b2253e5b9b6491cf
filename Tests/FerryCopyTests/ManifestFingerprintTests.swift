import Foundation
import Testing
@testable import FerryCopy

@Suite("Manifest fingerprints for cheap re-runs")
struct ManifestFingerprintTests {
    @Test("fingerprints are keyed like the walk's paths, odd bytes included, and match only the recorded state")
    func keysMatch() throws {
        let f = try TreeFixture()
        try f.file("plain", [1, 2])
        try f.file("nön-äscii/日本", [3])
        try f.file("new\nline", [4])
        _ = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target)
        let manifest = try testManifest(f)
        let prints = try manifest.fingerprints()
        let rows = try manifest.entries()
        #expect(prints.count == rows.count)
        for (path, row) in rows {
            let print = try #require(prints[ManifestFingerprint.key(of: path)], "no fingerprint for \(path)")
            let status = FileStatus(kind: .regular, size: row.size, permissions: row.permissions, modified: row.modified,
                                    accessed: row.modified)
            #expect(print.matches(status))
            var changed = status
            changed.modified = FileTime(totalNanoseconds: status.modified.totalNanoseconds + 1)
            #expect(!print.matches(changed))
        }
    }
}
