import Foundation
import Testing

/// The bench → calibrate → runs loop through the binary on a few kilobytes of data. Times are
/// real but nothing asserts on them: only on structure, storage and exit codes.
@Suite("ferry bench, calibrate, runs")
struct BenchCommandTests {
    @Test("bench stores samples and writes a report; calibrate stores a calibration; runs lists and shows both")
    func loop() throws {
        let dir = try FerryBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = "\(dir)/ferry.sqlite"
        try """
        name: e2e-small
        files: 30
        size: 2kB
        layout: { fanout: 2, depth: 1 }
        """.write(toFile: "\(dir)/e2e-small.yaml", atomically: true, encoding: .utf8)
        try """
        name: e2e-large
        files: 2
        size: 300kB
        layout: { depth: 0 }
        """.write(toFile: "\(dir)/e2e-large.yaml", atomically: true, encoding: .utf8)

        let none = try FerryBinary.run(["calibrate", "--db", db])
        #expect(none.status == 1 && none.stderr.contains("no benchmark runs"))
        // Read-only commands never create a store: a missing database is an error naming it.
        let noStore = try FerryBinary.run(["runs", "show", "--calibration", "latest", "--db", db])
        #expect(noStore.status == 1 && noStore.stderr.contains("no database at \(db)"), "\(noStore.stderr)")
        let typo = try FerryBinary.run(["runs", "list", "--db", "\(dir)/TYPO/ferry.sqlite"])
        #expect(typo.status == 1 && typo.stderr.contains("no database at"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/TYPO"), "runs list must not create the directory")
        #expect(!FileManager.default.fileExists(atPath: db), "calibrate must not create the database")

        let bench = try FerryBinary.run(["bench", "--db", db, "--profile", "\(dir)/e2e-small.yaml", "--profile", "\(dir)/e2e-large.yaml:1",
                                         "--streams", "1,2,4", "--repetitions", "1", "--warmup", "1", "--scratch", "\(dir)/scratch",
                                         "--reports", "\(dir)/reports", "--peers", "cp", "--min-seconds", "0", "--format", "json"])
        #expect(bench.status == 0, "\(bench.stderr)")
        let run = try FerryBinary.json(bench)
        let runID = try #require(run["run_id"] as? Int)
        #expect(run["kind"] as? String == "bench_run" && run["schema_version"] as? Int == 1)
        let samples = try #require(run["samples"] as? [[String: Any]])
        // Per profile: ferry at 3 stream counts, each followed by a no-change re-run, + cp once.
        #expect(samples.count == 2 * (3 + 3 + 1))
        #expect(samples.filter { $0["tool"] as? String == "cp" }.count == 2)
        #expect(samples.allSatisfy { ($0["errors"] as? Int) == 0 && ($0["seconds"] as? Double ?? 0) > 0 })
        let report = "\(dir)/reports/bench-\(runID)"
        for file in ["bench.md", "samples.csv", "throughput-e2e-small.svg", "throughput-e2e-large.svg"] {
            #expect(FileManager.default.fileExists(atPath: "\(report)/\(file)"), "\(file)")
        }

        let noCalibration = try FerryBinary.run(["runs", "show", "--calibration", "latest", "--db", db])
        #expect(noCalibration.status == 1)
        #expect(noCalibration.stderr.contains("no calibration in \(db); run `ferry bench` then `ferry calibrate`"))
        // Every Ferry copy was followed by a timed no-change re-run.
        let stored = try FerryBinary.run(["runs", "show", "\(runID)", "--db", db, "--format", "json"])
        let rescans = (try FerryBinary.json(stored)["samples"] as? [[String: Any]] ?? []).filter { $0["tool"] as? String == "ferry-rescan" }
        #expect(rescans.count == 2 * 3)

        // Two profiles cannot be validated (held-out checks need three): stored, flagged, exit 2.
        let calibrate = try FerryBinary.run(["calibrate", "--db", db, "--runs", "\(runID)", "--format", "json"])
        #expect(calibrate.status == 2, "\(calibrate.stderr)")
        #expect(calibrate.stderr.contains("failed validation"))
        let c = try FerryBinary.json(calibrate)
        #expect(c["flagged"] as? Bool == true)
        #expect(c["kind"] as? String == "calibration" && c["schema_version"] as? Int == 1)
        #expect(c["id"] as? Int == 1)
        #expect(c["source_runs"] as? [Int] == [runID])
        #expect((c["recommended_streams"] as? Int ?? 0) >= 1)
        #expect((c["bytes_usl"] as? [String: Any])?["profile"] as? String == "e2e-large")
        #expect(c["wall_time"] is [String: Any])

        let list = try FerryBinary.run(["runs", "list", "--db", db, "--format", "json"])
        #expect(list.status == 0)
        let listed = try FerryBinary.json(list)
        #expect((listed["runs"] as? [[String: Any]])?.count == 1)
        #expect((listed["calibrations"] as? [[String: Any]])?.first?["id"] as? Int == 1)
        let show = try FerryBinary.run(["runs", "show", "\(runID)", "--db", db])
        #expect(show.status == 0 && show.stdout.contains("run \(runID)"))
        let text = try FerryBinary.run(["runs", "show", "--calibration", "1", "--db", db])
        #expect(text.status == 0 && text.stdout.contains("byte-rate USL (e2e-large)"))
        let missing = try FerryBinary.run(["runs", "show", "42", "--db", db])
        #expect(missing.status == 1 && missing.stderr.contains("no benchmark run 42"))
        let usage = try FerryBinary.run(["runs", "show", "--db", db])
        #expect(usage.status == 64)
        let badPeer = try FerryBinary.run(["bench", "--db", db, "--profile", "\(dir)/e2e-small.yaml", "--peers", "scp"])
        #expect(badPeer.status == 1 && badPeer.stderr.contains("unknown peer 'scp'"))

        // A plan that names the calibration takes its per-file overhead and stream rate.
        let scenario = "\(dir)/calibrated.yaml"
        try """
        name: calibrated
        data: { size: 10GB, files: 10000 }
        network: { bandwidth: 10Gbps }
        copy: { streams: 2, calibration: latest }
        """.write(toFile: scenario, atomically: true, encoding: .utf8)
        // `latest` skips the flagged calibration…
        let refused = try FerryBinary.run(["plan", scenario, "--db", db, "--no-write"])
        #expect(refused.status == 1 && refused.stderr.contains("--allow-failed"), "\(refused.stderr)")
        // …unless asked; the plan then leads with the warning, in text and JSON.
        let warned = try FerryBinary.run(["plan", scenario, "--db", db, "--no-write", "--allow-failed"])
        #expect(warned.status == 0 && warned.stdout.hasPrefix("WARNING: calibration 1 FAILED"), "\(warned.stdout)")
        let plan = try FerryBinary.run(["plan", scenario, "--db", db, "--reports", "\(dir)/reports", "--format", "json", "--allow-failed"])
        #expect(plan.status == 0, "\(plan.stderr)")
        let planned = try FerryBinary.json(plan)
        #expect((planned["warnings"] as? [String])?.first?.contains("FAILED") == true)
        #expect((planned["calibration"] as? [String: Any])?["flagged"] as? Bool == true)
        let p10 = try #require(planned["p10_seconds"] as? Double)
        #expect(p10 <= (planned["p50_seconds"] as? Double ?? 0))
        let applied = try #require(planned["calibration"] as? [String: Any])
        #expect(applied["id"] as? Int == 1)
        let perFile = try #require(applied["per_file_seconds"] as? Double)
        #expect(perFile > 0)
        // The plan's per-file time is exactly files × t_file / streams with the calibration's t_file.
        let planPerFile = try #require(planned["per_file_seconds"] as? Double)
        #expect(abs(planPerFile - 10_000 * perFile / 2) <= 1e-9 * planPerFile)
        #expect(planned["p90_seconds"] != nil, "the calibration's uncertainty enables the Monte Carlo")
        let md = try String(contentsOfFile: "\(dir)/reports/calibrated/plan.md", encoding: .utf8)
        #expect(md.contains("calibration 1 ("))
        #expect(md.contains("> **Warning:** calibration 1 FAILED"))

        let empty = try FerryBinary.run(["plan", scenario, "--db", "\(dir)/empty.sqlite", "--no-write"])
        #expect(empty.status == 1 && empty.stderr.contains("no database at"), "\(empty.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/empty.sqlite"))
    }
}
