import Foundation
import Testing
@testable import FerryCopy

@Suite("Progress that tells the truth")
struct CopyProgressTests {
    /// Relative error |a − b| / |b|.
    private func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / abs(b) }

    @Test("ETA from both files and bytes: exact samples of t = 2 ms/file + 10 ns/byte recover the model")
    func exactModel() throws {
        var model = EtaModel()
        // Largest first: bytes grow fast early, files late (so the two columns are independent).
        let samples: [(files: Int, bytes: Int64)] = [(1, 400_000_000), (2, 600_000_000), (50, 700_000_000), (400, 720_000_000)]
        for s in samples { model.add(seconds: 0.002 * Double(s.files) + 1e-8 * Double(s.bytes), files: s.files, bytes: s.bytes) }
        let (a, c) = try #require(model.coefficients)
        // Tolerance 1e-9: the fit is exact up to floating-point rounding of the normal equations.
        #expect(relative(a, 0.002) < 1e-9, "a = \(a)")
        #expect(relative(c, 1e-8) < 1e-9, "c = \(c)")
        // Hand value: 600 files and 280 MB left → 600 × 0.002 + 2.8e8 × 1e-8 = 1.2 + 2.8 = 4.0 s.
        let eta = try #require(model.secondsLeft(filesLeft: 600, bytesLeft: 280_000_000))
        #expect(relative(eta, 4.0) < 1e-9, "eta = \(eta)")
    }

    @Test("proportional samples (files and bytes in step) fall back to one term; no NaN or negative ETA")
    func degenerate() throws {
        var model = EtaModel()
        for k in 1...5 { model.add(seconds: Double(k), files: 10 * k, bytes: Int64(1_000 * k)) }
        let eta = try #require(model.secondsLeft(filesLeft: 50, bytesLeft: 5_000))
        // 1 s per 10 files (= per 1000 bytes): 50 files left → 5 s, whichever term is kept.
        #expect(relative(eta, 5.0) < 1e-9, "eta = \(eta)")
        #expect(EtaModel().secondsLeft(filesLeft: 1, bytesLeft: 1) == nil)
        var zero = EtaModel()
        zero.add(seconds: 0, files: 0, bytes: 0)
        #expect(zero.coefficients == nil)
    }

    @Test("progress starts with the walk, then counts the copy; the ETA appears once work finishes")
    func fromTheWalk() throws {
        let f = try TreeFixture()
        for i in 0..<8 { try f.file("d\(i % 2)/f\(i)", TreeFixture.bytes(2_000, seed: UInt64(i))) }
        let seen = Locked([CopyProgress]())
        _ = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target) { p in seen.withLock { $0.append(p) } }
        let reports = seen.withLock { $0 }
        let first = try #require(reports.first)
        #expect(first.walking, "the first report comes from the walk")
        #expect(first.etaSeconds == nil)
        let last = try #require(reports.last)
        #expect(!last.walking)
        #expect(last.filesDone == 8 && last.filesTotal == 8)
        #expect(last.etaSeconds == 0, "nothing left at the end")
    }

    @Test("--checksum --dry-run hashes: only files whose content differs would be copied")
    func checksumDryRun() throws {
        let f = try TreeFixture()
        try f.file("same", TreeFixture.bytes(5_000, seed: 1), mtime: 1_700_000_000)
        try f.file("differs", TreeFixture.bytes(5_000, seed: 2), mtime: 1_700_000_000)
        try f.file("same", TreeFixture.bytes(5_000, seed: 1), mtime: 1_700_000_000, in: f.target)
        try f.file("differs", TreeFixture.bytes(5_000, seed: 3), mtime: 1_700_000_000, in: f.target)
        var options = testOptions()
        options.checksum = true
        options.dryRun = true
        let summary = try CopyEngine(options: options).run(from: f.source, to: f.target)
        // Before the fix every comparison counted as a copy (files 2) without reading a byte.
        #expect(summary.files == 1)
        #expect(summary.bytes == 5_000)
        #expect(summary.skipped == 1)
        #expect(summary.plannedActions == [PlannedAction(kind: .update, path: "differs", bytes: 5_000)])
        #expect(f.read(f.target + "/differs") == TreeFixture.bytes(5_000, seed: 3), "a dry run changes nothing")
    }

    @Test("a dry run lists every action: mkdir, copy, update, symlink, delete")
    func plannedActions() throws {
        let f = try TreeFixture()
        try f.file("new-dir/new", [1, 2, 3])
        try f.file("changed", [4, 5], mtime: 1_700_000_000)
        try f.symlink("link", to: "changed")
        try f.file("changed", [9, 9, 9], in: f.target)
        try f.file("extra", [7], in: f.target)
        var options = testOptions()
        options.dryRun = true
        options.delete = true
        let summary = try CopyEngine(options: options).run(from: f.source, to: f.target)
        let actions = Set(summary.plannedActions.map { "\($0.kind.rawValue) \($0.path)" })
        #expect(actions == ["mkdir new-dir", "copy new-dir/new", "update changed", "symlink link", "delete extra"])
        #expect(summary.plannedActions.last?.kind == .delete)
    }
}
