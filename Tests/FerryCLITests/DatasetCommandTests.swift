import Foundation
import Testing

@Suite("ferry dataset")
struct DatasetCommandTests {
    @Test("generate twice with one seed: identical summaries and trees; list names the shipped profiles")
    func generate() throws {
        let dir = try FerryBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var outputs: [[String: Any]] = []
        for name in ["a", "b"] {
            let r = try FerryBinary.run(["dataset", "generate", "--profile", "small-files", "--scale", "0.01", "--seed", "9",
                                         "--out", "\(dir)/\(name)", "--format", "json"])
            #expect(r.status == 0, "\(r.stderr)")
            outputs.append(try FerryBinary.json(r))
        }
        #expect(outputs[0]["files"] as? Int == 50)
        #expect(outputs[0]["bytes"] as? Int == outputs[1]["bytes"] as? Int)
        let fm = FileManager.default
        let files = (fm.enumerator(atPath: "\(dir)/a")?.allObjects as? [String] ?? []).sorted()
        #expect(files == (fm.enumerator(atPath: "\(dir)/b")?.allObjects as? [String] ?? []).sorted())
        for f in files where f.hasSuffix(".dat") {
            #expect(fm.contents(atPath: "\(dir)/a/\(f)") == fm.contents(atPath: "\(dir)/b/\(f)"), "\(f)")
        }

        let again = try FerryBinary.run(["dataset", "generate", "--profile", "small-files", "--scale", "0.01", "--out", "\(dir)/a"])
        #expect(again.status == 1 && again.stderr.contains("is not empty"))
        let list = try FerryBinary.run(["dataset", "list"])
        #expect(list.status == 0)
        for p in ["small-files", "large-files", "mixed", "home-directories"] { #expect(list.stdout.contains(p)) }
        let unknown = try FerryBinary.run(["dataset", "generate", "--profile", "nope", "--out", "\(dir)/c"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no profile 'nope'"))
        let badScale = try FerryBinary.run(["dataset", "generate", "--profile", "mixed", "--scale", "0", "--out", "\(dir)/c"])
        #expect(badScale.status == 64)
    }
}
