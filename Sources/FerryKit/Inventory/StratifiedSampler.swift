import FerryModels
import Foundation

/// Draws a stratified random sample of a tree's regular files so the sample's size histogram
/// matches the tree's: in every log2 size bucket k the same fraction f of the files is drawn.
///
/// ```
/// f   = min(1, target bytes / tree bytes)
/// q_k = ⌊f·n_k⌋ + (1 with probability frac(f·n_k))     (stochastic rounding: E[q_k] = f·n_k)
/// ```
/// Each bucket's q_k files are a uniform reservoir sample (Algorithm R) over a second walk of
/// the tree; memory holds only the sample. Random numbers: GSL's mt19937, seeded.
public struct StratifiedSampler: Sendable {
    /// Bytes the sample should hold (in expectation), > 0.
    public var targetBytes: Double
    /// Seed of the draws.
    public var seed: UInt64

    /// One drawn file: path relative to the root, size.
    public struct Pick: Sendable, Equatable {
        /// Relative path.
        public var path: String
        /// Size, bytes.
        public var bytes: Int64
    }

    /// What `materialize` wrote.
    public struct Written: Sendable, Equatable {
        /// Files copied.
        public var files: Int
        /// Bytes copied.
        public var bytes: Int64
        /// Directories in the sample tree, root included.
        public var directories: Int
    }

    /// Creates a sampler.
    public init(targetBytes: Double, seed: UInt64 = 1) {
        self.targetBytes = targetBytes
        self.seed = seed
    }

    /// Files drawn per bucket (index = log2 bucket, as in `Inventory.sizeHistogram`).
    public func quotas(_ inventory: Inventory) -> [Int] {
        let random = RandomSource(seed: seed)
        let f = inventory.apparentBytes > 0 ? min(1, targetBytes / Double(inventory.apparentBytes)) : 1
        var quotas = [Int](repeating: 0, count: InventoryTally.sizeBuckets)
        for b in inventory.sizeHistogram {
            let k = InventoryTally.sizeBucket(b.lowerBytes)
            let exact = f * Double(b.files)
            quotas[k] = Int(exact.rounded(.down)) + (random.uniform() < exact - exact.rounded(.down) ? 1 : 0)
        }
        return quotas
    }

    /// Chooses the files.
    /// - Parameters:
    ///   - root: the tree (the one `inventory` describes).
    ///   - inventory: its inventory (for the bucket counts).
    /// - Returns: the picks, sorted by path.
    public func choose(from root: String, inventory: Inventory) -> [Pick] {
        let quotas = self.quotas(inventory)
        let random = RandomSource(seed: seed &+ 1)
        var seen = [Int](repeating: 0, count: quotas.count)
        var reservoirs = [[Pick]](repeating: [], count: quotas.count)
        var stack = [(path: root, relative: "")]
        while let dir = stack.popLast() {
            _ = DirectoryReader.list(dir.path, entry: { status, name in
                switch status.kind {
                case .directory:
                    let n = name()
                    stack.append((dir.path + "/" + n, dir.relative.isEmpty ? n : dir.relative + "/" + n))
                case .file:
                    let k = InventoryTally.sizeBucket(status.size)
                    guard quotas[k] > 0 else { return }
                    seen[k] += 1
                    let n = name()
                    let pick = Pick(path: dir.relative.isEmpty ? n : dir.relative + "/" + n, bytes: status.size)
                    if reservoirs[k].count < quotas[k] {
                        reservoirs[k].append(pick)
                    } else {
                        let j = Int(random.integer(below: UInt(seen[k])))
                        if j < quotas[k] { reservoirs[k][j] = pick }
                    }
                default: break
                }
            }, failed: { _, _ in })
        }
        return reservoirs.flatMap { $0 }.sorted { $0.path < $1.path }
    }

    /// Copies the drawn files into `destination` under their relative paths.
    /// - Throws: `InventoryError.notADirectory` (bad root), `DatasetError.cannotWrite` naming the path.
    @discardableResult
    public func materialize(from root: String, inventory: Inventory, into destination: String) throws -> Written {
        let fm = FileManager.default
        if fm.fileExists(atPath: destination) {
            do { try fm.removeItem(atPath: destination) } catch {
                throw DatasetError.cannotWrite(path: destination, reason: (error as NSError).localizedDescription)
            }
        }
        var directories: Set<String> = [""]
        var written = Written(files: 0, bytes: 0, directories: 0)
        for pick in choose(from: root, inventory: inventory) {
            let parent = (pick.path as NSString).deletingLastPathComponent
            var p = parent
            while !p.isEmpty && !directories.contains(p) {
                directories.insert(p)
                p = (p as NSString).deletingLastPathComponent
            }
            let target = destination + "/" + pick.path
            do {
                try fm.createDirectory(atPath: destination + (parent.isEmpty ? "" : "/" + parent), withIntermediateDirectories: true)
                try fm.copyItem(atPath: root + "/" + pick.path, toPath: target)
            } catch {
                throw DatasetError.cannotWrite(path: target, reason: (error as NSError).localizedDescription)
            }
            written.files += 1
            written.bytes += pick.bytes
        }
        try? fm.createDirectory(atPath: destination, withIntermediateDirectories: true)
        written.directories = directories.count
        return written
    }
}
