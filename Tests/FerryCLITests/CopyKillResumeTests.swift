import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("ferry copy killed with SIGKILL, then re-run")
struct CopyKillResumeTests {
    /// When to kill: once a temporary exists (mid-file), or once N files are in place.
    enum KillPoint: Sendable, CustomTestStringConvertible {
        case firstTemporary
        case filesInPlace(Int)
        var testDescription: String {
            switch self {
            case .firstTemporary: return "first temporary"
            case let .filesInPlace(n): return "\(n) files in place"
            }
        }
    }

    @Test("kill -9 leaves no broken final names; a re-run gives an identical tree and no temporaries",
          arguments: [KillPoint.firstTemporary, .filesInPlace(10), .filesInPlace(30)])
    func killAndResume(point: KillPoint) throws {
        let dir = try FerryBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for i in 0..<40 { try writeFile(dir + "/src/d\(i % 4)/f\(i)", count: 32 << 10, seed: i) }
        for i in 0..<2 { try writeFile(dir + "/src/big\(i)", count: 768 << 10, seed: 100 + i) }  // 12 chunks each

        // --bwlimit slows the copy (≈ 2.8 MB at 1.5 MB/s ≈ 2 s) so the kill lands mid-run;
        // no assertion depends on the timing, only on what is on disk.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: FerryBinary.path)
        process.arguments = ["copy", dir + "/src", dir + "/dst", "--bwlimit", "1.5MB/s", "--streams", "3",
                             "--chunk-threshold", "256KiB", "--chunk-size", "64KiB", "--quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var killed = false
        while process.isRunning {
            let entries = (FileManager.default.enumerator(atPath: dir + "/dst")?.allObjects as? [String]) ?? []
            let names = entries.map { ($0 as NSString).lastPathComponent }
            let reached: Bool
            switch point {
            case .firstTemporary: reached = names.contains { $0.hasPrefix(".ferry-tmp.") }
            case let .filesInPlace(n): reached = names.filter { $0.hasPrefix("f") || $0.hasPrefix("big") }.count >= n
            }
            if reached {
                kill(process.processIdentifier, SIGKILL)
                killed = true
                break
            }
            usleep(2_000)
        }
        process.waitUntilExit()
        #expect(killed, "the copy finished before the kill point; slow it down further")
        if killed { #expect(process.terminationReason == .uncaughtSignal) }

        // Every final name holds a complete copy, even right after the kill.
        let source = fileContents(dir + "/src")
        for (path, data) in fileContents(dir + "/dst") where !(path as NSString).lastPathComponent.hasPrefix(".ferry-tmp.") {
            #expect(source[path] == data, "\(path) under its final name is not a complete copy")
        }

        let rerun = try FerryBinary.run(["copy", dir + "/src", dir + "/dst", "--format", "json"])
        #expect(rerun.status == 0, "\(rerun.stdout) \(rerun.stderr)")
        #expect(fileContents(dir + "/dst") == source)
        let all = (FileManager.default.enumerator(atPath: dir + "/dst")?.allObjects as? [String]) ?? []
        #expect(!all.contains { ($0 as NSString).lastPathComponent.hasPrefix(".ferry-tmp.") })
        let json = try FerryBinary.json(rerun)
        #expect((json["files"] as? Int ?? 0) + (json["skipped"] as? Int ?? 0) == 42)
    }
}
