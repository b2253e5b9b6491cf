import Foundation
import Testing
@testable import FerryCopy

@Suite("Timestamps compared at the coarser filesystem's granularity")
struct ModifyWindowTests {
    @Test("granularity from the probe's read-back", arguments: [
        (FileTime(seconds: 1_000_000_001, nanoseconds: 123_456_789), Int64(1)),            // ext4, xfs, tmpfs
        (FileTime(seconds: 1_000_000_001, nanoseconds: 123_456_700), Int64(100)),          // NTFS
        (FileTime(seconds: 1_000_000_001, nanoseconds: 123_456_000), Int64(1_000)),        // 1 µs
        (FileTime(seconds: 1_000_000_001, nanoseconds: 120_000_000), Int64(10_000_000)),   // exFAT
        (FileTime(seconds: 1_000_000_001, nanoseconds: 0), Int64(1_000_000_000)),          // ext3, HFS+
        (FileTime(seconds: 1_000_000_000, nanoseconds: 0), Int64(2_000_000_000)),          // FAT (truncated)
        (FileTime(seconds: 1_000_000_002, nanoseconds: 0), Int64(2_000_000_000)),          // FAT (rounded up)
    ])
    func granularity(readBack: FileTime, expected: Int64) {
        #expect(TimestampGranularity.granularity(readBack: readBack) == expected)
    }

    /// A tree whose mtimes have odd seconds and nanoseconds, so a 2 s target cannot store them.
    private func tree(_ f: TreeFixture) throws {
        for i in 0..<6 {
            try f.file("f\(i)", TreeFixture.bytes(100 + i, seed: UInt64(i)), mtime: 1_700_000_001 + 2 * i)
        }
    }

    @Test("re-runs onto a 2-second filesystem settle: nothing is copied the second time")
    func twoSecondTarget() throws {
        let f = try TreeFixture()
        try tree(f)
        let seam = FaultInjectingSystemCalls()
        seam.targetTimeStep = 2_000_000_000
        let first = try CopyEngine(options: testOptions(), system: seam).run(from: f.source, to: f.target)
        #expect(first.files == 6)
        #expect(first.modifyWindowSeconds > 1.99 && first.modifyWindowSeconds < 2.0, "\(first.modifyWindowSeconds)")
        // Before the fix every file differed by its lost 1.123456789 s and was copied again.
        let second = try CopyEngine(options: testOptions(), system: seam).run(from: f.source, to: f.target)
        #expect(second.files == 0)
        #expect(second.skipped == 6)

        // --modify-window 0 overrides the detection: every mtime differs, so all are recopied.
        var exact = testOptions()
        exact.modifyWindow = 0
        let forced = try CopyEngine(options: exact, system: seam).run(from: f.source, to: f.target)
        #expect(forced.files == 6)
        #expect(forced.modifyWindowSeconds == 0)
    }

    @Test("on a nanosecond filesystem the window is 0 and a 1 ns change is seen")
    func nanosecondTarget() throws {
        let f = try TreeFixture()
        try tree(f)
        let first = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target)
        #expect(first.modifyWindowSeconds == 0)
        f.setMTime(f.source + "/f0", seconds: 1_700_000_001, nanoseconds: 123_456_790)  // +1 ns
        let second = try CopyEngine(options: testOptions()).run(from: f.source, to: f.target)
        #expect(second.files == 1)
    }
}
