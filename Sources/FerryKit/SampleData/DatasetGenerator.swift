import FerryModels
import FerryUnits
import Foundation

/// Writes deterministic sample data for a `DatasetProfile`: the same profile, seed and scale
/// give a byte-identical tree (names, contents and modification times) on every machine.
///
/// Every random choice comes from GSL's mt19937 (`RandomSource`):
/// 1. a master generator seeded with `seed` draws, per file in index order, its size
///    (clamped to the profile's bounds, rounded to whole bytes), its directory (uniform over
///    all directories of the tree, root included) and a 32-bit content seed;
/// 2. each file's content comes from its own generator seeded with that content seed: in
///    every 4 KiB block the first `(1 − c) × 4096` bytes are random and the rest repeat a
///    fixed 16-byte pattern, so a compressor can remove about a fraction `c` (the profile's
///    `compressibility`).
///
/// Layout: directories `d00/d03/…` (two hex digits per level), files `f000123.dat`; every
/// file's mtime is 2020-01-01T00:00:00Z plus its index in seconds.
public struct DatasetGenerator: Sendable {
    /// The profile to generate (already scaled).
    public var profile: DatasetProfile
    /// The master seed.
    public var seed: UInt64

    /// Creates a generator.
    /// - Parameters:
    ///   - profile: the recipe.
    ///   - seed: any 64-bit value (GSL's mt19937 uses its low 32 bits).
    public init(profile: DatasetProfile, seed: UInt64) {
        self.profile = profile
        self.seed = seed
    }

    /// Bytes per content block; the compressibility applies to each block.
    public static let blockSize = 4096
    /// The repeating pattern in the compressible part of each block.
    static let pattern = Array("ferry-sample-dat".utf8)
    /// Modification time of file 0, seconds since 1970 (2020-01-01T00:00:00Z).
    static let baseTime = 1_577_836_800.0

    /// One planned file.
    public struct PlannedFile: Sendable, Equatable {
        /// Path relative to the output root.
        public var path: String
        /// Size in bytes.
        public var size: Int64
        /// Seed of the file's content generator.
        public var contentSeed: UInt64
    }

    /// The relative paths of every directory, root (`""`) first, breadth-first.
    public func directories() -> [String] {
        var all = [""]
        var level = [""]
        for _ in 0..<profile.depth {
            var next: [String] = []
            next.reserveCapacity(level.count * profile.fanout)
            for parent in level {
                for k in 0..<profile.fanout {
                    let name = "d" + String(format: "%02x", k)
                    next.append(parent.isEmpty ? name : parent + "/" + name)
                }
            }
            all += next
            level = next
        }
        return all
    }

    /// Every file's path, size and content seed, without touching the disk.
    public func plan() -> [PlannedFile] {
        let random = RandomSource(seed: seed)
        let dirs = directories()
        var files: [PlannedFile] = []
        files.reserveCapacity(profile.files)
        for index in 0..<profile.files {
            let drawn = profile.size.sample(random)
            let size = Int64(min(max(drawn, profile.minimumSize), profile.maximumSize).rounded())
            let dir = dirs[Int(random.integer(below: UInt(dirs.count)))]
            let contentSeed = UInt64(random.integer(below: 1 << 32))
            let name = "f" + String(format: "%06d", index) + ".dat"
            files.append(PlannedFile(path: dir.isEmpty ? name : dir + "/" + name, size: max(0, size), contentSeed: contentSeed))
        }
        return files
    }

    /// The content of a file of `size` bytes from `contentSeed` (see the type's documentation).
    public func content(size: Int64, contentSeed: UInt64) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: Int(size))
        let random = RandomSource(seed: contentSeed)
        let block = DatasetGenerator.blockSize
        let randomPart = Int((Double(block) * (1 - profile.compressibility)).rounded())
        let pattern = DatasetGenerator.pattern
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + block, bytes.count)
            let randomEnd = min(offset + randomPart, end)
            var i = offset
            while i < randomEnd {
                // gsl_rng_uniform is mt19937's 32-bit output / 2³², so this recovers the word exactly.
                var word = UInt32(random.uniform() * 4_294_967_296.0)
                var k = 0
                while k < 4 && i < randomEnd {
                    bytes[i] = UInt8(truncatingIfNeeded: word)
                    word >>= 8
                    i += 1
                    k += 1
                }
            }
            while i < end {
                bytes[i] = pattern[(i - offset) % pattern.count]
                i += 1
            }
            offset = end
        }
        return bytes
    }

    /// Writes the tree under `directory`.
    /// - Parameters:
    ///   - directory: the output root; created when missing. It must be empty unless
    ///     `replace` is true, in which case an existing directory is removed first.
    ///   - replace: remove an existing non-empty `directory` first.
    ///   - progress: called after each file with (files written, bytes written).
    /// - Returns: what was written.
    /// - Throws: `DatasetError.outputNotEmpty`, `.cannotWrite` naming the path.
    @discardableResult
    public func generate(into directory: String, replace: Bool = false,
                         progress: ((Int, Int64) -> Void)? = nil) throws -> DatasetSummary {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: directory, isDirectory: &isDir) {
            let contents = (try? fm.contentsOfDirectory(atPath: directory)) ?? []
            if !isDir.boolValue || !contents.isEmpty {
                guard replace else { throw DatasetError.outputNotEmpty(path: directory) }
                do { try fm.removeItem(atPath: directory) } catch {
                    throw DatasetError.cannotWrite(path: directory, reason: (error as NSError).localizedDescription)
                }
            }
        }
        let dirs = directories()
        for dir in dirs {
            let path = dir.isEmpty ? directory : directory + "/" + dir
            do { try fm.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
                throw DatasetError.cannotWrite(path: path, reason: (error as NSError).localizedDescription)
            }
        }
        var bytes: Int64 = 0
        var largest: Int64 = 0
        let planned = plan()
        for (index, file) in planned.enumerated() {
            let path = directory + "/" + file.path
            let data = Data(content(size: file.size, contentSeed: file.contentSeed))
            do {
                try data.write(to: URL(fileURLWithPath: path))
                try fm.setAttributes([.modificationDate: Date(timeIntervalSince1970: DatasetGenerator.baseTime + Double(index))],
                                     ofItemAtPath: path)
            } catch {
                throw DatasetError.cannotWrite(path: path, reason: (error as NSError).localizedDescription)
            }
            bytes += file.size
            largest = max(largest, file.size)
            progress?(index + 1, bytes)
        }
        let sizes = planned.map(\.size).sorted()
        return DatasetSummary(profile: profile.name, seed: seed, path: directory, files: planned.count, bytes: bytes,
                              directories: dirs.count, medianSize: sizes.isEmpty ? 0 : sizes[sizes.count / 2],
                              largestSize: largest)
    }
}
