import Foundation
import FerryModels
import FerryUnits

/// Turns a validated scenario into a plan: the migration-time model, its Monte Carlo, and
/// the check of any claimed figure.
public enum Planner {
    /// Plans the migration of `scenario`.
    /// - Returns: the plan value the report writers render.
    /// - Throws: `MigrationError` when the model cannot answer (invalid inputs).
    ///   `objectStoreCalibrations` looks up `target.calibration` (an S3 path calibration).
    public static func plan(_ scenario: Scenario, calibrations: ((String) throws -> Calibration)? = nil,
                            objectStoreCalibrations: ((String) throws -> ObjectStoreCalibration)? = nil) throws -> MigrationPlan {
        var scenario = scenario
        var applied: AppliedCalibration?
        if let wanted = scenario.calibration {
            guard let lookup = calibrations else { throw PlanError.noCalibrationStore(wanted: wanted) }
            applied = apply(try lookup(wanted), to: &scenario)
        }
        var objectStoreCalibration: ObjectStoreCalibration?
        if let wanted = scenario.objectStoreCalibration {
            guard let lookup = objectStoreCalibrations else { throw PlanError.noCalibrationStore(wanted: wanted) }
            objectStoreCalibration = try lookup(wanted)
            apply(objectStoreCalibration!, to: &scenario)
        }
        var estimate = try MigrationTimeModel.estimate(scenario.workload, over: scenario.path)
        if let floor = applied?.roundFloorSeconds, floor > 0, estimate.delta != nil {
            // Every delta round first checks the unchanged tree: the calibration's no-change re-run.
            estimate.delta = MigrationTimeModel.deltaPlan(
                bulkSeconds: estimate.seconds, bytes: scenario.workload.bytes, compressionRatio: scenario.workload.compressionRatio,
                effectiveRate: estimate.effectiveRate, perFileSecondsPerByte: estimate.perFileSeconds / scenario.workload.bytes,
                changeRate: scenario.workload.changeRate, maxDowntime: scenario.workload.maxDowntime, floorSeconds: floor)
        }
        let distribution = try scenario.uncertainty.map {
            try MigrationMonteCarlo.run(scenario.workload, over: scenario.path, settings: $0)
        }
        let claimCheck = scenario.claim.map {
            ClaimCheck(claimedSeconds: $0.seconds, computedSeconds: estimate.seconds, source: $0.source)
        }
        var services: [ServicePlan] = []
        if let section = scenario.services {
            for (spec, months) in zip(section.services, section.horizons) {
                // Service tables run to the cost horizon when costs are projected.
                let horizon = max(months, (scenario.costs?.horizonMonths ?? 1) - 1)
                do {
                    services.append(try CapacityPlanner.plan(spec, months: horizon))
                } catch let error as LocalizedError {
                    throw PlanError.service(name: spec.name, reason: error.errorDescription ?? "\(error)")
                }
            }
        }
        var costs: CostProjection?
        if let section = scenario.costs {
            var inputs = try costInputs(scenario, estimate)
            inputs.serviceCompute = zip(services, scenario.services?.nodes ?? []).compactMap { plan, node in
                node.map { ServiceCompute(name: plan.spec.name, node: $0, nodesByMonth: plan.months.map(\.servers)) }
            }
            costs = try CostPlanner.project(section, migration: inputs)
        }
        var plan = MigrationPlan(scenario: scenario, estimate: estimate, distribution: distribution,
                                 claimCheck: claimCheck, services: services, calibration: applied, costs: costs,
                                 assumptions: assumptions(scenario, estimate))
        plan.objectStoreCalibration = objectStoreCalibration
        plan.assumptions += objectStoreAssumptions(scenario, estimate, objectStoreCalibration)
        return plan
    }

    /// Sets the scenario's per-file overhead and per-stream rate from a calibration, evaluated
    /// at the scenario's stream count, and widens its Monte Carlo by the calibration's
    /// uncertainty (CVs added in quadrature; a default run of 100,000 samples when the
    /// scenario has none). The network limits still cap the rate.
    /// ```
    /// r_stream = X(N) / N      X = the calibration's USL for bytes/s
    /// t_file   = the calibration's per-file seconds at N
    /// ```
    /// With an inventory, directories and symlinks are spread over the files:
    /// `t_file += d·s_f(N) · directories / files + a·s_f(N) · symlinks / files`, and the start-up
    /// cost t₀ as `t₀·N / files`. With at least 5 leave-one-out residuals the band comes from them
    /// (and the noise) alone; otherwise the calibration's rate and per-file CVs are added too. The calibration's held-out
    /// residuals, centred on their median, go to the Monte Carlo as a prediction-error factor,
    /// its noise floor as a lognormal run-to-run factor, and its no-change re-run
    /// (at the scenario's files and streams) becomes the floor of every delta round.
    static func apply(_ c: Calibration, to s: inout Scenario) -> AppliedCalibration {
        let n = s.path.streams
        let rate = c.streamRate(streams: n)
        var perFile = c.perFileSeconds(streams: n)
        var perDirectory = 0.0
        if let inventory = s.inventory, inventory.files > 0, let w = c.wallTime {
            perDirectory = w.perDirectorySeconds(streams: n)
            // Symbolic links are metadata-only entries: each costs about one file's fixed time.
            perFile += perDirectory * Double(inventory.directories) / Double(inventory.files)
                + c.perFileSeconds(streams: n) * Double(inventory.symlinks) / Double(inventory.files)
        }
        // The wall-time model's start-up t₀ spread over the files (files × (t₀·N/F) / N = t₀), so
        // a calibrated plan's bulk time is the model's T(F, D, B, N) when the network does not limit.
        if let w = c.wallTime, s.workload.files > 0 {
            perFile += w.fixedSeconds * Double(n) / Double(s.workload.files)
        }
        s.path.perStreamRate = rate / Double(n)
        s.workload.perFileSeconds = perFile
        let rateCV = c.rateCV(streams: n), fileCV = c.perFileCV
        var settings = s.uncertainty ?? MonteCarloSettings(samples: 100_000, seed: 1, rateCV: 0, perFileCV: 0)
        if let residuals = c.bandLogResiduals, residuals.count >= CalibrationFitter.minimumLeaveOneOut {
            // Leave-one-out residuals already are the model's prediction error, parameter
            // uncertainty included; adding the parameters' CVs as independent lognormals as well
            // counted it twice (a and b trade off, so their marginal CVs are huge: P10 at a
            // thirtieth of the point estimate). The scenario's own CVs still apply.
            settings.modelLogResiduals = residuals
        } else {
            settings.rateCV = (settings.rateCV * settings.rateCV + rateCV * rateCV).squareRoot()
            settings.perFileCV = (settings.perFileCV * settings.perFileCV + fileCV * fileCV).squareRoot()
            if let residuals = c.bandLogResiduals, !residuals.isEmpty { settings.modelLogResiduals = residuals }
        }
        if let noise = c.noiseLogSigma { settings.modelNoiseSigma = noise }
        var floor: Double?
        if let rescan = c.rescan, s.workload.changeRate > 0 {
            floor = rescan.seconds(files: Double(s.workload.files), streams: n)
            settings.roundFloorSeconds = floor
        }
        s.uncertainty = settings
        var applied = AppliedCalibration(calibration: c, streams: n, streamRate: rate, perFileSeconds: perFile,
                                         rateCV: rateCV, perFileCV: fileCV)
        applied.perDirectorySeconds = perDirectory
        applied.roundFloorSeconds = floor
        return applied
    }

    /// What the cost projection needs from the time model: bytes, compression, and the window
    /// with and without compression (so the report can show what compression saves).
    /// - Throws: `PlanError.uncostable` when the delta rounds never converge (no finite window).
    static func costInputs(_ s: Scenario, _ e: MigrationEstimate) throws -> MigrationInputs {
        guard e.windowSeconds.isFinite else {
            throw PlanError.uncostable(reason: "the delta rounds never converge, so the migration window (and its labour and parallel-run cost) is unbounded")
        }
        var uncompressed = s.workload
        uncompressed.compressionRatio = 1
        let plain = try MigrationTimeModel.estimate(uncompressed, over: s.path)
        return MigrationInputs(bytes: s.workload.bytes, compressionRatio: s.workload.compressionRatio,
                               windowSeconds: e.windowSeconds,
                               uncompressedWindowSeconds: plain.windowSeconds.isFinite ? plain.windowSeconds : nil,
                               services: s.services?.services.count ?? 0)
    }

    /// What the plan took for granted, in words.
    static func assumptions(_ s: Scenario, _ e: MigrationEstimate) -> [String] {
        var out = ["Units: SI (1 TB = 10^12 bytes, 1 Gbps = 10^9 bit/s); IEC units (TiB, MiB/s) only where written."]
        if s.path.rate == nil {
            if s.path.efficiency == 1 {
                out.append("Link efficiency 100 %: no protocol or congestion overhead assumed. ESnet's figures imply about 74 %; set network.efficiency.")
            } else {
                out.append("Link efficiency \(Fraction(s.path.efficiency).formattedPercent()) of the nominal bandwidth.")
            }
        }
        if s.workload.files > 0 && s.workload.perFileSeconds == 0 && s.path.objectStore == nil {
            out.append("No per-file overhead given: \(s.workload.files) files cost nothing beyond their bytes; set copy.per_file (or calibrate) for small-file estates.")
        }
        if let d = e.delta {
            out.append("Changed files are assumed proportional to changed bytes, so per-file overhead shrinks with each delta round.")
            if !d.downtimeGiven {
                out.append("No cutover.max_downtime given: rounds stop once one fits \(TimeSpan(seconds: d.maxDowntime).formatted()) (Ferry's default).")
            }
        }
        if s.calibration != nil {
            out.append("Per-file overhead and per-stream rate come from the calibration named below, measured on its machine's disks; the network limits still cap the rate.")
        }
        if let inventory = s.inventory {
            out.append("Data from the inventory of \(inventory.root) (scanned \(ISO8601DateFormatter().string(from: inventory.scannedAt))): \(inventory.files) files, \(inventory.directories) directories, \(inventory.apparentBytes) bytes.")
        }
        if s.costs != nil {
            out.append("Costs: burstable instance types (AWS t2/t3/t3a/t4g and similar) are left out of instance selection, since their vCPUs are not sustained; later months and sensitivity runs price instances within 2 % of the continuous lower bound (month 1 within 0.01 %).")
        }
        if let u = s.uncertainty {
            var band = ""
            if let r = u.modelLogResiduals, !r.isEmpty {
                band += " Each sample is also scaled by one of the calibration's \(r.count) held-out prediction errors, centred on the point estimate"
                band += u.modelNoiseSigma.map { ", and by run-to-run noise (σ = \(NumberText.trim($0, decimals: 3)) in ln T)." } ?? "."
            } else if let sigma = u.modelNoiseSigma {
                band += " Each sample is also scaled by run-to-run noise (σ = \(NumberText.trim(sigma, decimals: 3)) in ln T)."
            }
            out.append("Uncertainty: effective rate and per-file overhead lognormal with the point values as means (rate CV \(NumberText.trim(u.rateCV)), per-file CV \(NumberText.trim(u.perFileCV))); \(u.samples) samples, seed \(u.seed), GSL mt19937." + band)
        }
        return out
    }
}

/// Why a plan could not be made.
public enum PlanError: LocalizedError, Equatable {
    /// A service cannot be sized (unreachable objective, unstable at every size…).
    case service(name: String, reason: String)
    /// The costs cannot be projected.
    case uncostable(reason: String)
    /// The scenario names a calibration but no store was given to look it up in.
    case noCalibrationStore(wanted: String)

    public var errorDescription: String? {
        switch self {
        case let .service(name, reason): return "service '\(name)': \(reason)"
        case let .uncostable(reason): return "costs: \(reason)"
        case let .noCalibrationStore(wanted): return "copy.calibration '\(wanted)' needs a calibration store (--db)"
        }
    }
}
