import Foundation
import Testing

/// The repository stands on its own: nothing in it points at files outside it.
@Suite("Self-contained repository")
struct RepositoryTests {
    static let root = FerryBinary.packageRoot

    /// Text files under the directories a reader sees.
    static func files() -> [String] {
        var out: [String] = ["README.md", "Package.swift"]
        for dir in ["docs", "Sources", "Tests", "scripts", "models", "datasets", "benchmarks"] {
            let all = FileManager.default.enumerator(atPath: root + "/" + dir)?.allObjects as? [String] ?? []
            out += all.filter { [".md", ".swift", ".sh", ".yaml", ".csv"].contains(where: $0.hasSuffix) }.map { dir + "/" + $0 }
        }
        return out
    }

    @Test func noReferenceOutsideTheRepository() throws {
        // Spelled in pieces so this file does not match itself.
        let forbidden = ["../" + "shared", "SEED-" + "MODELS", "DESIGN" + ".md", "DESIGN" + " §"]
        var hits: [String] = []
        for file in Self.files() {
            guard let text = try? String(contentsOfFile: Self.root + "/" + file, encoding: .utf8) else { continue }
            for needle in forbidden where text.contains(needle) { hits.append("\(file): \(needle)") }
        }
        #expect(hits.isEmpty, "\(hits)")
    }

    @Test func readmeLinksTheDocs() throws {
        let readme = try String(contentsOfFile: Self.root + "/README.md", encoding: .utf8)
        for doc in ["docs/models.md", "docs/scenario.md"] {
            #expect(readme.contains("(\(doc))"), "README does not link \(doc)")
            #expect(FileManager.default.fileExists(atPath: Self.root + "/" + doc))
        }
    }
}
