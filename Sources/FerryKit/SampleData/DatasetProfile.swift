import FerryUnits
import Foundation

/// A recipe for deterministic sample data: how many files, their sizes, the directory tree
/// they sit in and how compressible their content is. Read from `datasets/profiles/*.yaml`.
///
/// ```yaml
/// name: small-files
/// description: …
/// source: where the numbers come from (a study, a measurement)
/// files: 2000
/// size: { lognormal: { median: 4KiB, p95: 32KiB } }
/// min_size: 0B          # optional clamp
/// max_size: 1MB         # optional clamp
/// layout: { fanout: 8, depth: 2 }
/// compressibility: 0.5  # fraction of each 4 KiB block that is a repeated pattern, 0…1
/// ```
public struct DatasetProfile: Sendable, Equatable {
    /// Short name, used for directories and in reports.
    public var name: String
    /// One line on what the data looks like.
    public var description: String
    /// The published study or measurement the numbers come from.
    public var source: String
    /// Number of regular files, ≥ 1 (before `--scale`).
    public var files: Int
    /// File sizes in bytes.
    public var size: SizeDistribution
    /// Smallest size a draw is clamped to, bytes (default 0).
    public var minimumSize: Double
    /// Largest size a draw is clamped to, bytes (default 1 GiB).
    public var maximumSize: Double
    /// Subdirectories per directory, ≥ 1.
    public var fanout: Int
    /// Levels of subdirectories below the root, ≥ 0 (0 = all files in the root).
    public var depth: Int
    /// Fraction of each 4 KiB block filled with a repeating pattern instead of random bytes,
    /// 0 (incompressible) … 1 (all pattern).
    public var compressibility: Double
    /// The file the profile was read from, for messages.
    public var file: String

    /// Creates a profile (see the fields for units and ranges).
    public init(name: String, description: String = "", source: String = "", files: Int, size: SizeDistribution,
                minimumSize: Double = 0, maximumSize: Double = 1_073_741_824, fanout: Int = 8, depth: Int = 2,
                compressibility: Double = 0, file: String = "<memory>") {
        self.name = name
        self.description = description
        self.source = source
        self.files = files
        self.size = size
        self.minimumSize = minimumSize
        self.maximumSize = maximumSize
        self.fanout = fanout
        self.depth = depth
        self.compressibility = compressibility
        self.file = file
    }

    /// Directories in the tree, root included: 1 + F + F² + … + F^D.
    public var directoryCount: Int {
        var total = 1, level = 1
        for _ in 0..<depth { level *= fanout; total += level }
        return total
    }

    /// The profile with `files` multiplied by `scale` (rounded, at least 1); sizes unchanged.
    public func scaled(by scale: Double) -> DatasetProfile {
        var copy = self
        copy.files = max(1, Int((Double(files) * scale).rounded()))
        return copy
    }

    /// The expected total size in bytes, `files × mean size` (before clamping).
    public var expectedBytes: Double { Double(files) * size.mean }

    /// Reads and validates a profile file.
    /// - Parameter path: a YAML file.
    /// - Throws: `InputError` with file:line for unknown keys, bad units and out-of-range values.
    public static func load(path: String) throws -> DatasetProfile {
        try read(YAMLNode.load(path: path))
    }

    /// Reads a profile from parsed YAML (see the type's documentation for the keys).
    /// - Throws: `InputError` with file:line.
    public static func read(_ root: YAMLNode) throws -> DatasetProfile {
        try root.checkKeys(["name", "description", "source", "files", "size", "min_size", "max_size",
                            "layout", "compressibility"])
        let name = try root.required("name").string()
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw try root.required("name").error("'\(name)' must be letters, digits, '-' or '_'")
        }
        let filesNode = try root.required("files")
        let files = try filesNode.int()
        guard files >= 1, files <= 10_000_000 else { throw filesNode.error("must be 1…10,000,000, found \(files)") }
        var profile = DatasetProfile(name: name, description: try root.child("description")?.string() ?? "",
                                     source: try root.child("source")?.string() ?? "", files: files,
                                     size: try SizeDistribution.read(try root.required("size")), file: root.file)
        if let n = try root.child("min_size") { profile.minimumSize = try n.quantity { try ByteCount.parse($0).bytes } }
        if let n = try root.child("max_size") {
            profile.maximumSize = try n.quantity { try ByteCount.parse($0).bytes }
            guard profile.maximumSize >= profile.minimumSize else {
                throw n.error("max_size \(ByteCount(bytes: profile.maximumSize).formatted()) is below min_size \(ByteCount(bytes: profile.minimumSize).formatted())")
            }
        }
        if let layout = try root.child("layout") {
            try layout.checkKeys(["fanout", "depth"])
            if let f = try layout.child("fanout") {
                profile.fanout = try f.int()
                guard (1...1000).contains(profile.fanout) else { throw f.error("must be 1…1000, found \(profile.fanout)") }
            }
            if let d = try layout.child("depth") {
                profile.depth = try d.int()
                guard (0...16).contains(profile.depth) else { throw d.error("must be 0…16, found \(profile.depth)") }
            }
            guard Double(profile.fanout).isFinite, pow(Double(profile.fanout), Double(profile.depth)) <= 100_000 else {
                throw layout.error("fanout \(profile.fanout) and depth \(profile.depth) make more than 100,000 directories")
            }
        }
        if let c = try root.child("compressibility") {
            profile.compressibility = try c.double()
            guard (0...1).contains(profile.compressibility) else {
                throw c.error("must be between 0 and 1, found \(profile.compressibility)")
            }
        }
        return profile
    }
}
