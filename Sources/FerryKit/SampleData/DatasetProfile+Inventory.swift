import Foundation

extension DatasetProfile {
    /// A synthetic twin of a scanned tree: the same number of files, the same log2 size
    /// histogram (each bucket's files drawn uniformly around the bucket's mean size, so its
    /// bytes match too) and a directory tree of about the same number of directories.
    ///
    /// ```
    /// weight_k = n_k / n,  size ~ Uniform(m_k − w_k, m_k + w_k),  m_k = bytes_k / n_k,
    /// w_k = min(m_k − lower_k, upper_k − m_k)                       (stays in the bucket)
    /// depth D = clamp(round(mean file depth), 1, 6);  fanout F = smallest F with 1 + F + … + F^D ≥ directories
    /// ```
    /// - Parameters:
    ///   - inventory: the scan.
    ///   - name: the twin's name (default `twin-<root's last component>`).
    /// - Throws: `InventoryError.invalid` when the inventory has no files.
    public static func twin(of inventory: Inventory, name: String? = nil) throws -> DatasetProfile {
        guard inventory.files > 0 else { throw InventoryError.invalid(path: inventory.root, reason: "no regular files to imitate") }
        var components: [SizeDistribution.Component] = []
        for b in inventory.sizeHistogram where b.files > 0 {
            let weight = Double(b.files) / Double(inventory.files)
            let mean = Double(b.bytes) / Double(b.files)
            if b.upperBytes == 0 || b.upperBytes - b.lowerBytes <= 1 {
                components.append(.init(weight: weight, distribution: .fixed(bytes: mean)))
            } else {
                let half = min(mean - Double(b.lowerBytes), Double(b.upperBytes) - mean)
                components.append(.init(weight: weight, distribution: half > 0 ? .uniform(lower: mean - half, upper: mean + half) : .fixed(bytes: mean)))
            }
        }
        let depth = min(6, max(1, Int(inventory.depth.meanFileDepth.rounded())))
        var fanout = 1
        while fanout < 256 && DatasetProfile.treeDirectories(fanout: fanout, depth: depth) < inventory.directories { fanout += 1 }
        let largest = inventory.sizeHistogram.last.map { Double(max($0.upperBytes, 1)) } ?? 1
        let base = (inventory.root as NSString).lastPathComponent
        return DatasetProfile(
            name: name ?? "twin-" + (base.isEmpty ? "root" : base),
            description: "synthetic twin of \(inventory.root): \(inventory.files) files, \(inventory.directories) directories",
            source: "ferry scan of \(inventory.root) at \(ISO8601DateFormatter().string(from: inventory.scannedAt))",
            files: inventory.files, size: components.count == 1 ? components[0].distribution : .mixture(components),
            minimumSize: 0, maximumSize: largest, fanout: fanout, depth: depth, compressibility: 0)
    }

    /// 1 + F + F² + … + F^D.
    static func treeDirectories(fanout: Int, depth: Int) -> Int {
        var total = 1, level = 1
        for _ in 0..<depth { level *= fanout; total += level }
        return total
    }
}
