import Foundation
import FerryModels
import FerryUnits

/// The SVG charts of a migration plan.
public enum PlanCharts {
    /// Bars of the bulk copy and each delta round on a log scale (they shrink geometrically);
    /// the cutover round in red. `nil` when the data does not change.
    public static func deltaRounds(_ plan: MigrationPlan) -> String? {
        guard let d = plan.estimate.delta else { return nil }
        var bars = [SVGChart.Bar(label: "bulk", value: plan.estimate.seconds,
                                 annotation: TimeSpan(seconds: plan.estimate.seconds).formatted())]
        for r in d.rounds {
            bars.append(SVGChart.Bar(label: r.isCutover ? "cutover" : "Δ\(r.index)", value: r.seconds,
                                     annotation: TimeSpan(seconds: r.seconds).formatted(),
                                     color: r.isCutover ? "#e15759" : "#4e79a7"))
        }
        let title = d.converges ? "Bulk copy, delta rounds and cutover" : "Delta rounds grow: the sync never converges"
        return SVGChart(title: title, yLabel: "duration (s, log scale)", xLabel: "phase", bars: bars,
                        logScale: true, labelEvery: max(1, bars.count / 12)).render()
    }

    /// Histogram of the Monte Carlo bulk time with P50/P90/P99 markers; `nil` without uncertainty.
    public static func distribution(_ plan: MigrationPlan) -> String? {
        guard let m = plan.distribution else { return nil }
        let h = m.histogram
        let bars = h.counts.enumerated().map { i, c in
            SVGChart.Bar(label: NumberText.trim((h.lower + (Double(i) + 0.5) * h.width) / 3600, decimals: 1),
                         value: Double(c), annotation: "")
        }
        func position(_ s: Double) -> Double { (s - h.lower) / h.width }
        let markers = [("P50", m.p50Seconds), ("P90", m.p90Seconds), ("P99", m.p99Seconds)].map {
            SVGChart.Marker(position: position($0.1), label: "\($0.0) \(NumberText.fixed($0.1 / 3600, 2)) h")
        }
        return SVGChart(title: "Bulk transfer time over \(m.samples) samples", yLabel: "samples",
                        xLabel: "bulk transfer time (h, bin centre)", bars: bars, markers: markers,
                        labelEvery: 5).render()
    }
}
