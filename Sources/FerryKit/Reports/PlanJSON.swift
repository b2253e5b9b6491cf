import Foundation

/// The machine-readable form of a plan (`--format json`): ``PlanDocument`` through
/// ``ReportJSON``.
public enum PlanJSON {
    /// The plan as JSON text.
    public static func render(_ plan: MigrationPlan) -> String { ReportJSON.render(PlanDocument(plan)) }
}
