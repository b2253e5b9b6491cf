import Foundation
import FerryModels

/// Two plans side by side with their differences (as `infracost diff` does for cost):
/// window, cutover, P90 window, one-off, monthly now and at the horizon, and total cost.
/// ```
/// difference = B − A,   change = (B − A) / |A|   (nil when A is 0 or either side is missing)
/// ```
public struct PlanComparison: Sendable {
    /// One compared figure.
    public struct Row: Sendable, Equatable {
        /// E.g. `window`, `total cost`.
        public var metric: String
        /// `seconds` or the currency code.
        public var unit: String
        /// Plan A's value (nil: not computed, e.g. no uncertainty or no costs).
        public var a: Double?
        /// Plan B's value.
        public var b: Double?
        /// B − A.
        public var difference: Double? { a.flatMap { a in b.map { $0 - a } } }
        /// (B − A) / |A|.
        public var relativeDifference: Double? {
            guard let a, let d = difference, a != 0 else { return nil }
            return d / abs(a)
        }
    }

    /// Scenario names.
    public var nameA: String, nameB: String
    /// The rows, in report order.
    public var rows: [Row]
    /// Recommended purchase option of each plan (nil without costs).
    public var recommendedA: String?, recommendedB: String?
    /// Caveats (different horizons or currencies).
    public var notes: [String]

    /// Compares two plans.
    public init(_ a: MigrationPlan, _ b: MigrationPlan) {
        nameA = a.scenario.name
        nameB = b.scenario.name
        func p90(_ p: MigrationPlan) -> Double? { p.distribution.map { $0.windowP90Seconds ?? $0.p90Seconds } }
        func cutover(_ p: MigrationPlan) -> Double? { p.estimate.delta.map { $0.cutoverSeconds ?? .infinity } ?? 0 }
        let sa = a.costs.map(CostSummary.init), sb = b.costs.map(CostSummary.init)
        let currency = a.costs?.currency ?? b.costs?.currency ?? "USD"
        rows = [
            Row(metric: "window", unit: "seconds", a: a.estimate.windowSeconds, b: b.estimate.windowSeconds),
            Row(metric: "cutover downtime", unit: "seconds", a: cutover(a), b: cutover(b)),
            Row(metric: "window P90", unit: "seconds", a: p90(a), b: p90(b)),
            Row(metric: "one-off cost", unit: currency, a: sa?.oneOff, b: sb?.oneOff),
            Row(metric: "monthly cost now", unit: currency, a: sa?.monthlyNow, b: sb?.monthlyNow),
            Row(metric: "monthly cost at horizon", unit: currency, a: sa?.monthlyAtHorizon, b: sb?.monthlyAtHorizon),
            Row(metric: "total cost", unit: currency, a: sa?.total, b: sb?.total),
        ]
        recommendedA = sa?.recommended?.commitment.label
        recommendedB = sb?.recommended?.commitment.label
        var notes: [String] = []
        if let x = a.costs, let y = b.costs {
            if x.finance.inputs.horizonMonths != y.finance.inputs.horizonMonths {
                notes.append("the horizons differ (\(x.finance.inputs.horizonMonths) vs \(y.finance.inputs.horizonMonths) months): compare monthly figures, not totals")
            }
            if x.currency != y.currency { notes.append("the currencies differ (\(x.currency) vs \(y.currency)); no conversion is made") }
        } else if (a.costs == nil) != (b.costs == nil) {
            notes.append("only one scenario has a costs: section")
        }
        if a.distribution == nil || b.distribution == nil { notes.append("P90 needs uncertainty: in both scenarios") }
        self.notes = notes
    }

    static func show(_ v: Double?, _ unit: String) -> String {
        guard let v else { return "–" }
        guard v.isFinite else { return "never" }
        if unit == "seconds" { return TimeText.duration(v) }
        return CostReport.money(v, unit)
    }

    static func showDifference(_ v: Double?, _ unit: String) -> String {
        guard let v, v.isFinite else { return "–" }
        let sign = v > 0 ? "+" : v < 0 ? "−" : "±"
        return sign + show(abs(v), unit)
    }

    /// Markdown: one table, A | B | difference | change.
    public func markdown() -> String {
        var out = "# \(nameA) vs \(nameB)\n\n| | \(nameA) (A) | \(nameB) (B) | B − A | change |\n|---|---:|---:|---:|---:|\n"
        for r in rows {
            let change = r.relativeDifference.map { String(format: "%+.1f %%", $0 * 100) } ?? "–"
            out += "| \(r.metric) | \(Self.show(r.a, r.unit)) | \(Self.show(r.b, r.unit)) | \(Self.showDifference(r.difference, r.unit)) | \(change) |\n"
        }
        out += "| recommended purchase option | \(recommendedA ?? "–") | \(recommendedB ?? "–") | | |\n"
        for n in notes { out += "\nNote: \(n)." }
        return out + "\n"
    }

    /// CSV: metric, unit, a, b, difference, relative_difference (empty where missing).
    public func csv() -> String {
        func n(_ v: Double?) -> String { v.map { $0.isFinite ? String(format: "%.6g", $0) : "" } ?? "" }
        var out = "metric,unit,\(nameA),\(nameB),difference,relative_difference\n"
        for r in rows { out += "\(r.metric),\(r.unit),\(n(r.a)),\(n(r.b)),\(n(r.difference)),\(n(r.relativeDifference))\n" }
        return out
    }

    /// JSON through the shared renderer (`kind: "compare"`).
    public func json() -> String { ReportJSON.render(ComparisonDocument(self)) }
}

/// The comparison as a ``ReportDocument``.
public struct ComparisonDocument: ReportDocument {
    /// `compare`.
    public static let kind = "compare"
    /// One row.
    public struct Row: Encodable, Sendable {
        public var metric: String
        public var unit: String
        public var a: Double?
        public var b: Double?
        public var difference: Double?
        public var relativeDifference: Double?
    }
    /// Scenario A's name.
    public var scenarioA: String
    /// Scenario B's name.
    public var scenarioB: String
    /// The rows (seconds or currency units; null where not computed or never).
    public var rows: [Row]
    /// Recommended purchase options.
    public var recommendedA: String?, recommendedB: String?
    /// Caveats.
    public var notes: [String]

    /// From a comparison.
    public init(_ c: PlanComparison) {
        scenarioA = c.nameA
        scenarioB = c.nameB
        rows = c.rows.map { Row(metric: $0.metric, unit: $0.unit, a: $0.a, b: $0.b, difference: $0.difference, relativeDifference: $0.relativeDifference) }
        recommendedA = c.recommendedA
        recommendedB = c.recommendedB
        notes = c.notes
    }
}

/// Durations for comparison tables: `24.69 h`, `29.3 min`, `45 s`.
enum TimeText {
    static func duration(_ s: Double) -> String {
        if s >= 86_400 * 2 { return String(format: "%.2f d", s / 86_400) }
        if s >= 3600 { return String(format: "%.2f h", s / 3600) }
        if s >= 60 { return String(format: "%.1f min", s / 60) }
        return String(format: "%.0f s", s)
    }
}
