import Foundation

/// The running totals of one scanner thread; merged into an `Inventory` at the end.
/// Its size is fixed (histograms, the top-N list) except for the hard-linked inodes it has seen.
struct InventoryTally {
    /// Log2 size buckets: 0 = empty files, k ≥ 1 = sizes in [2^(k−1), 2^k).
    static let sizeBuckets = 65
    /// Age bucket bounds, seconds: 1 day, 7 days, 30 days, 365 days.
    static let ageBounds: [Double] = [86_400, 7 * 86_400, 30 * 86_400, 365 * 86_400]
    static let ageLabels = ["1d", "7d", "30d", "365d", "older"]

    var entries = 0, files = 0, directories = 0, symlinks = 0, other = 0
    var apparentBytes: Int64 = 0, allocatedBytes: Int64 = 0, metadataApparentBytes: Int64 = 0
    var sizeFiles = [Int](repeating: 0, count: sizeBuckets)
    var sizeBytes = [Int64](repeating: 0, count: sizeBuckets)
    var directoryFileCounts = [Int](repeating: 0, count: 34)
    var maxFilesInDirectory = 0
    var filesByDepth: [Int] = []
    var directoriesByDepth: [Int] = []
    var fileDepthSum = 0
    var maxDepth = 0
    /// Ages: index 0 = future, 1…5 = the `ageLabels`.
    var ageFiles = [Int](repeating: 0, count: 6)
    var ageBytes = [Int64](repeating: 0, count: 6)
    var largest: [Inventory.LargeFile] = []   // ascending by size, at most `top`
    let top: Int
    /// Hard-linked non-directories: (device, inode) → (size, allocated); counted once at the merge.
    var linked: [InodeKey: (size: Int64, allocated: Int64)] = [:]
    var linkedPaths = 0
    var linkedPathBytes: Int64 = 0
    var errorCount = 0
    var errorExamples: [String] = []

    struct InodeKey: Hashable { var device: UInt64, inode: UInt64 }

    init(top: Int) { self.top = top }

    /// The log2 bucket of a size: 0 for 0, else ⌊log2 size⌋ + 1.
    static func sizeBucket(_ size: Int64) -> Int { size <= 0 ? 0 : 64 - size.leadingZeroBitCount }

    /// The log2 bucket of a count: 0 for 0, else ⌊log2 n⌋ + 1.
    static func countBucket(_ n: Int) -> Int { n <= 0 ? 0 : Int.bitWidth - n.leadingZeroBitCount }

    static func bump(_ array: inout [Int], at index: Int) {
        if array.count <= index { array += [Int](repeating: 0, count: index + 1 - array.count) }
        array[index] += 1
    }

    /// Counts one entry (not yet the directory's own file count: see `finishDirectory`).
    mutating func add(_ s: EntryStatus, depth: Int, now: Double, name: () -> String, directory: String) {
        entries += 1
        maxDepth = max(maxDepth, depth)
        if s.kind != .directory && s.links > 1 {
            let key = InodeKey(device: s.device, inode: s.inode)
            linked[key] = (s.size, s.allocated)
            if s.kind == .file { linkedPaths += 1; linkedPathBytes += s.size }
        } else {
            allocatedBytes += s.allocated
        }
        switch s.kind {
        case .directory:
            directories += 1
            metadataApparentBytes += s.size
            InventoryTally.bump(&directoriesByDepth, at: depth)
        case .symlink:
            symlinks += 1
            metadataApparentBytes += s.size
        case .other:
            other += 1
        case .file:
            files += 1
            apparentBytes += s.size
            let b = InventoryTally.sizeBucket(s.size)
            sizeFiles[b] += 1
            sizeBytes[b] += s.size
            InventoryTally.bump(&filesByDepth, at: depth)
            fileDepthSum += depth
            let age = now - s.modified
            var a = 0
            if age >= 0 { a = 1 + (InventoryTally.ageBounds.firstIndex { age < $0 } ?? InventoryTally.ageBounds.count) }
            ageFiles[a] += 1
            ageBytes[a] += s.size
            if top > 0 && (largest.count < top || s.size > largest[0].bytes) {
                let entry = Inventory.LargeFile(path: directory.isEmpty ? name() : directory + "/" + name(), bytes: s.size)
                let at = largest.firstIndex { $0.bytes > s.size } ?? largest.count
                largest.insert(entry, at: at)
                if largest.count > top { largest.removeFirst() }
            }
        }
    }

    /// Records how many regular files a directory held directly.
    mutating func finishDirectory(files n: Int) {
        directoryFileCounts[min(InventoryTally.countBucket(n), directoryFileCounts.count - 1)] += 1
        maxFilesInDirectory = max(maxFilesInDirectory, n)
    }

    mutating func fail(_ what: String) {
        errorCount += 1
        if errorExamples.count < 10 { errorExamples.append(what) }
    }

    static func add(_ a: [Int], into b: inout [Int]) {
        if b.count < a.count { b += [Int](repeating: 0, count: a.count - b.count) }
        for (i, n) in a.enumerated() { b[i] += n }
    }

    /// Adds another thread's totals.
    mutating func merge(_ o: InventoryTally) {
        entries += o.entries; files += o.files; directories += o.directories; symlinks += o.symlinks; other += o.other
        apparentBytes += o.apparentBytes; allocatedBytes += o.allocatedBytes; metadataApparentBytes += o.metadataApparentBytes
        for i in sizeFiles.indices { sizeFiles[i] += o.sizeFiles[i]; sizeBytes[i] += o.sizeBytes[i] }
        for i in directoryFileCounts.indices { directoryFileCounts[i] += o.directoryFileCounts[i] }
        maxFilesInDirectory = max(maxFilesInDirectory, o.maxFilesInDirectory)
        InventoryTally.add(o.filesByDepth, into: &filesByDepth)
        InventoryTally.add(o.directoriesByDepth, into: &directoriesByDepth)
        fileDepthSum += o.fileDepthSum
        maxDepth = max(maxDepth, o.maxDepth)
        for i in ageFiles.indices { ageFiles[i] += o.ageFiles[i]; ageBytes[i] += o.ageBytes[i] }
        largest = Array((largest + o.largest).sorted { $0.bytes < $1.bytes || ($0.bytes == $1.bytes && $0.path > $1.path) }.suffix(top))
        linked.merge(o.linked) { a, _ in a }
        linkedPaths += o.linkedPaths
        linkedPathBytes += o.linkedPathBytes
        errorCount += o.errorCount
        errorExamples = Array((errorExamples + o.errorExamples).prefix(10))
    }

    /// The inventory of the merged totals.
    func inventory(root: String, scannedAt: Date, seconds: Double, threads: Int) -> Inventory {
        let linkedAllocated = linked.values.reduce(Int64(0)) { $0 + $1.allocated }
        let uniqueLinkedBytes = linked.values.reduce(Int64(0)) { $0 + $1.size }
        let lastSize = sizeFiles.lastIndex { $0 > 0 } ?? 0
        let sizeHistogram = (0...lastSize).map { k -> Inventory.SizeBucket in
            Inventory.SizeBucket(lowerBytes: k == 0 ? 0 : Int64(1) << (k - 1), upperBytes: k == 0 ? 0 : (k >= 64 ? Int64.max : Int64(1) << k),
                                 files: sizeFiles[k], bytes: sizeBytes[k])
        }
        let lastCount = directoryFileCounts.lastIndex { $0 > 0 } ?? 0
        let perDirectory = (0...lastCount).map { k in
            Inventory.CountBucket(lower: k == 0 ? 0 : 1 << (k - 1), upper: k == 0 ? 0 : 1 << k, directories: directoryFileCounts[k])
        }
        var ages: [Inventory.AgeBucket] = []
        if ageFiles[0] > 0 {
            // Modified after the scan started (clock skew, or written during the scan).
            ages.append(.init(label: "future", minAgeSeconds: 0, maxAgeSeconds: 0, files: ageFiles[0], bytes: ageBytes[0]))
        }
        for i in 1...5 {
            ages.append(.init(label: InventoryTally.ageLabels[i - 1], minAgeSeconds: i == 1 ? 0 : InventoryTally.ageBounds[i - 2],
                              maxAgeSeconds: i <= 4 ? InventoryTally.ageBounds[i - 1] : nil, files: ageFiles[i], bytes: ageBytes[i]))
        }
        return Inventory(
            root: root, scannedAt: scannedAt, seconds: seconds, threads: threads, entries: entries, files: files,
            directories: directories, symlinks: symlinks, other: other, apparentBytes: apparentBytes,
            allocatedBytes: allocatedBytes + linkedAllocated, metadataApparentBytes: metadataApparentBytes,
            hardLinks: .init(linkedFiles: linkedPaths, inodes: linked.count, duplicateBytes: linkedPathBytes - uniqueLinkedBytes),
            sizeHistogram: sizeHistogram,
            filesPerDirectory: .init(max: maxFilesInDirectory, mean: directories > 0 ? Double(files) / Double(directories) : 0,
                                     histogram: perDirectory),
            depth: .init(max: maxDepth, meanFileDepth: files > 0 ? Double(fileDepthSum) / Double(files) : 0,
                         filesByDepth: filesByDepth.isEmpty ? [0] : filesByDepth, directoriesByDepth: directoriesByDepth),
            largestFiles: largest.reversed(), ageHistogram: ages,
            errors: .init(count: errorCount, examples: errorExamples))
    }
}
