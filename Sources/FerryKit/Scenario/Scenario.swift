import Foundation
import FerryModels
import FerryUnits

/// A migration scenario: what to move, over what, how, and with what tolerance — the
/// validated form of a scenario YAML file (or of `ferry time`'s flags).
///
/// All quantities are in base units: bytes, seconds, bytes/s.
public struct Scenario: Sendable {
    /// Short name; reports go to `reports/<name>/`. Letters, digits, `-`, `_`, `.`.
    public var name: String
    /// One-line description for the report title.
    public var title: String?
    /// Where the scenario came from (a file path, or `flags`).
    public var source: String
    /// The data and how it changes.
    public var workload: MigrationWorkload
    /// The rate limits.
    public var path: TransferPath
    /// `copy.calibration`: `latest` or a calibration id; `nil` when none is used.
    public var calibration: String?
    /// Monte Carlo settings, when `uncertainty:` is given.
    public var uncertainty: MonteCarloSettings?
    /// A figure claimed by a source document for this scenario, to be checked in the report.
    public var claim: Claim?
    /// The services to size after the move (`services:`), when given.
    public var services: ServicesSection?
    /// What the migration and the target platform cost (`costs:`), when given.
    public var costs: CostSection?
    /// Who runs the source end (`source:`), for transfer charges; nil when not named.
    public var sourceEndpoint: TransferEndpoint?
    /// Who runs the target end (`target:`); nil when not named.
    public var targetEndpoint: TransferEndpoint?
    /// The directory relative paths in the scenario are resolved against.
    public var baseDirectory: String
    /// The inventory behind `data: { inventory: FILE.json }`, when given: its files, bytes and
    /// directories feed the plan (explicit `size:`/`files:` override the first two).
    public var inventory: Inventory? = nil
    /// `target.calibration`: `latest` or the id of a stored S3 path calibration that sets the
    /// object store's request latency, start-up, request-rate limit and per-stream rate.
    public var objectStoreCalibration: String? = nil
    /// Whether `target.request_rate_limit` was written (a calibration's fitted limit then does not replace it).
    public var objectStoreRateLimitGiven = false

    /// Creates a scenario from already-validated parts (used by `ferry time`).
    public init(name: String, title: String? = nil, source: String, workload: MigrationWorkload, path: TransferPath,
                calibration: String? = nil, uncertainty: MonteCarloSettings? = nil, claim: Claim? = nil,
                services: ServicesSection? = nil, costs: CostSection? = nil, baseDirectory: String = ".") {
        self.name = name
        self.title = title
        self.source = source
        self.workload = workload
        self.path = path
        self.calibration = calibration
        self.uncertainty = uncertainty
        self.claim = claim
        self.services = services
        self.costs = costs
        self.baseDirectory = baseDirectory
    }
}

/// A number a source document states for a scenario, so the report can say whether it holds.
public struct Claim: Sendable, Equatable {
    /// The claimed bulk-transfer time, seconds.
    public var seconds: Double
    /// Where the claim comes from, e.g. "seed document 000, S0-1".
    public var source: String
}

extension YAMLNode: @unchecked Sendable {}
