import ArgumentParser
import FerryKit
import FerryModels
import FerryUnits
import Foundation

/// `ferry time`: a quick migration-time estimate from flags, without a scenario file.
struct Time: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Quick migration-time estimate from flags.",
        discussion: """
        T = D × compression / R_eff + files × per-file / streams, where R_eff is the smallest of --rate (or --bandwidth × --efficiency), streams × --stream-rate (or streams × --window / --rtt), --source-limit and --target-limit. With --change-rate, delta rounds run until one fits --max-downtime (default 5 min); when they never converge the exit status is 2. With --rate-cv, a Monte Carlo gives P50/P90/P99.

        Example: ferry time --size 10TB --rate 100MB/s
        """)

    @Option(help: "Data to move, e.g. 10TB, 2.5TiB.") var size: String
    @Option(help: "Effective aggregate rate, e.g. 100MB/s (excludes --bandwidth).") var rate: String?
    @Option(help: "Link bandwidth, e.g. 1Gbps (excludes --rate).") var bandwidth: String?
    @Option(help: "Share of the bandwidth achieved, e.g. 0.74 or 74% (default 1).") var efficiency: String?
    @Option(help: "Number of files (for per-file overhead).") var files: Int?
    @Option(name: .customLong("per-file"), help: "Overhead per file, e.g. 5ms.") var perFile: String?
    @Option(help: "Parallel streams (default 1).") var streams: Int?
    @Option(name: .customLong("stream-rate"), help: "Most one stream carries, e.g. 50MB/s.") var streamRate: String?
    @Option(help: "Round-trip time, e.g. 40ms (with --window).") var rtt: String?
    @Option(help: "TCP window per stream, e.g. 4MiB (with --rtt).") var window: String?
    @Option(name: .customLong("source-limit"), help: "Most the source reads, e.g. 500MB/s.") var sourceLimit: String?
    @Option(name: .customLong("target-limit"), help: "Most the target writes, e.g. 300MB/s.") var targetLimit: String?
    @Option(help: "Wire bytes per data byte, e.g. 0.7 (default 1).") var compression: String?
    @Option(name: .customLong("change-rate"), help: "How fast the data changes, e.g. 200GB/day.") var changeRate: String?
    @Option(name: .customLong("max-downtime"), help: "Allowed cutover downtime, e.g. 2h.") var maxDowntime: String?
    @Option(name: .customLong("rate-cv"), help: "Coefficient of variation of the rate, e.g. 0.15: enables Monte Carlo.") var rateCV: String?
    @Option(help: "Monte Carlo samples (default 100000).") var samples: Int?
    @Option(help: "Monte Carlo seed (default 1).") var seed: UInt64?
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if rate == nil && bandwidth == nil { throw ValidationError("give --rate (e.g. 100MB/s) or --bandwidth (e.g. 1Gbps)") }
        if rate != nil && bandwidth != nil { throw ValidationError("give --rate or --bandwidth, not both") }
        if rate != nil && efficiency != nil { throw ValidationError("--efficiency applies to --bandwidth, not to an effective --rate") }
        // Every given limit applies, so a window without an RTT (or the reverse) cannot be used.
        if window != nil && rtt == nil { throw ValidationError("--window needs --rtt: the per-stream limit is window / rtt") }
        if rtt != nil && window == nil { throw ValidationError("--rtt needs --window: the per-stream limit is window / rtt") }
        if let f = files, f < 0 { throw ValidationError("--files must be ≥ 0, found \(f)") }
        if let s = streams, s < 1 { throw ValidationError("--streams must be ≥ 1, found \(s)") }
        if let n = samples, n < 1 || n > 50_000_000 { throw ValidationError("--samples must be between 1 and 50,000,000, found \(n)") }
        if samples != nil || seed != nil, rateCV == nil { throw ValidationError("--samples and --seed need --rate-cv") }
    }

    func run() throws {
        var workload = MigrationWorkload(bytes: try flagValue("--size", size) { try ByteCount.parse($0, allowZero: false).bytes }!)
        workload.files = files ?? 0
        workload.perFileSeconds = try flagValue("--per-file", perFile) { try TimeSpan.parse($0).seconds } ?? 0
        workload.compressionRatio = try flagValue("--compression", compression) {
            try Fraction.parse($0, range: 0...1, openLowerBound: true).value
        } ?? 1
        workload.changeRate = try flagValue("--change-rate", changeRate) { try DataRate.parse($0, allowZero: true).bytesPerSecond } ?? 0
        workload.maxDowntime = try flagValue("--max-downtime", maxDowntime) { try TimeSpan.parse($0, allowZero: false).seconds }

        var path = TransferPath(streams: streams ?? 1)
        path.rate = try flagValue("--rate", rate) { try DataRate.parse($0).bytesPerSecond }
        path.linkBandwidth = try flagValue("--bandwidth", bandwidth) { try DataRate.parse($0).bytesPerSecond }
        path.efficiency = try flagValue("--efficiency", efficiency) {
            try Fraction.parse($0, range: 0...1, openLowerBound: true).value
        } ?? 1
        path.perStreamRate = try flagValue("--stream-rate", streamRate) { try DataRate.parse($0).bytesPerSecond }
        path.roundTripTime = try flagValue("--rtt", rtt) { try TimeSpan.parse($0, allowZero: false).seconds }
        path.tcpWindow = try flagValue("--window", window) { try ByteCount.parse($0, allowZero: false).bytes }
        path.sourceLimit = try flagValue("--source-limit", sourceLimit) { try DataRate.parse($0).bytesPerSecond }
        path.targetLimit = try flagValue("--target-limit", targetLimit) { try DataRate.parse($0).bytesPerSecond }

        let uncertainty = try flagValue("--rate-cv", rateCV) { text -> MonteCarloSettings in
            let cv = try Fraction.parse(text, range: 0...10).value
            return MonteCarloSettings(samples: samples ?? 100_000, seed: seed ?? 1, rateCV: cv)
        }
        let scenario = Scenario(name: "time", title: "Migration time estimate", source: "command-line flags",
                                workload: workload, path: path, uncertainty: uncertainty)
        let plan = try Planner.plan(scenario)
        emit(PlanOutput.render(plan, format: global.format))
        if plan.estimate.delta?.converges == false { throw ExitCode(2) }
    }
}
