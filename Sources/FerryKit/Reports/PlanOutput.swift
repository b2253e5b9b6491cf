/// Renders a plan in each format: the one place the CLI's `--format` is turned into text.
public enum PlanOutput {
    /// The plan in `format`: the terminal summary, ``PlanDocument`` as JSON, the Markdown
    /// report (without chart links), or the whole plan as `key,value` CSV rows.
    public static func render(_ plan: MigrationPlan, format: OutputFormat) -> String {
        switch format {
        case .text: return PlanText.render(plan)
        case .json: return PlanJSON.render(plan)
        case .md: return PlanMarkdown.render(plan, charts: [:])
        case .csv: return PlanCSV.whole(plan)
        }
    }
}
