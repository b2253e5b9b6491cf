import FerryUnits
import Foundation

/// Renders an inventory as Markdown (for people) or CSV (one row per histogram bucket).
public enum InventoryReport {
    /// A Markdown summary: totals, the size histogram, tree shape, ages, largest files.
    public static func markdown(_ i: Inventory) -> String {
        func size(_ b: Int64) -> String { ByteCount(bytes: Double(b)).formatted() }
        func count(_ n: Int) -> String { NumberText.grouped(Double(n)) }
        var md = "# Inventory of \(i.root)\n\n"
        md += "| | |\n|---|---|\n"
        md += "| Files | \(count(i.files)) |\n| Directories | \(count(i.directories)) |\n| Symbolic links | \(count(i.symlinks)) |\n"
        md += "| Other (FIFOs, sockets, devices) | \(count(i.other)) |\n"
        md += "| Bytes (apparent, per path) | \(size(i.apparentBytes)) (\(i.apparentBytes) B) |\n"
        md += "| Bytes (allocated, du) | \(size(i.allocatedBytes)) |\n"
        md += "| Hard-linked files | \(count(i.hardLinks.linkedFiles)) paths, \(count(i.hardLinks.inodes)) inodes, \(size(i.hardLinks.duplicateBytes)) counted twice |\n"
        md += "| Mean file size | \(size(Int64(i.meanFileBytes))) |\n"
        md += "| Files per directory | mean \(NumberText.trim(i.filesPerDirectory.mean, decimals: 1)), max \(count(i.filesPerDirectory.max)) |\n"
        md += "| Depth | max \(i.depth.max), mean file depth \(NumberText.trim(i.depth.meanFileDepth, decimals: 1)) |\n"
        md += "| Modified in the last day / week / month | \(size(i.bytesModified(within: 86_400))) / \(size(i.bytesModified(within: 7 * 86_400))) / \(size(i.bytesModified(within: 30 * 86_400))) |\n"
        md += "| Scan | \(count(i.entries)) entries in \(NumberText.trim(i.seconds, decimals: 2)) s (\(count(Int(i.entriesPerSecond))) entries/s, \(i.threads) threads) |\n"
        if i.errors.count > 0 { md += "| Unreadable entries | \(i.errors.count) (e.g. \(i.errors.examples.first ?? "")) |\n" }
        md += "\n## Sizes (log2 buckets)\n\n| Size from | to below | Files | Bytes |\n|---:|---:|---:|---:|\n"
        for b in i.sizeHistogram where b.files > 0 {
            md += "| \(b.upperBytes == 0 ? "0 (empty)" : size(b.lowerBytes)) | \(b.upperBytes == 0 ? "" : size(b.upperBytes)) | \(count(b.files)) | \(size(b.bytes)) |\n"
        }
        md += "\n## Files per directory\n\n| Files from | to below | Directories |\n|---:|---:|---:|\n"
        for b in i.filesPerDirectory.histogram where b.directories > 0 {
            md += "| \(b.lower) | \(b.upper == 0 ? "" : String(b.upper)) | \(count(b.directories)) |\n"
        }
        md += "\n## Age (since last modification)\n\n| Age | Files | Bytes |\n|---|---:|---:|\n"
        for b in i.ageHistogram { md += "| \(b.label) | \(count(b.files)) | \(size(b.bytes)) |\n" }
        if !i.largestFiles.isEmpty {
            md += "\n## Largest files\n\n| Path | Size |\n|---|---:|\n"
            for f in i.largestFiles { md += "| \(f.path.replacingOccurrences(of: "|", with: "\\|")) | \(size(f.bytes)) |\n" }
        }
        return md
    }

    /// CSV: `section,label,lower,upper,count,bytes` rows for the totals and every histogram.
    public static func csv(_ i: Inventory) -> String {
        var rows = ["section,label,lower,upper,count,bytes"]
        rows.append("total,files,,,\(i.files),\(i.apparentBytes)")
        rows.append("total,allocated,,,,\(i.allocatedBytes)")
        rows.append("total,directories,,,\(i.directories),")
        rows.append("total,symlinks,,,\(i.symlinks),")
        rows.append("total,other,,,\(i.other),")
        rows.append("total,hard_linked_files,,,\(i.hardLinks.linkedFiles),\(i.hardLinks.duplicateBytes)")
        for b in i.sizeHistogram { rows.append("size,,\(b.lowerBytes),\(b.upperBytes),\(b.files),\(b.bytes)") }
        for b in i.filesPerDirectory.histogram { rows.append("files_per_directory,,\(b.lower),\(b.upper),\(b.directories),") }
        for (d, n) in i.depth.filesByDepth.enumerated() { rows.append("files_by_depth,\(d),,,\(n),") }
        for b in i.ageHistogram {
            rows.append("age,\(b.label),\(NumberText.trim(b.minAgeSeconds)),\(b.maxAgeSeconds.map { NumberText.trim($0) } ?? ""),\(b.files),\(b.bytes)")
        }
        for f in i.largestFiles { rows.append("largest,\"\(f.path.replacingOccurrences(of: "\"", with: "\"\""))\",,,1,\(f.bytes)") }
        return rows.joined(separator: "\n") + "\n"
    }
}
