import FerryModels
import Foundation
import Testing
@testable import FerryKit

@Suite("Stratified samples and synthetic twins")
struct SamplingAndTwinTests {
    func generatedTree(_ tag: String) throws -> String {
        let root = scratchDirectory("sample-\(tag)")
        let profile = try ProfileCatalog(directory: profilesDirectory).profile("mixed").scaled(by: 0.02)
        _ = try DatasetGenerator(profile: profile, seed: 4).generate(into: root, replace: true)
        return root
    }

    @Test("each size bucket gives ⌊f·n⌋ or ⌈f·n⌉ files, and the copied sample scans to the picks")
    func stratified() throws {
        let root = try generatedTree("strat")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let inventory = try InventoryScanner().scan(root)
        let target = Double(inventory.apparentBytes) * 0.25
        let sampler = StratifiedSampler(targetBytes: target, seed: 3)
        let quotas = sampler.quotas(inventory)
        for b in inventory.sizeHistogram {
            let exact = 0.25 * Double(b.files)
            let q = quotas[InventoryTally.sizeBucket(b.lowerBytes)]
            #expect(Double(q) >= exact.rounded(.down) && Double(q) <= exact.rounded(.up), "bucket \(b.lowerBytes): \(q) of \(b.files)")
        }
        let picks = sampler.choose(from: root, inventory: inventory)
        var perBucket = [Int](repeating: 0, count: quotas.count)
        for p in picks { perBucket[InventoryTally.sizeBucket(p.bytes)] += 1 }
        #expect(perBucket == quotas, "every bucket filled to its quota")
        #expect(Set(picks.map(\.path)).count == picks.count, "no file drawn twice")
        let destination = root + "-sample"
        defer { try? FileManager.default.removeItem(atPath: destination) }
        let written = try sampler.materialize(from: root, inventory: inventory, into: destination)
        let scanned = try InventoryScanner().scan(destination)
        #expect(scanned.files == picks.count && written.files == picks.count)
        #expect(scanned.apparentBytes == picks.reduce(0) { $0 + $1.bytes })
        #expect(scanned.directories == written.directories)
        // The same seed draws the same sample.
        #expect(StratifiedSampler(targetBytes: target, seed: 3).choose(from: root, inventory: inventory) == picks)
    }

    @Test("a twin has the inventory's files and bytes in expectation, sizes inside the original buckets, enough directories")
    func twin() throws {
        let root = try generatedTree("twin")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let inventory = try InventoryScanner().scan(root)
        let twin = try DatasetProfile.twin(of: inventory)
        #expect(twin.files == inventory.files)
        // Σ_k (n_k / n) · m_k · n = Σ_k bytes_k: the expected bytes equal the tree's exactly.
        expectClose(twin.expectedBytes, Double(inventory.apparentBytes), relative: 1e-9, "sum of bucket means × counts")
        #expect(twin.directoryCount >= inventory.directories)
        let out = root + "-twin"
        defer { try? FileManager.default.removeItem(atPath: out) }
        _ = try DatasetGenerator(profile: twin, seed: 1).generate(into: out, replace: true)
        let scanned = try InventoryScanner().scan(out)
        #expect(scanned.files == inventory.files)
        let original = Set(inventory.sizeHistogram.filter { $0.files > 0 }.map(\.lowerBytes))
        for b in scanned.sizeHistogram where b.files > 0 { #expect(original.contains(b.lowerBytes), "bucket \(b.lowerBytes) is new") }
        #expect(throws: InventoryError.self) {
            var empty = inventory
            empty.files = 0
            _ = try DatasetProfile.twin(of: empty)
        }
    }
}
