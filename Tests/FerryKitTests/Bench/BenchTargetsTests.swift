import Foundation
import Testing
@testable import FerryKit

/// Every timed copy gets a never-used target; kept until the run ends, within a byte budget.
@Suite struct BenchTargetsTests {
    @Test func freshPathsKeptWithinTheBudget() throws {
        let dir = scratchDirectory("bench-targets")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Budget 250 B, copies of 100 B: two fit; the third removes the oldest (by hand).
        var targets = BenchTargets(root: dir + "/targets", budgetBytes: 250)
        let first = try targets.next(bytes: 100)
        try FileManager.default.createDirectory(atPath: first, withIntermediateDirectories: true)
        let second = try targets.next(bytes: 100)
        try FileManager.default.createDirectory(atPath: second, withIntermediateDirectories: true)
        #expect(first != second)
        #expect(targets.removedEarly == 0 && targets.kept.count == 2)
        let third = try targets.next(bytes: 100)
        #expect(Set([first, second, third]).count == 3)
        #expect(targets.removedEarly == 1)
        #expect(!FileManager.default.fileExists(atPath: first))   // the oldest went
        #expect(FileManager.default.fileExists(atPath: second))   // the other stays
        try targets.removeAll()
        #expect(!FileManager.default.fileExists(atPath: dir + "/targets"))
        #expect(targets.kept.isEmpty)
    }

    @Test func defaultBudgetIsHalfTheFreeSpaceAtMostEightGiB() throws {
        let free = try #require(try FileManager.default.attributesOfFileSystem(forPath: "/tmp")[.systemFreeSize] as? NSNumber).int64Value
        let budget = BenchTargets.defaultBudget(scratch: "/tmp")
        #expect(budget == min(8 << 30, free / 2) || abs(budget - min(8 << 30, free / 2)) < 64 << 20)  // free space moves a little
    }
}
