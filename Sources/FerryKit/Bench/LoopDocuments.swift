import Foundation

// The benchmark loop's results as report documents: `ReportJSON.render` gives each its
// `schema_version` and `kind`, snake_case keys and `null` for non-finite numbers. Their bodies
// are the key layouts the loop's commands have always written (scripts read them), carried as
// `JSONValue`s built by the renderers next to each command.

/// `ferry bench` / `ferry runs show ID`: one benchmark run and its timed samples.
public struct BenchRunDocument: ReportDocument {
    public static let kind = "bench_run"
    /// The run's fields (`run_id`, `status`, `machine`, `cache`, `samples`, …).
    public var body: JSONValue
    /// Wraps a JSON-compatible dictionary.
    public init(_ object: [String: Any]) { body = JSONValue(any: object) }
    public func encode(to encoder: Encoder) throws { try body.encode(to: encoder) }
}

/// `ferry calibrate` / `ferry runs show --calibration`: one calibration.
public struct CalibrationDocument: ReportDocument {
    public static let kind = "calibration"
    /// The calibration's fields (`id`, `bytes_usl`, `wall_time`, `validation`, `flagged`, …).
    public var body: JSONValue
    /// Wraps a `CalibrationReport`'s object.
    public init(_ report: CalibrationReport) { body = JSONValue(any: report.object()) }
    public func encode(to encoder: Encoder) throws { try body.encode(to: encoder) }
}

/// `ferry runs list`: stored runs and calibrations.
public struct RunsListDocument: ReportDocument {
    public static let kind = "runs"
    /// `runs` and `calibrations` lists.
    public var body: JSONValue
    /// Wraps a JSON-compatible dictionary.
    public init(_ object: [String: Any]) { body = JSONValue(any: object) }
    public func encode(to encoder: Encoder) throws { try body.encode(to: encoder) }
}

/// `ferry dataset generate` / `ferry dataset list`: a written sample tree or the profiles.
public struct DatasetDocument: ReportDocument {
    public static let kind = "dataset"
    /// The dataset's fields (`profile`, `seed`, `files`, `bytes`, …) or `profiles`.
    public var body: JSONValue
    /// Wraps a JSON-compatible dictionary.
    public init(_ object: [String: Any]) { body = JSONValue(any: object) }
    public func encode(to encoder: Encoder) throws { try body.encode(to: encoder) }
}

extension Inventory: ReportDocument {
    public static let kind = "inventory"
}
