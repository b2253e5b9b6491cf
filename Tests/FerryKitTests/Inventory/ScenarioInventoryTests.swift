import Foundation
import Testing
@testable import FerryKit

@Suite("Scenario data.inventory")
struct ScenarioInventoryTests {
    /// Scans the fixture tree and writes its inventory beside a scenario directory.
    func scanned(_ tag: String) throws -> (dir: String, inventory: Inventory) {
        let root = try makeFixtureTree("scenario-\(tag)")
        let inv = try InventoryScanner(threads: 2).scan(root)
        try inv.jsonData().write(to: URL(fileURLWithPath: root + "/../\(tag).json"))
        return ((root as NSString).deletingLastPathComponent, inv)
    }

    func read(_ yaml: String, base: String) throws -> Scenario {
        try ScenarioReader.read(try YAMLNode.document(yaml, file: "test.yaml"), baseDirectory: base)
    }

    @Test("size and files come from the inventory, relative to the scenario's directory")
    func takesSizeAndFiles() throws {
        let (dir, inv) = try scanned("takes")
        let s = try read("data: { inventory: takes.json }\nnetwork: { rate: 1GB/s }\n", base: dir)
        // The fixture holds 7 files, 81,004 bytes (hand count in makeFixtureTree).
        #expect(s.workload.bytes == 81_004)
        #expect(s.workload.files == 7)
        #expect(s.inventory?.directories == inv.directories)
        #expect(s.inventory?.sizeHistogram == inv.sizeHistogram)
    }

    @Test("explicit size and files override the inventory")
    func explicitWins() throws {
        let (dir, _) = try scanned("override")
        let s = try read("data: { inventory: override.json, size: 1TB, files: 12 }\nnetwork: { rate: 1GB/s }\n", base: dir)
        #expect(s.workload.bytes == 1e12)
        #expect(s.workload.files == 12)
    }

    @Test("a missing or malformed inventory names the file and the line")
    func badFile() throws {
        do {
            _ = try read("data:\n  inventory: nowhere.json\nnetwork: { rate: 1GB/s }\n", base: "/tmp")
            Issue.record("expected an error")
        } catch let error as InputError {
            #expect(error.line == 2)
            #expect(error.field == "data.inventory")
            #expect(error.message.contains("nowhere.json"))
        }
        #expect(throws: InputError.self) { try read("data: { files: 3 }\nnetwork: { rate: 1GB/s }\n", base: "/tmp") }
    }
}
