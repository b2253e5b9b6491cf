import Foundation
import Testing
@testable import FerryKit

@Suite("Page cache")
struct PageCacheTests {
    @Test("a failed eviction is counted and never reported as evicted")
    func failedEviction() throws {
        let missing = "/nonexistent/ferry-\(UUID().uuidString)"
        let result = PageCache.evict([missing])
        #expect(result.files == 1 && result.failed == 1 && !result.succeeded)
        #expect(result.firstError?.contains("open") == true)
        #expect(PageCache.prepare(.evict, files: [missing]) == "evict-failed")
        #expect(PageCache.note(for: .evict, outcome: "evict-failed").contains("FAILED"))
    }

    @Test("a readable file is evicted")
    func evictsFile() throws {
        let dir = scratchDirectory("pagecache")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data(repeating: 1, count: 10_000).write(to: URL(fileURLWithPath: dir + "/f"))
        let result = PageCache.evict([dir + "/f"])
        #expect(result.succeeded, "\(result.firstError ?? "")")
        #expect(PageCache.prepare(.evict, files: [dir + "/f"]) == "evicted")
        #expect(PageCache.prepare(.warm, files: [dir + "/f"]) == "warm")
    }
}
