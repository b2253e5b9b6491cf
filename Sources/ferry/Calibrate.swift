import ArgumentParser
import FerryKit
import Foundation

/// `ferry calibrate`: fit the USL and the wall-time model to stored runs; store the calibration.
struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit scalability and wall-time models to stored benchmark runs and store the calibration.",
        discussion: """
            Per profile: X(N) = λN / (1 + σ(N−1) + κN(N−1)) for byte throughput and file rate \
            (GSL nonlinear least squares). On all profiles: T = t₀ + a·F·s_f(N)/N + b·B·s_b(N)/N. \
            With 3 or more profiles each is held out in turn: the model fitted on the others \
            predicts its wall time, and the error is reported (target ≤ 25 %). A calibration that \
            misses the target, is not validated (fewer than 3 profiles), has a wall-time R² < 0.5 or \
            a non-physical USL is stored but flagged: `latest` skips it, and calibrate exits 2. \
            Plans use it with `copy: { calibration: latest }` (or an id).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Run ids, comma-separated, or 'latest' (the newest complete run).")
    var runs: String = "latest"

    func run() throws {
        let store: FerryStore
        do { store = try FerryStore(path: global.databasePath, access: .existing) } catch StoreError.noStore {
            throw StoreError.noRuns(path: global.databasePath)
        }
        let ids: [Int64]
        if runs == "latest" {
            guard let newest = try store.runs().first(where: { $0.status == "complete" }) else {
                throw StoreError.noRuns(path: store.path)
            }
            ids = [newest.id]
        } else {
            ids = try runs.split(separator: ",").map { text in
                guard let id = Int64(text.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError("--runs: '\(text)' is not a run id")
                }
                return id
            }
            // "--runs ," or "--runs ''" name no run: a usage error, not a crash further down.
            guard !ids.isEmpty else { throw ValidationError("--runs: give run ids, e.g. 3 or 3,4 (or 'latest')") }
        }
        let stored = try ids.map { try store.run($0) }
        // Runs of `ferry bench --target s3://…` calibrate the S3 path instead (S3Calibrate.swift).
        if try S3Calibrate.runIfObjectStore(store: store, runs: ids, global: global) { return }
        let samples = try store.samples(runs: ids)
        let newest = stored.max { $0.createdAt < $1.createdAt }!
        let calibration = try store.save(CalibrationFitter.fit(samples: samples, sourceRuns: ids, fingerprint: newest.fingerprint))
        let report = CalibrationReport(calibration)
        switch global.format {
        case .json: emit(ReportJSON.render(CalibrationDocument(report)))
        case .md: emit(report.markdown())
        case .csv: emit("parameter,value\n" + report.object().compactMap { k, v in v is Double || v is Int || v is Int64 ? "\(k),\(v)" : nil }.sorted().joined(separator: "\n"))
        case .text: emit(report.text())
        }
        if calibration.isFlagged {
            warn("Error: calibration \(calibration.id) failed validation: \((calibration.failures ?? []).joined(separator: "; ")). "
                 + "It is stored, but `latest` skips it unless --allow-failed.")
            throw ExitCode(2)
        }
    }
}
