import ArgumentParser
import FerryKit
import FerryUnits
import Foundation

/// `ferry runs`: stored benchmark runs and calibrations.
struct Runs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List and show stored benchmark runs and calibrations.",
        subcommands: [RunsList.self, RunsShow.self]
    )
}

/// `ferry runs list`.
struct RunsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List runs and calibrations, newest first.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let store = try FerryStore(path: global.databasePath, access: .readOnly)
        let runs = try store.runs()
        let calibrations = try store.calibrations()
        let pathCalibrations = try store.objectStoreCalibrations()
        let stamp = { (d: Date) in ISO8601DateFormatter().string(from: d) }
        switch global.format {
        case .json:
            emit(ReportJSON.render(RunsListDocument([
                "runs": runs.map { ["id": $0.id, "created_at": stamp($0.createdAt), "status": $0.status, "samples": $0.sampleCount,
                                    "profiles": $0.settings.profiles, "streams": $0.settings.streams, "machine": $0.fingerprint.summary] as [String: Any] },
                "calibrations": calibrations.map { ["id": $0.id, "created_at": stamp($0.createdAt), "source_runs": $0.sourceRuns,
                                                    "machine": $0.machine, "recommended_streams": $0.recommendedStreams,
                                                    "validation_error": $0.validationError ?? Double.nan,
                                                    "flagged": $0.isFlagged, "failures": $0.failures ?? []] as [String: Any] },
                "s3_path_calibrations": pathCalibrations.map { pathJSON($0, stamp: stamp) },
            ])))
        case .csv:
            emit((["kind,id,created_at,status,samples,machine"]
                  + runs.map { "run,\($0.id),\(stamp($0.createdAt)),\($0.status),\($0.sampleCount),\"\($0.fingerprint.summary)\"" }
                  + calibrations.map { "calibration,\($0.id),\(stamp($0.createdAt)),,\($0.sampleCount),\"\($0.machine)\"" }
                  + pathCalibrations.map { "s3_path_calibration,\($0.id),\(stamp($0.createdAt)),\($0.isFlagged ? "flagged" : "passed"),\($0.sampleCount),\(CSVText.field($0.target))" })
                 .joined(separator: "\n"))
        case .text, .md:
            var lines = ["runs:"]
            lines += runs.isEmpty ? ["  (none; run `ferry bench`)"] : runs.map {
                "  \($0.id)  \(stamp($0.createdAt))  \($0.status)  \($0.sampleCount) samples  \($0.settings.profiles.joined(separator: ","))  streams \($0.settings.streams.map(String.init).joined(separator: ","))"
            }
            lines.append("calibrations:")
            lines += calibrations.isEmpty ? ["  (none; run `ferry calibrate`)"] : calibrations.map {
                "  \($0.id)  \(stamp($0.createdAt))  runs \($0.sourceRuns.map(String.init).joined(separator: ","))  recommended \($0.recommendedStreams) streams"
                    + ($0.isFlagged ? "  FLAGGED" : "")
                    + ($0.validationError.map { "  held-out error \(NumberText.trim(100 * $0, decimals: 1)) %" } ?? "")
            }
            if !pathCalibrations.isEmpty {
                lines.append("S3 path calibrations:")
                lines += pathCalibrations.map { c in
                    "  \(c.id)  \(stamp(c.createdAt))  \(c.target)  runs \(c.sourceRuns.map(String.init).joined(separator: ","))"
                        + "  request \(ReportNumber.duration(c.model.requestLatency))"
                        + (c.roundTripSeconds.map { "  RTT \(ReportNumber.duration($0))" } ?? "")
                        + (c.isFlagged ? "  FLAGGED" : "")
                        + (c.holdOut.isEmpty ? "" : "  held-out error \(c.holdOut.map { ReportNumber.percent(abs($0.relativeError)) }.joined(separator: ", "))")
                }
            }
            emit(lines.joined(separator: "\n"))
        }
    }

    /// One S3 path calibration in `runs list --format json`: seconds, bytes per second, requests per second.
    func pathJSON(_ c: ObjectStoreCalibration, stamp: (Date) -> String) -> [String: Any] {
        ["id": c.id, "created_at": stamp(c.createdAt), "target": c.target, "source_runs": c.sourceRuns,
         "round_trip_seconds": c.roundTripSeconds ?? Double.nan, "request_latency_seconds": c.model.requestLatency,
         "stream_rate_bytes_per_second": c.model.streamRate, "request_rate_limit_per_second": c.model.requestRateLimit,
         "held_out_relative_errors": c.holdOut.map(\.relativeError), "flagged": c.isFlagged, "failures": c.failures]
    }
}

/// `ferry runs show ID` or `ferry runs show --calibration ID|latest`.
struct RunsShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a run (and rewrite its report) or a calibration.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Run id.")
    var id: Int64?

    @Option(help: "Show this calibration instead: an id or 'latest'.")
    var calibration: String?

    @Option(help: "Write the run's report to <dir>/bench-<id>/.")
    var reports: String?

    @Flag(help: "Let 'latest' pick the newest calibration even when it failed validation.")
    var allowFailed = false

    func validate() throws {
        if (id == nil) == (calibration == nil) { throw ValidationError("give a run id or --calibration ID|latest") }
    }

    func run() throws {
        let store = try FerryStore(path: global.databasePath, access: .readOnly)
        if let calibration {
            let report = CalibrationReport(try store.calibration(calibration, allowFailed: allowFailed))
            switch global.format {
            case .json: emit(ReportJSON.render(CalibrationDocument(report)))
            case .md: emit(report.markdown())
            case .text, .csv: emit(report.text())
            }
            return
        }
        let run = try store.run(id!)
        let samples = try store.samples(runs: [run.id])
        var path: String?
        if let reports {
            path = try BenchReport(run: run, samples: samples).write(to: (reports as NSString).appendingPathComponent("bench-\(run.id)")).first
        }
        switch global.format {
        case .md: emit(BenchReport(run: run, samples: samples).markdown())
        default: emit(BenchOutput.render(run: run, samples: samples, report: path, format: global.format))
        }
    }
}
