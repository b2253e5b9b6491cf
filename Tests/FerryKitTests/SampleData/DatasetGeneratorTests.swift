import Foundation
import Testing
@testable import FerryKit

/// FNV-1a over every (relative path, content) of a tree, in sorted path order.
func treeDigest(_ root: String) throws -> (files: Int, digest: UInt64) {
    let fm = FileManager.default
    let paths = (fm.enumerator(atPath: root)?.allObjects as? [String] ?? []).sorted()
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    func mix(_ bytes: some Sequence<UInt8>) {
        for b in bytes { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
    }
    var files = 0
    for path in paths {
        var isDir: ObjCBool = false
        _ = fm.fileExists(atPath: root + "/" + path, isDirectory: &isDir)
        mix(Array(path.utf8))
        if !isDir.boolValue {
            files += 1
            mix(try Data(contentsOf: URL(fileURLWithPath: root + "/" + path)))
            let date = try fm.attributesOfItem(atPath: root + "/" + path)[.modificationDate] as? Date
            mix(Array("\(date?.timeIntervalSince1970 ?? -1)".utf8))
        }
    }
    return (files, hash)
}

/// The repository's `datasets/profiles` directory.
let profilesDirectory: String = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            return url.appendingPathComponent("datasets/profiles").path
        }
    }
    return "datasets/profiles"
}()

func scratchDirectory(_ tag: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("ferry-\(tag)-\(UUID().uuidString)").path
}

@Suite("Sample data")
struct DatasetGeneratorTests {
    static let tiny = DatasetProfile(name: "tiny", files: 60,
                                     size: .mixture([.init(weight: 3, distribution: .lognormal(median: 2000, p95: 20000)),
                                                     .init(weight: 1, distribution: .uniform(lower: 0, upper: 70000))]),
                                     fanout: 3, depth: 2, compressibility: 0.25)

    @Test("same profile and seed give a byte-identical tree; another seed does not")
    func deterministic() throws {
        let a = scratchDirectory("ds-a"), b = scratchDirectory("ds-b"), c = scratchDirectory("ds-c")
        defer { for d in [a, b, c] { try? FileManager.default.removeItem(atPath: d) } }
        let first = try DatasetGenerator(profile: Self.tiny, seed: 42).generate(into: a)
        let second = try DatasetGenerator(profile: Self.tiny, seed: 42).generate(into: b)
        try DatasetGenerator(profile: Self.tiny, seed: 43).generate(into: c)
        #expect(first.bytes == second.bytes)
        #expect(first.files == 60)
        let (da, db, dc) = (try treeDigest(a), try treeDigest(b), try treeDigest(c))
        #expect(da.files == 60)
        #expect(da.digest == db.digest)
        #expect(da.digest != dc.digest)
    }

    @Test("a non-empty output directory is refused unless replaced")
    func refusesNonEmpty() throws {
        let dir = scratchDirectory("ds-full")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var profile = Self.tiny
        profile.files = 3
        try DatasetGenerator(profile: profile, seed: 1).generate(into: dir)
        #expect(throws: DatasetError.outputNotEmpty(path: dir)) {
            try DatasetGenerator(profile: profile, seed: 1).generate(into: dir)
        }
        let again = try DatasetGenerator(profile: profile, seed: 2).generate(into: dir, replace: true)
        #expect(try treeDigest(dir).files == again.files)
    }

    @Test("lognormal sizes have the profile's median and p95")
    func lognormalQuantiles() {
        let profile = DatasetProfile(name: "q", files: 40_000, size: .lognormal(median: 4096, p95: 32768),
                                     maximumSize: 1e12, depth: 0)
        let sizes = DatasetGenerator(profile: profile, seed: 7).plan().map { Double($0.size) }.sorted()
        // 40,000 draws: the sample quantiles' standard errors are about 1–2 % (asymptotic
        // √(p(1−p)/n)/f(q)), so 5 % is a 3σ-plus margin.
        expectClose(sizes[sizes.count / 2], 4096, relative: 0.05, "sample median of 40,000 lognormal draws")
        expectClose(sizes[Int(0.95 * Double(sizes.count))], 32768, relative: 0.05, "sample p95 of 40,000 draws")
    }

    @Test("sizes are clamped and a mixture follows its weights")
    func clampAndMixture() {
        let profile = DatasetProfile(name: "m", files: 20_000,
                                     size: .mixture([.init(weight: 0.9, distribution: .fixed(bytes: 100)),
                                                     .init(weight: 0.1, distribution: .uniform(lower: 1e6, upper: 1e9))]),
                                     maximumSize: 2e6, depth: 1)
        let sizes = DatasetGenerator(profile: profile, seed: 3).plan().map(\.size)
        #expect(sizes.allSatisfy { $0 == 100 || (1_000_000...2_000_000).contains($0) })
        let small = Double(sizes.filter { $0 == 100 }.count) / Double(sizes.count)
        // Binomial(20,000, 0.9): standard deviation 0.0021, so ±0.01 is about 5σ.
        expectClose(small, 0.9, absolute: 0.01, "share of the 0.9-weight component")
    }

    @Test("compressibility: each block is random bytes then the repeating pattern", arguments: [0.0, 0.5, 1.0])
    func compressibility(fraction: Double) {
        let profile = DatasetProfile(name: "c", files: 1, size: .fixed(bytes: 10000), compressibility: fraction)
        let bytes = DatasetGenerator(profile: profile, seed: 1).content(size: 10000, contentSeed: 9)
        #expect(bytes.count == 10000)
        let randomPart = Int(4096 * (1 - fraction))
        let pattern = Array("ferry-sample-dat".utf8)
        for blockStart in stride(from: 0, to: 10000, by: 4096) {
            let end = min(blockStart + 4096, 10000)
            for i in (blockStart + randomPart)..<max(end, blockStart + randomPart) where i < end {
                #expect(bytes[i] == pattern[(i - blockStart) % 16])
            }
        }
        if fraction == 0 {
            // Random bytes: each value 0…255 should appear; 10,000 draws leave a byte value out with
            // probability 256 · (255/256)^10000 ≈ 2e-15.
            #expect(Set(bytes).count == 256)
        }
    }

    @Test("the tree has fanout^level directories per level")
    func layout() {
        let profile = DatasetProfile(name: "l", files: 1, size: .fixed(bytes: 1), fanout: 3, depth: 2)
        let dirs = DatasetGenerator(profile: profile, seed: 1).directories()
        #expect(dirs.count == 1 + 3 + 9)
        #expect(profile.directoryCount == 13)
        #expect(dirs.contains("d02/d01"))
        #expect(profile.scaled(by: 2.5).files == 3)
        #expect(profile.scaled(by: 0.01).files == 1)
    }

    @Test("every shipped profile loads")
    func shippedProfiles() throws {
        let catalog = ProfileCatalog(directory: profilesDirectory)
        let names = catalog.names()
        for required in ["small-files", "large-files", "mixed", "home-directories"] {
            #expect(names.contains(required))
        }
        for name in names {
            let profile = try catalog.profile(name)
            #expect(profile.name == name)
            #expect(profile.files >= 1)
        }
        #expect(try catalog.profile("mixed").source.contains("Tanenbaum"))
    }

    @Test("profile errors name the file, line and field")
    func profileErrors() throws {
        let bad = """
        name: x
        files: 10
        size: { lognormal: { median: 4KiB, p95: 1KiB } }
        """
        #expect(throws: InputError.self) { try DatasetProfile.read(YAMLNode.document(bad, file: "p.yaml")) }
        do {
            _ = try DatasetProfile.read(YAMLNode.document(bad, file: "p.yaml"))
        } catch let error as InputError {
            #expect(error.errorDescription?.hasPrefix("p.yaml:3: size.lognormal.p95:") == true, "\(error)")
        }
        let unknown = "name: x\nfiles: 10\nsize: 1kB\nfanout: 3\n"
        do {
            _ = try DatasetProfile.read(YAMLNode.document(unknown, file: "u.yaml"))
            Issue.record("expected an error")
        } catch let error as InputError {
            #expect(error.line == 4)
            #expect(error.message.contains("unknown key 'fanout'"))
        }
        #expect(throws: DatasetError.self) { try ProfileCatalog(directory: profilesDirectory).profile("nope") }
    }
}
