import ArgumentParser
import FerryKit
import FerryUnits
import Foundation

/// `ferry scan PATH`: an inventory of a directory tree for plans, samples and synthetic twins.
struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inventory a directory tree: files, bytes, links, size and age histograms, shape.",
        discussion: """
            Walks PATH with several threads without following symbolic links and counts files, \
            directories, symlinks and hard links, bytes (apparent per path, as find counts them, and \
            allocated, as du counts them), a log2 size histogram, files per directory, depth, the \
            largest files and the bytes modified in the last day, week and month. \
            --out FILE.json writes the inventory a scenario reads with `data: { inventory: FILE.json }`. \
            Exits 2 when some entries could not be read (they are counted under errors).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The directory to scan.", completion: .directory)
    var path: String

    @Option(help: "Write the inventory JSON here (the summary still goes to stdout).", completion: .file(extensions: ["json"]))
    var out: String?

    @Option(help: "Walker threads (default: 2 × cores, at least 2).")
    var threads: Int?

    @Option(help: "How many of the largest files to list.")
    var top: Int = 10

    func validate() throws {
        if let threads, !(1...256).contains(threads) { throw ValidationError("--threads must be in 1…256, found \(threads)") }
        if top < 0 { throw ValidationError("--top must be ≥ 0, found \(top)") }
    }

    func run() throws {
        let inventory = try InventoryScanner(threads: threads, top: top).scan(path)
        let json = Data(ReportJSON.render(inventory).utf8)
        if let out {
            let url = URL(fileURLWithPath: out)
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            do { try json.write(to: url, options: .atomic) } catch {
                throw ValidationError("--out: cannot write \(out): \((error as NSError).localizedDescription)")
            }
        }
        switch global.format {
        case .json: emit(String(decoding: json, as: UTF8.self))
        case .md: emit(InventoryReport.markdown(inventory))
        case .csv: emit(InventoryReport.csv(inventory))
        case .text: if !global.quiet || out == nil { emit(ScanOutput.text(inventory, out: out)) }
        }
        if inventory.errors.count > 0 {
            warn("Error: \(inventory.errors.count) entr\(inventory.errors.count == 1 ? "y" : "ies") could not be read, e.g. \(inventory.errors.examples.first ?? "")")
            throw ExitCode(2)
        }
    }
}

/// The text summary of a scan.
enum ScanOutput {
    static func text(_ i: Inventory, out: String?) -> String {
        func size(_ b: Int64) -> String { ByteCount(bytes: Double(b)).formatted() }
        func count(_ n: Int) -> String { NumberText.grouped(Double(n)) }
        func counted(_ n: Int, _ one: String, _ many: String) -> String { "\(count(n)) \(n == 1 ? one : many)" }
        var lines = ["\(i.root): \(counted(i.files, "file", "files")), \(size(i.apparentBytes)) (allocated \(size(i.allocatedBytes))), "
                     + "\(counted(i.directories, "directory", "directories")), \(counted(i.symlinks, "symlink", "symlinks")), "
                     + "\(counted(i.hardLinks.linkedFiles, "hard-linked file", "hard-linked files"))"]
        lines.append("  mean file \(size(Int64(i.meanFileBytes))); files per directory mean \(NumberText.trim(i.filesPerDirectory.mean, decimals: 1)), max \(count(i.filesPerDirectory.max)); depth max \(i.depth.max)")
        lines.append("  modified: last day \(size(i.bytesModified(within: 86_400))), week \(size(i.bytesModified(within: 7 * 86_400))), month \(size(i.bytesModified(within: 30 * 86_400)))")
        if let big = i.largestFiles.first { lines.append("  largest: \(big.path) (\(size(big.bytes)))") }
        lines.append("  scanned \(count(i.entries)) entries in \(NumberText.trim(i.seconds, decimals: 2)) s (\(count(Int(i.entriesPerSecond))) entries/s, \(i.threads) threads)")
        if let out { lines.append("  inventory: \(out)") }
        return lines.joined(separator: "\n")
    }
}
