import ArgumentParser
import FerryCopy
import FerryUnits
import Foundation

/// `ferry copy SRC DST`: the parallel copy engine as a tool (resumable, incremental).
struct CopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a directory tree in parallel: resumable, incremental, optionally verified.",
        discussion: """
            Copies the contents of SRC into DST (created if missing), like `cp -a SRC/. DST`: \
            files, directories, symlinks, hard links, FIFOs, sockets and devices, with modes, \
            times, numeric owner and group (as root), extended attributes and ACLs, and the \
            holes of sparse files (like rsync -aHAX --numeric-ids; see the --no-* flags). \
            Setuid/setgid bits are kept only when owner and group are (as with cp). Each file \
            is written under a temporary name (.ferry-tmp.<run token>.*) in its target \
            directory and renamed into place, so a final name never holds a partial file; \
            files of 256 MiB and more record each 64 MiB written, so a run killed mid-file \
            resumes there (then hashes the whole file). Every source entry is copied, \
            whatever its name; only temporaries this engine recorded are ever cleaned up.

            A re-run skips files whose target has the same size and mtime (within \
            --modify-window, detected from the filesystems by default; or, with --checksum, \
            the same XXH3-128), copies new and changed ones, and removes the temporaries an \
            interrupted run left. The manifest (every run and every path's outcome) lives \
            outside the data: $XDG_STATE_HOME/ferry/manifests/ (default \
            ~/.local/state/ferry/manifests/), one file per canonical SRC/DST pair, unless \
            --manifest says otherwise. After a copy, DST holds exactly the source's entries.

            Safety: SRC == DST, SRC inside DST with --delete, an empty DST and a manifest \
            inside SRC or DST are refused (exit 64); when DST is inside SRC it is skipped by \
            the walk. A DST that is an existing file fails before anything changes. One run \
            per destination: a second concurrent run exits 1 at once. With --delete, nothing \
            is deleted when any source entry could not be read. Without --delete, a non-empty \
            target directory is never removed to make way for a source file (exit 2).

            SIGINT/SIGTERM stop the run: no new work, temporaries removed, manifest left \
            consistent, summary printed, exit 130/143 (a second signal quits at once).

            --verify is off by default: it needs the bytes in user space (no copy_file_range) \
            and reads every target back. Without it, data moves by copy_file_range where the \
            kernel can, and size/mtime are checked before and after each file.

            Exit codes: 0 ok; 1 error before copying (bad source or destination, manifest, \
            destination busy); 2 some files failed (listed in the summary); 64 usage error; \
            130/143 stopped by SIGINT/SIGTERM.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Source directory.")
    var source: String

    @Argument(help: "Destination directory (created if missing).")
    var destination: String

    @Option(help: "Parallel copy streams (default: 2 × CPUs, \(CopyOptions.defaultStreams) here).")
    var streams: Int?

    @Flag(inversion: .prefixedNo, help: "Hash source and target with XXH3-128 and compare.")
    var verify = false

    @Flag(help: "Decide 'unchanged' by XXH3-128 of source and target, not size + mtime.")
    var checksum = false

    @Flag(help: "Remove target entries absent from the source (default: off).")
    var delete = false

    @Option(help: "Total bandwidth cap, e.g. 100MB/s, 1Gbps.")
    var bwlimit: String?

    @Flag(help: "Show what would be copied and deleted; change nothing.")
    var dryRun = false

    @Flag(help: "fsync each file before renaming it into place.")
    var fsync = false

    @Option(help: "Split files at least this large into chunks (default 256MiB).")
    var chunkThreshold: String?

    @Option(help: "Chunk size for split files (default 64MiB).")
    var chunkSize: String?

    @Option(help: "Work order: largest-first, mixed (rclone's), walk.")
    var order: String = "largest-first"

    @Option(help: "Manifest database, outside SRC and DST (default: a file per SRC/DST pair under $XDG_STATE_HOME/ferry/manifests or ~/.local/state/ferry/manifests).")
    var manifest: String?

    @Option(name: .customLong("modify-window"),
            help: "Treat mtimes this many seconds apart as equal (default: detected, the coarser filesystem's granularity).")
    var modifyWindow: Double?

    @Option(help: "When stderr is not a terminal, print a stats line this often, e.g. 30s, 1min, 0 = never.")
    var stats: String = "30s"

    @OptionGroup(title: "Fidelity (kept by default, like rsync -aHAX --numeric-ids)") var fidelity: CopyFidelityFlags

    /// S3-only flags (`--endpoint`, `--follow-symlinks`); see S3CopyCommand.swift.
    @OptionGroup var s3: S3CopyFlags

    /// The engine options from the flags.
    func makeOptions() throws -> CopyOptions {
        var options = CopyOptions()
        if let streams {
            guard (1...1024).contains(streams) else { throw ValidationError("--streams must be 1…1024, got \(streams)") }
            options.streams = streams
        }
        if let modifyWindow {
            guard modifyWindow >= 0 && modifyWindow <= 86_400 else {
                throw ValidationError("--modify-window must be 0…86400 seconds, got \(modifyWindow)")
            }
            options.modifyWindow = modifyWindow
        }
        options.verify = verify
        options.checksum = checksum
        options.delete = delete
        options.dryRun = dryRun
        options.fsync = fsync
        options.manifestPath = manifest
        if let bwlimit {
            let rate = try usage("--bwlimit") { try DataRate.parse(bwlimit).bytesPerSecond }
            // At least 1 KiB/s (rsync's --bwlimit unit): below that a single block takes minutes and
            // a run looks hung.
            guard rate.isFinite && rate >= 1024 else { throw ValidationError("--bwlimit must be a finite rate of at least 1KiB/s, got '\(bwlimit)'") }
            options.bandwidthLimit = rate
        }
        if let chunkThreshold { options.chunkThreshold = try byteOption("--chunk-threshold", chunkThreshold) }
        if let chunkSize { options.chunkSize = try byteOption("--chunk-size", chunkSize) }
        fidelity.apply(to: &options)
        switch order {
        case "largest-first": options.order = .largestFirst
        case "mixed": options.order = .mixed
        case "walk": options.order = .walk
        default: throw ValidationError("--order must be largest-first, mixed or walk, got '\(order)'")
        }
        do { try options.validate() } catch { throw ValidationError(error.localizedDescription) }
        return options
    }

    /// Runs a unit parser, turning its complaint into a usage error (exit 64) naming the flag.
    private func usage<T>(_ flag: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch {
            throw ValidationError("\(flag): \(Ferry.describe(error))")
        }
    }

    /// A byte size flag, checked to fit the engine's range before any integer conversion.
    private func byteOption(_ flag: String, _ text: String) throws -> Int64 {
        let bytes = try usage(flag) { try ByteCount.parse(text, allowZero: false).bytes }
        guard bytes.isFinite, bytes >= 1, bytes <= Double(CopyOptions.maxChunkBytes) else {
            throw ValidationError("\(flag) must be 1 B…1 PiB, got '\(text)'")
        }
        return Int64(bytes)
    }

    /// The `--stats` interval in seconds (0 = off).
    func statsInterval() throws -> Double {
        if stats == "0" { return 0 }
        let seconds = try usage("--stats") { try TimeSpan.parse(stats).seconds }
        guard seconds.isFinite, seconds > 0, seconds <= 86_400 else {
            throw ValidationError("--stats must be 0 (off) or 1ms…24h, got '\(stats)'")
        }
        return seconds
    }

    /// Runs the engine; an unsafe pair or bad option value becomes a usage error (exit 64).
    private func runEngine(_ engine: CopyEngine, progress: ((CopyProgress) -> Void)?) throws -> CopySummary {
        do {
            return try engine.run(from: source, to: destination, progress: progress)
        } catch where error.isUsageError {
            throw ValidationError(error.localizedDescription)
        }
    }

    func run() throws {
        guard !destination.isEmpty else {
            throw ValidationError("DST is empty; give a destination directory (an empty path would mean the working directory)")
        }
        if S3CopyCommand.handles(source: source, destination: destination) { return try S3CopyCommand.run(self) }
        let engine = CopyEngine(options: try makeOptions())
        let statsEvery = try statsInterval()
        let interrupts = CopySignals(engine: engine)
        defer { interrupts.cancel() }
        let onTerminal = GlobalOptions.stderrIsTerminal
        let meter = CopyProgressLine(terminal: onTerminal, statsInterval: statsEvery)
        let showProgress = !global.quiet && (onTerminal || statsEvery > 0)
        let summary = try runEngine(engine, progress: showProgress ? meter.update : nil)
        if showProgress { meter.clear() }
        if !global.quiet || global.format == .json {
            for warning in summary.warnings { warn("warning: \(warning)") }
        }
        emit(CopyReport(summary: summary, verify: verify).render(global.format, verbose: global.verbose))
        if let signal = summary.stopSignal { throw ExitCode(128 + signal) }
        if !summary.errors.isEmpty { throw ExitCode(2) }
    }
}
