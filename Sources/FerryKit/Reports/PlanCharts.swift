import Foundation
import FerryModels
import FerryUnits

/// The SVG charts of a migration plan.
public enum PlanCharts {
    /// Bars of the bulk copy and each delta round on a linear axis (so their ratio reads true),
    /// with the allowed downtime as a dashed line; the cutover round in red. `nil` when the data
    /// does not change.
    public static func deltaRounds(_ plan: MigrationPlan) -> String? {
        guard let d = plan.estimate.delta else { return nil }
        var bars = [SVGChart.Bar(label: "bulk", value: plan.estimate.seconds / 3600,
                                 annotation: ReportNumber.duration(plan.estimate.seconds))]
        for r in d.rounds {
            bars.append(SVGChart.Bar(label: r.isCutover ? "cutover" : "Δ\(r.index)", value: r.seconds / 3600,
                                     annotation: ReportNumber.duration(r.seconds),
                                     color: r.isCutover ? "#e15759" : "#4e79a7"))
        }
        let title = d.converges ? "Bulk copy, delta rounds and cutover" : "Delta rounds grow: the sync never converges"
        var chart = SVGChart(title: title, yLabel: "duration (h)", xLabel: "phase", bars: bars,
                             labelEvery: max(1, bars.count / 12))
        chart.guides = [SVGChart.Guide(value: d.maxDowntime / 3600,
                                       label: "allowed downtime \(ReportNumber.duration(d.maxDowntime))\(d.downtimeGiven ? "" : " (default)")")]
        chart.note = "each round copies what changed during the one before; linear scale"
        return chart.render()
    }

    /// Histogram of the Monte Carlo bulk time with P50/P90/P99 markers; `nil` without
    /// uncertainty. The bins span the 0.5th to 99.5th percentiles; the samples outside them
    /// are counted in the chart's note, never dropped silently.
    public static func distribution(_ plan: MigrationPlan) -> String? {
        guard let m = plan.distribution else { return nil }
        let h = m.histogram
        let bars = h.counts.enumerated().map { i, c in
            SVGChart.Bar(label: NumberText.trim((h.lower + (Double(i) + 0.5) * h.width) / 3600, decimals: 1),
                         value: Double(c), annotation: "")
        }
        func position(_ s: Double) -> Double { (s - h.lower) / h.width }
        let markers = [("P50", m.p50Seconds), ("P90", m.p90Seconds), ("P99", m.p99Seconds)].map {
            SVGChart.Marker(position: position($0.1), label: "\($0.0) \(ReportNumber.hours($0.1))")
        }
        var chart = SVGChart(title: "Bulk transfer time over \(ReportNumber.grouped(Double(m.samples))) samples", yLabel: "samples",
                             xLabel: "bulk transfer time (h, bin centre)", bars: bars, markers: markers, labelEvery: 5)
        let binned = h.counts.reduce(0, +)
        let outside = m.samples - binned
        chart.note = outside > 0
            ? "\(ReportNumber.grouped(Double(outside))) of \(ReportNumber.grouped(Double(m.samples))) samples (\(ReportNumber.percent(Double(outside) / Double(m.samples)))) lie outside "
              + "\(ReportNumber.hours(h.lower))–\(ReportNumber.hours(h.lower + h.width * Double(h.counts.count))) and are not drawn"
            : "every sample is drawn"
        return chart.render()
    }
}
