// Output — one output model for every command.
//
// How a command adopts it:
//  1. The library computes a result; a report value describes it. Make the report value a
//     `ReportDocument` (an `Encodable` struct with `static let kind = "plan"` and stored
//     properties named in camelCase with the unit in the name: `bytesPerSecond`, `p95Seconds`).
//     `ReportJSON.render(report)` turns it into pretty JSON with sorted snake_case keys,
//     `schema_version` and `kind` at the top, and every NaN/±∞ as `null`. Keys that are the
//     user's own names (variables, services) go in a `VerbatimKeys` map so they are kept as
//     typed. Optionals that must appear as `null` rather than vanish use `@EncodedAsNull`.
//  2. Write one renderer per other format (text, md, csv) that reads the report value — no
//     model arithmetic in renderers: when a number is missing, expose it from the model.
//     Numbers go through `ReportNumber` (one formatter: plain numbers for CSV, significant
//     digits, percentages, durations in the unit that reads); CSV rows through `CSVText`;
//     medians through `Statistics.median`.
//  3. The CLI parses `--format` into an `OutputFormat` and switches once:
//     `switch format { case .json: ReportJSON.render(report); case .text: …Text.render(report) … }`.

/// How a command renders its result (`--format`).
public enum OutputFormat: String, CaseIterable, Sendable {
    /// A short human summary for a terminal (the default).
    case text
    /// One JSON document with `schema_version` and `kind` (see ``ReportJSON``).
    case json
    /// A Markdown report.
    case md
    /// Comma-separated values with a header row.
    case csv
}
