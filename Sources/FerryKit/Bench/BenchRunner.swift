import FerryModels
import Foundation

/// Runs a benchmark sweep: for each profile, generate its sample data, warm up, then time
/// copies at every stream count × repetition (Ferry's engine in process, and each peer),
/// storing every sample as it is taken.
///
/// The timed copies of a profile run in a shuffled order (GSL mt19937 seeded with the run's
/// seed), so slow drift on a shared machine spreads over all stream counts instead of biasing
/// the largest ones. Each timed copy goes into a never-used target (`BenchTargets`: removing
/// and reusing one makes ext4 slower than a migration's fresh storage), dirty pages are
/// flushed (`sync`) and the page cache prepared (`PageCacheMode`); none of this is timed.
/// Targets and generated data are removed when the run ends.
public struct BenchRunner {
    /// The sweep.
    public var settings: BenchSettings
    /// The profiles, in `settings.profiles` order, not yet scaled.
    public var profiles: [DatasetProfile]
    /// Existing trees copied as they are (samples of real trees), after the profiles.
    public var trees: [BenchTree]
    /// Scratch directory: `data/<profile>` (sources) and `target` are made inside it.
    public var scratch: String
    /// Ferry's engine (replaceable in tests).
    public var engine: any CopyRunner
    /// The peers, resolved from `settings.peers`.
    public var peers: [any CopyRunner]

    /// One step of progress.
    public struct Progress: Sendable {
        /// What is happening: `generating <profile>`, `warm-up <profile>`, `<profile>`.
        public var phase: String
        /// Timed copies done, of `total`, over the whole run.
        public var done: Int
        /// Timed copies in the whole run.
        public var total: Int
        /// The sample just taken, if any.
        public var sample: BenchSample?
    }

    /// Prepares a sweep.
    /// - Throws: `BenchError.badSetting`, `.unknownPeer`, `.peerMissing`.
    public init(settings: BenchSettings, profiles: [DatasetProfile], trees: [BenchTree] = [], scratch: String,
                engine: any CopyRunner = FerryEngineRunner()) throws {
        guard !profiles.isEmpty || !trees.isEmpty else { throw BenchError.badSetting(name: "profiles", value: "(none)", requirement: "needs at least one profile") }
        guard !settings.streams.isEmpty, settings.streams.allSatisfy({ (1...1024).contains($0) }) else {
            throw BenchError.badSetting(name: "streams", value: settings.streams.map(String.init).joined(separator: ","),
                                        requirement: "must be one or more counts in 1…1024")
        }
        // Bounded before any work: a sweep of more than 1,000 repetitions per point is a typo, not a plan.
        guard (1...1000).contains(settings.repetitions) else {
            throw BenchError.badSetting(name: "repetitions", value: "\(settings.repetitions)", requirement: "must be in 1…1000")
        }
        guard (0...100).contains(settings.warmup) else {
            throw BenchError.badSetting(name: "warmup", value: "\(settings.warmup)", requirement: "must be in 0…100")
        }
        if let m = settings.minSeconds, !(m >= 0 && m <= 3600) {
            throw BenchError.badSetting(name: "min-seconds", value: "\(m)", requirement: "must be in 0…3600")
        }
        guard settings.scale > 0, settings.scale.isFinite else {
            throw BenchError.badSetting(name: "scale", value: "\(settings.scale)", requirement: "must be > 0")
        }
        self.settings = settings
        self.profiles = profiles
        self.trees = trees
        self.scratch = scratch
        self.engine = engine
        peers = try settings.peers.map { try PeerRunner(name: $0) }
    }

    /// Timed copies per profile: Ferry and parallel peers at every stream count, single-stream
    /// peers once, each × repetitions.
    public var copiesPerProfile: Int {
        let tools = ([engine] + peers).reduce(0) { $0 + ($1.isParallel ? settings.streams.count : 1) }
        return tools * settings.repetitions
    }

    /// The most copies one sample repeats to reach `settings.minSeconds`.
    public static let maxCopiesPerSample = 50

    /// Runs the sweep, storing the run and every sample in `store`.
    /// - Parameters:
    ///   - store: where samples go.
    ///   - progress: called before each profile's phases and after each timed copy.
    /// - Returns: the stored run and its samples.
    /// - Throws: `BenchError`, `DatasetError`, `StoreError`; the run is then marked `failed: …`.
    public func run(store: FerryStore, progress: ((Progress) -> Void)? = nil) throws -> (run: BenchRun, samples: [BenchSample]) {
        let fm = FileManager.default
        let dataRoot = (scratch as NSString).appendingPathComponent("data")
        var targets = BenchTargets(root: (scratch as NSString).appendingPathComponent("targets"),
                                   budgetBytes: BenchTargets.defaultBudget(scratch: scratch))
        var generated: [String] = []
        defer {
            try? targets.removeAll()
            for source in generated { try? BenchTargets.remove(source) }
        }
        do { try fm.createDirectory(atPath: dataRoot, withIntermediateDirectories: true) } catch {
            throw BenchError.scratch(path: scratch, reason: (error as NSError).localizedDescription)
        }
        let fingerprint = EnvironmentFingerprint.capture(paths: ["source": dataRoot, "target": scratch])
        let runID = try store.beginRun(settings: settings, fingerprint: fingerprint, cacheNote: "")
        var samples: [BenchSample] = []
        var cacheOutcome = "warm"
        var evictionFailed = false
        /// Prepares the cache; a failed eviction sticks to the sample and to the run's note.
        func prepareCache(_ files: [String], sampleFailed: inout Bool) {
            cacheOutcome = PageCache.prepare(settings.cache, files: files)
            if cacheOutcome == "evict-failed" { sampleFailed = true; evictionFailed = true }
        }
        var target = ""  // the last timed copy's target (the no-change re-run checks it)
        let total = copiesPerProfile * (profiles.count + trees.count)
        let budget = settings.minSeconds ?? 0
        let rescan = settings.rescan ?? false
        do {
            let items: [(profile: DatasetProfile?, tree: BenchTree?)] = profiles.map { ($0, nil) } + trees.map { (nil, $0) }
            for item in items {
                let name: String, source: String, files: [String], expected: (files: Int, bytes: Int64), directories: Int
                if let profile = item.profile {
                    let scaled = profile.scaled(by: settings.scale)
                    name = scaled.name
                    source = (dataRoot as NSString).appendingPathComponent(scaled.name)
                    progress?(Progress(phase: "generating \(name)", done: samples.count(where: { !$0.warmup && $0.tool != BenchSample.rescanTool }), total: total))
                    let data = try DatasetGenerator(profile: scaled, seed: settings.seed).generate(into: source, replace: true)
                    generated.append(source)
                    files = DatasetGenerator(profile: scaled, seed: settings.seed).plan().map { source + "/" + $0.path }
                    expected = (data.files, data.bytes)
                    directories = data.directories
                } else {
                    let tree = item.tree!
                    name = tree.name
                    source = tree.path
                    files = BenchRunner.regularFiles(under: tree.path)
                    expected = (tree.files, tree.bytes)
                    directories = tree.directories
                }

                /// One sample: copies repeated (fresh target, cache prepared) until they add up
                /// to the time budget; the sample holds their median and MAD.
                func timed(_ tool: any CopyRunner, streams: Int, repetition: Int, warmup: Bool) throws -> BenchSample {
                    var times: [Double] = []
                    var m = CopyMeasurement(files: 0, bytes: 0, seconds: 0, errors: 0)
                    var failed = false
                    repeat {
                        target = try targets.next(bytes: expected.bytes)
                        // Flush the previous copy's dirty pages now, so their writeback is not timed in this copy.
                        PageCache.flush()
                        prepareCache(files, sampleFailed: &failed)
                        m = try tool.copy(from: source, to: target, streams: streams, expected: expected)
                        times.append(m.seconds)
                    } while !warmup && m.errors == 0 && times.reduce(0, +) < budget && times.count < BenchRunner.maxCopiesPerSample
                    let sample = BenchSample(runID: runID, profile: name, tool: tool.name, streams: streams,
                                             repetition: repetition, warmup: warmup, files: m.files, bytes: m.bytes,
                                             seconds: CalibrationFitter.median(times), cache: failed ? "evict-failed" : cacheOutcome, errors: m.errors,
                                             directories: directories, copies: times.count, madSeconds: CalibrationFitter.mad(times))
                    try store.add(sample)
                    return sample
                }

                /// A no-change re-run onto the complete target the last copy left (every file
                /// checked, none copied), repeated to the time budget like a copy.
                func timedRescan(streams: Int, repetition: Int) throws -> BenchSample {
                    var times: [Double] = []
                    var m = CopyMeasurement(files: 0, bytes: 0, seconds: 0, errors: 0)
                    var failed = false
                    repeat {
                        PageCache.flush()
                        prepareCache(files, sampleFailed: &failed)
                        m = try engine.copy(from: source, to: target, streams: streams, expected: expected)
                        times.append(m.seconds)
                    } while m.errors == 0 && times.reduce(0, +) < budget && times.count < BenchRunner.maxCopiesPerSample
                    let sample = BenchSample(runID: runID, profile: name, tool: BenchSample.rescanTool, streams: streams,
                                             repetition: repetition, warmup: false, files: expected.files, bytes: m.bytes,
                                             seconds: CalibrationFitter.median(times), cache: failed ? "evict-failed" : cacheOutcome, errors: m.errors,
                                             directories: directories, copies: times.count, madSeconds: CalibrationFitter.mad(times))
                    try store.add(sample)
                    return sample
                }

                progress?(Progress(phase: "warm-up \(name)", done: samples.count(where: { !$0.warmup && $0.tool != BenchSample.rescanTool }), total: total))
                for w in 0..<settings.warmup {
                    samples.append(try timed(engine, streams: settings.streams.max() ?? 1, repetition: w, warmup: true))
                }
                var plan: [(tool: any CopyRunner, streams: Int, repetition: Int)] = []
                for tool in [engine] + peers {
                    for n in (tool.isParallel ? settings.streams : [1]) {
                        for r in 0..<settings.repetitions { plan.append((tool, n, r)) }
                    }
                }
                let random = RandomSource(seed: settings.seed &+ UInt64(runID))
                for i in stride(from: plan.count - 1, to: 0, by: -1) {
                    plan.swapAt(i, Int(random.integer(below: UInt(i + 1))))
                }
                for step in plan {
                    let sample = try timed(step.tool, streams: step.streams, repetition: step.repetition, warmup: false)
                    samples.append(sample)
                    if rescan && step.tool.name == engine.name && sample.errors == 0 {
                        samples.append(try timedRescan(streams: step.streams, repetition: step.repetition))
                    }
                    progress?(Progress(phase: name, done: samples.count(where: { !$0.warmup && $0.tool != BenchSample.rescanTool }), total: total, sample: sample))
                }
            }
        } catch {
            try? store.finishRun(runID, status: "failed: \(error.localizedDescription)",
                                 cacheNote: PageCache.note(for: settings.cache, outcome: evictionFailed ? "evict-failed" : cacheOutcome))
            throw error
        }
        try store.finishRun(runID, status: "complete", cacheNote: PageCache.note(for: settings.cache, outcome: evictionFailed ? "evict-failed" : cacheOutcome))
        return (try store.run(runID), samples)
    }

    /// Every regular file under `root` (for cache eviction), symbolic links not followed.
    static func regularFiles(under root: String) -> [String] {
        var out: [String] = []
        var stack = [root]
        while let dir = stack.popLast() {
            _ = DirectoryReader.list(dir, entry: { status, name in
                switch status.kind {
                case .file: out.append(dir + "/" + name())
                case .directory: stack.append(dir + "/" + name())
                default: break
                }
            }, failed: { _, _ in })
        }
        return out
    }
}
