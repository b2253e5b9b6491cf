import Foundation
import Testing

/// `ferry scan` through the binary: JSON file and formats, errors, and the scenario contract.
@Suite("ferry scan")
struct ScanCommandTests {
    @Test("scan writes the inventory JSON, prints md/csv, and a scenario plans from it")
    func scanAndPlan() throws {
        let dir = try FerryBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let tree = "\(dir)/tree"
        try FileManager.default.createDirectory(atPath: "\(tree)/a/b", withIntermediateDirectories: true)
        try Data(repeating: 1, count: 1500).write(to: URL(fileURLWithPath: "\(tree)/a/one"))
        try Data(repeating: 2, count: 10).write(to: URL(fileURLWithPath: "\(tree)/a/b/two"))
        try FileManager.default.createSymbolicLink(atPath: "\(tree)/link", withDestinationPath: "a/one")

        let scan = try FerryBinary.run(["scan", tree, "--out", "\(dir)/inv.json"])
        #expect(scan.status == 0, "\(scan.stderr)")
        #expect(scan.stdout.contains("2 files") && scan.stdout.contains("1 symlink,"), "\(scan.stdout)")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/inv.json"))) as? [String: Any]
        #expect(object?["schema_version"] as? Int == 1 && object?["kind"] as? String == "inventory")
        #expect(object?["files"] as? Int == 2 && object?["apparent_bytes"] as? Int == 1510 && object?["directories"] as? Int == 3)
        let csv = try FerryBinary.run(["scan", tree, "--format", "csv"])
        #expect(csv.status == 0 && csv.stdout.hasPrefix("section,label,lower,upper,count,bytes\ntotal,files,,,2,1510"))
        let md = try FerryBinary.run(["scan", tree, "--format", "md"])
        #expect(md.status == 0 && md.stdout.contains("## Sizes (log2 buckets)"))

        try """
        name: scanned
        data: { inventory: inv.json }
        network: { rate: 1510B/s }
        """.write(toFile: "\(dir)/scenario.yaml", atomically: true, encoding: .utf8)
        let plan = try FerryBinary.run(["plan", "\(dir)/scenario.yaml", "--no-write", "--format", "json"])
        #expect(plan.status == 0, "\(plan.stderr)")
        let planned = try FerryBinary.json(plan)
        #expect(planned["files"] as? Int == 2)
        // 1,510 bytes at 1,510 B/s.
        #expect(planned["seconds"] as? Double == 1)
    }

    @Test("a missing tree is an error (exit 1); bad flags are usage errors (exit 64)")
    func errors() throws {
        let missing = try FerryBinary.run(["scan", "/nonexistent/ferry-scan"])
        #expect(missing.status == 1 && missing.stderr.contains("cannot scan /nonexistent/ferry-scan"))
        let usage = try FerryBinary.run(["scan", "/tmp", "--threads", "0"])
        #expect(usage.status == 64)
    }
}
