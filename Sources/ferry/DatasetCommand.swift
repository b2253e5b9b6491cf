import ArgumentParser
import FerryKit
import FerryUnits
import Foundation

/// `ferry dataset`: deterministic sample data from profiles.
struct Dataset: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Deterministic sample data from profiles (datasets/profiles/*.yaml).",
        subcommands: [DatasetGenerate.self, DatasetList.self]
    )
}

/// `ferry dataset generate --profile P --out DIR [--seed S] [--scale X]`.
struct DatasetGenerate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a sample-data tree from a profile; the same profile and seed give a byte-identical tree.",
        discussion: """
            --profile takes a name from --profiles (default datasets/profiles) or a path to a YAML file. \
            --inventory FILE.json (from `ferry scan --out`) writes a synthetic twin of a scanned tree instead: \
            the same number of files, the same log2 size histogram and about as many directories. \
            --scale multiplies the number of files (sizes unchanged).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Profile name or YAML path.")
    var profile: String?

    @Option(help: "Generate a synthetic twin of a scanned tree instead: an inventory from `ferry scan --out`.",
            completion: .file(extensions: ["json"]))
    var inventory: String?

    @Option(help: "Output directory (created; must be empty unless --force).")
    var out: String

    @Option(help: "Seed of GSL's mt19937.")
    var seed: UInt64 = 1

    @Option(help: "Multiply the profile's file count by this (> 0).")
    var scale: Double = 1

    @Option(help: "Directory of profile files.")
    var profiles: String = "datasets/profiles"

    @Flag(help: "Replace a non-empty output directory.")
    var force = false

    func validate() throws {
        guard scale > 0, scale.isFinite else { throw ValidationError("--scale must be > 0, found \(scale)") }
        if (profile == nil) == (inventory == nil) { throw ValidationError("give --profile NAME or --inventory FILE.json (one of them)") }
    }

    func run() throws {
        let base = try inventory.map { try DatasetProfile.twin(of: Inventory.load(path: $0)) }
            ?? ProfileCatalog(directory: profiles).profile(profile!)
        let recipe = base.scaled(by: scale)
        let showProgress = GlobalOptions.stderrIsTerminal && !global.quiet
        var lastShown = Date.distantPast
        let summary = try DatasetGenerator(profile: recipe, seed: seed).generate(into: out, replace: force) { files, bytes in
            guard showProgress, Date().timeIntervalSince(lastShown) > 0.2 else { return }
            lastShown = Date()
            DatasetOutput.status("\(files)/\(recipe.files) files  \(ByteCount(bytes: Double(bytes)).formatted())")
        }
        if showProgress { DatasetOutput.status("") }
        emit(DatasetOutput.render(summary, profile: recipe, format: global.format))
    }
}

/// `ferry dataset list`: the profiles available.
struct DatasetList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the profiles.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Directory of profile files.")
    var profiles: String = "datasets/profiles"

    func run() throws {
        let catalog = ProfileCatalog(directory: profiles)
        let loaded = try catalog.names().map { try catalog.profile($0) }
        switch global.format {
        case .json:
            emit(ReportJSON.render(DatasetDocument(["profiles": loaded.map { DatasetOutput.object($0) }])))
        case .csv:
            emit((["name,files,expected_bytes,size"] + loaded.map {
                "\($0.name),\($0.files),\(Int64($0.expectedBytes)),\"\($0.size.summary)\""
            }).joined(separator: "\n"))
        case .text, .md:
            emit(loaded.map {
                "\($0.name.padding(toLength: 18, withPad: " ", startingAt: 0))\(NumberText.grouped(Double($0.files))) files, ≈ \(ByteCount(bytes: $0.expectedBytes).formatted()); \($0.description)"
            }.joined(separator: "\n"))
        }
    }
}

/// Renders a generated dataset.
enum DatasetOutput {
    /// Rewrites the one-line status on stderr (a terminal only); "" clears it.
    static func status(_ text: String) {
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
    }

    static func object(_ p: DatasetProfile) -> [String: Any] {
        ["name": p.name, "files": p.files, "expected_bytes": p.expectedBytes, "size": p.size.summary,
         "fanout": p.fanout, "depth": p.depth, "compressibility": p.compressibility, "source": p.source]
    }

    static func render(_ s: DatasetSummary, profile: DatasetProfile, format: OutputFormat) -> String {
        switch format {
        case .json:
            return ReportJSON.render(DatasetDocument([
                "profile": s.profile, "seed": s.seed, "path": s.path, "files": s.files, "bytes": s.bytes,
                "directories": s.directories, "median_size_bytes": s.medianSize, "largest_size_bytes": s.largestSize,
                "compressibility": profile.compressibility,
            ]))
        case .csv:
            return "profile,seed,path,files,bytes,directories,median_size_bytes,largest_size_bytes\n"
                + "\(s.profile),\(s.seed),\(s.path),\(s.files),\(s.bytes),\(s.directories),\(s.medianSize),\(s.largestSize)"
        case .text, .md:
            return "\(s.path): \(NumberText.grouped(Double(s.files))) files, \(ByteCount(bytes: Double(s.bytes)).formatted()) "
                + "in \(s.directories) directories (profile \(s.profile), seed \(s.seed); median \(ByteCount(bytes: Double(s.medianSize)).formatted()), "
                + "largest \(ByteCount(bytes: Double(s.largestSize)).formatted()))"
        }
    }
}
