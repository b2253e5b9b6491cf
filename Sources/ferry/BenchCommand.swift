import ArgumentParser
import FerryKit
import FerryUnits
import Foundation

extension PageCacheMode: ExpressibleByArgument {}

/// `ferry bench`: sweep streams × profiles × repetitions with Ferry's engine (and peers),
/// storing every sample; writes `reports/bench-<id>/`.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark the copy engine over streams × profiles × repetitions; samples go to the database.",
        discussion: """
            Each profile's sample data is generated under --scratch (default .ferry/bench-scratch), \
            copied once per warm-up, then copied at every stream count × repetition in shuffled \
            order into a fresh target. --peers runs cp, rsync (single stream) and rclone \
            (--transfers N) on the same data.

            Page cache (--cache): evict (default) fsyncs the source files and drops just them with \
            posix_fadvise(DONTNEED), leaving other processes' cache alone; drop writes \
            /proc/sys/vm/drop_caches (root only, falls back to evict and the report says so); \
            warm measures copies from memory.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("profile"), help: "Profile name or YAML path, optionally NAME:SCALE (repeatable; default small-files, large-files, mixed).")
    var profileNames: [String] = []

    @Option(help: "Directory of profile files.")
    var profiles: String = "datasets/profiles"

    @Option(help: "Stream counts, comma-separated.")
    var streams: String = "1,2,4,8,16,32"

    @Option(help: "Timed copies per (profile, tool, streams).")
    var repetitions: Int = 3

    @Option(help: "Warm-up copies per profile (stored, not fitted).")
    var warmup: Int = 1

    @Option(help: "Seed of the sample data and of the sweep order.")
    var seed: UInt64 = 1

    @Option(help: "Multiply each profile's file count by this.")
    var scale: Double = 1

    @Option(help: "Peers to run beside Ferry, comma-separated: cp, rsync, rclone.")
    var peers: String?

    @Option(help: "Page cache before each timed copy: evict, drop or warm.")
    var cache: PageCacheMode = .evict

    @Option(help: "A real tree to benchmark beside the profiles: a stratified sample of it (see --sample) is copied (repeatable).",
            completion: .directory)
    var source: [String] = []

    @Option(help: "Bytes of each --source sample, drawn per log2 size bucket so its histogram matches the tree's (e.g. 200MB).")
    var sample: String = "200MB"

    @Option(help: "Time budget per sample, seconds: shorter copies are repeated until they add up to it (median kept).")
    var minSeconds: Double = 1

    @Flag(inversion: .prefixedNo, help: "Time a no-change re-run after each of Ferry's copies (the floor of a delta round).")
    var rescan = true

    @Option(help: "Scratch directory for sample data and targets.")
    var scratch: String = ".ferry/bench-scratch"

    @Option(help: "Reports directory; the run's report goes to <dir>/bench-<id>/.")
    var reports: String = "reports"

    @Flag(help: "Do not write a report.")
    var noReport = false

    /// S3-target flags (`--target s3://…`, `--endpoint`, …); see S3BenchCommand.swift.
    @OptionGroup var s3: S3BenchFlags

    func run() throws {
        if s3.target != nil { return try S3BenchCommand.run(self) }
        let counts = try streams.split(separator: ",").map { text -> Int in
            guard let n = Int(text.trimmingCharacters(in: .whitespaces)), n >= 1 else {
                throw ValidationError("--streams: '\(text)' is not a whole number ≥ 1")
            }
            return n
        }
        let names = profileNames.isEmpty ? ["small-files", "large-files", "mixed"] : profileNames
        let sampleBytes = try flagValue("--sample", sample) { try ByteCount.parse($0, allowZero: false).bytes }!
        let catalog = ProfileCatalog(directory: profiles)
        // NAME:SCALE scales one profile's file count on top of --scale.
        var profileScales: [String: Double] = [:]
        let loaded = try names.map { entry -> DatasetProfile in
            if let colon = entry.lastIndex(of: ":"), let factor = Double(entry[entry.index(after: colon)...]) {
                guard factor > 0, factor.isFinite else { throw ValidationError("--profile \(entry): scale must be > 0") }
                let profile = try catalog.profile(String(entry[..<colon]))
                profileScales[profile.name] = factor
                return profile.scaled(by: factor)
            }
            return try catalog.profile(entry)
        }
        var settings = BenchSettings(profiles: loaded.map(\.name), streams: counts, repetitions: repetitions, warmup: warmup,
                                     seed: seed, scale: scale,
                                     peers: peers.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? [],
                                     cache: cache, profileScales: profileScales.isEmpty ? nil : profileScales,
                                     minSeconds: minSeconds, rescan: rescan)
        var trees: [BenchTree] = []
        for path in source {
            if !global.quiet { warn("sampling \(ByteCount(bytes: sampleBytes).formatted()) of \(path)…") }
            let inventory = try InventoryScanner().scan(path)
            let name = "sample-" + ((path as NSString).lastPathComponent.isEmpty ? "root" : (path as NSString).lastPathComponent)
            let destination = (scratch as NSString).appendingPathComponent("sources/\(name)")
            let written = try StratifiedSampler(targetBytes: sampleBytes, seed: seed).materialize(from: path, inventory: inventory, into: destination)
            trees.append(BenchTree(name: name, path: destination, files: written.files, bytes: written.bytes, directories: written.directories))
        }
        settings.sourceSamples = trees.isEmpty ? nil : trees.map(\.name)
        let runner = try BenchRunner(settings: settings, profiles: loaded, trees: trees, scratch: scratch)
        let store = try FerryStore(path: global.databasePath)
        let tty = GlobalOptions.stderrIsTerminal && !global.quiet
        let result = try runner.run(store: store) { p in
            if let s = p.sample {
                let line = "[\(p.done)/\(p.total)] \(s.profile) \(s.tool) N=\(s.streams): \(NumberText.trim(s.seconds, decimals: 3)) s, "
                    + "\(DataRate(bytesPerSecond: s.bytesPerSecond).formatted()), \(NumberText.grouped(s.filesPerSecond)) files/s"
                if tty { DatasetOutput.status(line) } else if global.verbose { warn(line) }
            } else if tty {
                DatasetOutput.status("[\(p.done)/\(p.total)] \(p.phase)…")
            } else if !global.quiet {
                warn("\(p.phase)…")
            }
        }
        if tty { DatasetOutput.status("") }
        var written: [String] = []
        if !noReport {
            let directory = (reports as NSString).appendingPathComponent("bench-\(result.run.id)")
            written = try BenchReport(run: result.run, samples: result.samples).write(to: directory)
        }
        emit(BenchOutput.render(run: result.run, samples: result.samples, report: written.first, format: global.format))
    }
}

/// Renders a finished run.
enum BenchOutput {
    static func render(run: BenchRun, samples: [BenchSample], report: String?, format: OutputFormat) -> String {
        let timed = samples.filter { !$0.warmup }
        switch format {
        case .json:
            return ReportJSON.render(BenchRunDocument([
                "run_id": run.id, "status": run.status, "machine": run.fingerprint.summary, "cache": run.cacheNote,
                "report": report ?? NSNull(), "samples": timed.map { s in
                    ["profile": s.profile, "tool": s.tool, "streams": s.streams, "repetition": s.repetition, "files": s.files,
                     "bytes": s.bytes, "seconds": s.seconds, "bytes_per_second": s.bytesPerSecond, "errors": s.errors] as [String: Any]
                },
            ]))
        case .csv:
            return BenchReport(run: run, samples: samples).csv()
        case .text, .md:
            return "run \(run.id): \(timed.count) timed copies (\(run.status)) on \(run.fingerprint.summary)\n"
                + "cache: \(run.cacheNote)\n" + (report.map { "report: \($0)\n" } ?? "")
                + "next: ferry calibrate --runs \(run.id)"
        }
    }
}
