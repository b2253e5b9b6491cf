import FerryModels
import FerryUnits
import Foundation

/// The report of one benchmark run, written to `reports/bench-<id>/`: `bench.md`,
/// `samples.csv` and `throughput-<profile>.svg` (byte throughput against streams with the
/// fitted USL and its 95 % confidence band, peers as separate points).
public struct BenchReport {
    /// The run.
    public var run: BenchRun
    /// Its samples (warm-ups included; they are listed but not fitted).
    public var samples: [BenchSample]

    /// Creates a report.
    public init(run: BenchRun, samples: [BenchSample]) {
        self.run = run
        self.samples = samples
    }

    /// Profiles in the run's order.
    var profiles: [String] {
        var seen: [String] = []
        for s in samples where !seen.contains(s.profile) { seen.append(s.profile) }
        return seen
    }

    /// The USL fit of a profile's Ferry samples, `nil` when it cannot be fitted (fewer than 3
    /// stream counts, or the solver failed).
    public func scaling(_ profile: String) -> ProfileScaling? {
        try? ProfileScaling(profile: profile, samples: samples.filter { $0.profile == profile && $0.isFittable })
    }

    /// Writes the files.
    /// - Parameter directory: e.g. `reports/bench-3`.
    /// - Returns: the paths written.
    /// - Throws: `ReportError.cannotWrite`.
    @discardableResult
    public func write(to directory: String) throws -> [String] {
        var files: [(String, String)] = [("bench.md", markdown()), ("samples.csv", csv())]
        for profile in profiles { files.append(("throughput-\(profile).svg", chart(profile))) }
        return try ReportFiles.write(files, to: directory)
    }

    /// `samples.csv`: one row per timed copy.
    public func csv() -> String {
        var lines = ["run_id,profile,tool,streams,repetition,warmup,files,bytes,seconds,bytes_per_second,files_per_second,cache,errors,directories,copies,mad_seconds"]
        for s in samples {
            lines.append("\(s.runID),\(s.profile),\(s.tool),\(s.streams),\(s.repetition),\(s.warmup),\(s.files),\(s.bytes),"
                         + "\(s.seconds),\(s.bytesPerSecond),\(s.filesPerSecond),\(s.cache),\(s.errors),\(s.directories),\(s.copies),\(s.madSeconds)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The throughput chart of one profile (MB/s against streams, log₂ axis).
    public func chart(_ profile: String) -> String {
        var series: [SVGLineChart.Series] = []
        let mine = samples.filter { $0.profile == profile && !$0.warmup && $0.errors == 0 }
        let ferry = mine.filter { $0.tool == "ferry" }
        var main = SVGLineChart.Series(name: "ferry (measured)", color: SVGLineChart.palette[0],
                                       points: ferry.map { (Double($0.streams), $0.bytesPerSecond / 1e6) })
        if let fit = scaling(profile) {
            let top = Double(ferry.map(\.streams).max() ?? 1)
            let grid = stride(from: 0.0, through: log2(top), by: log2(max(top, 2)) / 60).map { pow(2, $0) }
            main.curve = grid.map { ($0, fit.byteRate.throughput(streams: $0) / 1e6) }
            main.band = grid.compactMap { n in
                let x = fit.byteRate.throughput(streams: n), se = fit.byteRate.standardError(streams: n)
                return se.isFinite ? (n, (x - 1.96 * se) / 1e6, (x + 1.96 * se) / 1e6) : nil
            }
            main.name = "ferry, USL fit ± 95 %"
        }
        for (i, tool) in Set(mine.map(\.tool)).subtracting(["ferry", BenchSample.rescanTool]).sorted().enumerated() {
            series.append(.init(name: tool, color: SVGLineChart.palette[(i + 1) % SVGLineChart.palette.count],
                                points: mine.filter { $0.tool == tool }.map { (Double($0.streams), $0.bytesPerSecond / 1e6) }))
        }
        // Ferry last, so its points are drawn on top of the peers' markers, never hidden under them.
        series.append(main)
        return SVGLineChart(title: "\(profile): byte throughput against streams (run \(run.id))", xLabel: "streams N (log₂ scale)",
                            yLabel: "throughput (MB/s, 1 MB = 10⁶ B)", series: series, logX: true).render()
    }

    /// `bench.md`.
    public func markdown() -> String {
        let fp = run.fingerprint
        var md = "# Benchmark run \(run.id)\n\n"
        md += "Ferry \(fp.ferryVersion)\(fp.gitCommit.map { " (commit \($0.prefix(12)))" } ?? "") · "
        md += "\(ISO8601DateFormatter().string(from: run.createdAt)) · status: \(run.status) · sizes in SI units (1 MB = 10⁶ B)\n\n"
        md += "## Environment\n\n| | |\n|---|---|\n"
        md += "| CPU | \(fp.cpuModel.isEmpty ? "unknown" : fp.cpuModel) × \(fp.cores) |\n"
        md += "| kernel | Linux \(fp.kernel) |\n"
        md += "| filesystems | \(fp.filesystems.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")) |\n"
        md += "| memory available | \(fp.memoryAvailableBytes.map { ByteCount(bytes: $0).formatted(.iec) } ?? "unknown") of \(fp.memoryTotalBytes.map { ByteCount(bytes: $0).formatted(.iec) } ?? "unknown") |\n"
        md += "| host | \(fp.hostname) |\n\n"
        let s = run.settings
        md += "## Method\n\n"
        let profileText = s.profiles.map { name in s.profileScales?[name].map { "\(name) × \(NumberText.trim($0))" } ?? name }
        md += "Profiles \(profileText.joined(separator: ", ")) (file counts), all at scale \(NumberText.trim(s.scale)) (seed \(s.seed)); streams "
        md += "\(s.streams.map(String.init).joined(separator: ", ")); \(s.repetitions) repetition\(s.repetitions == 1 ? "" : "s") each "
        md += "in shuffled order after \(s.warmup) warm-up cop\(s.warmup == 1 ? "y" : "ies") per profile"
        md += s.peers.isEmpty ? ". " : "; peers: \(s.peers.joined(separator: ", ")) (cp and rsync single-stream). "
        md += "Ferry's engine runs in process with default options; wall time is measured around each copy, "
        md += "into a fresh target on the scratch filesystem.\n\n"
        md += "Page cache: \(run.cacheNote.isEmpty ? "not recorded" : run.cacheNote).\n\n"
        for profile in profiles {
            let mine = samples.filter { $0.profile == profile && !$0.warmup }
            guard let any = mine.first else { continue }
            md += "## \(profile)\n\n\(NumberText.grouped(Double(any.files))) files, \(ByteCount(bytes: Double(any.bytes)).formatted()) per copy.\n\n"
            md += "| tool | streams | copies | median time | mean throughput | mean file rate | failures |\n|---|---:|---:|---:|---:|---:|---:|\n"
            let groups = Dictionary(grouping: mine) { "\($0.tool)#\($0.streams)" }
            let keys = groups.keys.sorted { a, b in
                let (ga, gb) = (groups[a]!.first!, groups[b]!.first!)
                return (ga.tool == "ferry" ? "" : ga.tool, ga.streams) < (gb.tool == "ferry" ? "" : gb.tool, gb.streams)
            }
            for key in keys {
                let g = groups[key]!
                let times = g.map(\.seconds).sorted()
                let rate = g.reduce(0) { $0 + $1.bytesPerSecond } / Double(g.count)
                let sd = (g.reduce(0) { $0 + ($1.bytesPerSecond - rate) * ($1.bytesPerSecond - rate) } / Double(max(g.count - 1, 1))).squareRoot()
                let fileRate = g.reduce(0) { $0 + $1.filesPerSecond } / Double(g.count)
                let median = times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
                md += "| \(g[0].tool) | \(g[0].streams) | \(g.count) | \(NumberText.trim(median, decimals: 3)) s | "
                md += "\(DataRate(bytesPerSecond: rate).formatted())" + (g.count > 1 ? " ± \(DataRate(bytesPerSecond: sd).formatted())" : "") + " | "
                md += "\(NumberText.grouped(fileRate)) files/s | \(g.reduce(0) { $0 + $1.errors }) |\n"
            }
            if let fit = scaling(profile) {
                let m = fit.byteRate.model, se = fit.byteRate.fit.standardErrors
                md += "\nUSL fit of Ferry's byte throughput, X(N) = λN / (1 + σ(N−1) + κN(N−1)): "
                md += "σ = \(g(m.sigma)) ± \(g(se.sigma)), κ = \(g(m.kappa)) ± \(g(se.kappa)), "
                md += "λ = \(DataRate(bytesPerSecond: m.lambda).formatted()) ± \(DataRate(bytesPerSecond: se.lambda).formatted()), "
                md += "R² = \(NumberText.fixed(fit.byteRate.fit.rSquared, 4)); "
                md += "peak N* = \(m.peakConcurrency.map { NumberText.trim($0, decimals: 1) } ?? "none (κ ≤ 0)"); "
                md += "recommended streams \(fit.byteRate.recommendedStreams()) (next stream adds < 5 % of λ, not past N*).\n"
            } else {
                md += "\nNo USL fit (needs Ferry samples at 3 or more stream counts).\n"
            }
            md += "\n![throughput against streams](throughput-\(profile).svg)\n\n"
        }
        md += "Samples: [samples.csv](samples.csv). Band: 95 % confidence band of the fitted curve (±1.96 standard errors, delta method). "
        md += "On a machine shared with other work, single copies can vary by a factor of two or more; the calibration fits "
        md += "per-(profile, streams) medians for that reason.\n"
        return md
    }

    private func g(_ x: Double) -> String { x.isFinite ? String(format: "%.4g", x) : "n/a" }
}
