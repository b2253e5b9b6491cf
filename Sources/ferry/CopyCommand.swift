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
            Copies the contents of SRC into DST (created if missing), like `cp -a SRC/. DST`:
            files, directories and symlinks with their modes and modification times; FIFOs,
            sockets and devices are skipped with a warning. Each file is written under a
            temporary name (.ferry-tmp.*) in its target directory and renamed into place, so
            a final name never holds a partial file.

            A re-run skips files whose target has the same size and mtime (or, with
            --checksum, the same XXH3-128), copies new and changed ones, and removes stray
            temporaries left by an interrupted run. The manifest (every run and every path's
            outcome) is DST/.ferry-manifest.sqlite unless --manifest says otherwise; it is
            never copied or deleted as data.

            --verify is off by default: it needs the bytes in user space (no copy_file_range)
            and reads every target back. Without it, data moves by copy_file_range where the
            kernel can, and size/mtime are checked before and after each file.

            Exit codes: 0 ok; 1 error before copying (bad source, manifest); 2 some files
            failed (listed in the summary); 64 usage error.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Source directory.")
    var source: String

    @Argument(help: "Destination directory (created if missing).")
    var destination: String

    @Option(help: "Parallel copy streams (default: 2 × CPUs, \(CopyOptions.defaultStreams) here).")
    var streams: Int?

    @Flag(inversion: .prefixedNo, help: "Hash source and target with XXH3-128 and compare (default: off).")
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

    @Option(help: "Work order: largest-first (default), mixed (rclone's), walk.")
    var order: String = "largest-first"

    @Option(help: "Manifest database (default: DST/.ferry-manifest.sqlite).")
    var manifest: String?

    /// S3-only flags (`--endpoint`, `--follow-symlinks`); see S3CopyCommand.swift.
    @OptionGroup var s3: S3CopyFlags

    /// The engine options from the flags.
    func makeOptions() throws -> CopyOptions {
        var options = CopyOptions()
        if let streams {
            guard streams >= 1 else { throw ValidationError("--streams must be at least 1, got \(streams)") }
            options.streams = streams
        }
        options.verify = verify
        options.checksum = checksum
        options.delete = delete
        options.dryRun = dryRun
        options.fsync = fsync
        options.manifestPath = manifest
        if let bwlimit { options.bandwidthLimit = try DataRate.parse(bwlimit).bytesPerSecond }
        if let chunkThreshold { options.chunkThreshold = Int64(try ByteCount.parse(chunkThreshold, allowZero: false).bytes) }
        if let chunkSize { options.chunkSize = Int64(try ByteCount.parse(chunkSize, allowZero: false).bytes) }
        switch order {
        case "largest-first": options.order = .largestFirst
        case "mixed": options.order = .mixed
        case "walk": options.order = .walk
        default: throw ValidationError("--order must be largest-first, mixed or walk, got '\(order)'")
        }
        return options
    }

    func run() throws {
        if S3CopyCommand.handles(source: source, destination: destination) { return try S3CopyCommand.run(self) }
        let engine = CopyEngine(options: try makeOptions())
        let showProgress = GlobalOptions.stderrIsTerminal && !global.quiet
        let meter = CopyProgressLine()
        let summary = try engine.run(from: source, to: destination, progress: showProgress ? meter.update : nil)
        if showProgress { meter.clear() }
        if !global.quiet || global.format == .json {
            for warning in summary.warnings { warn("warning: \(warning)") }
        }
        emit(CopyReport(summary: summary, verify: verify).render(global.format, verbose: global.verbose))
        if !summary.errors.isEmpty { throw ExitCode(2) }
    }
}
