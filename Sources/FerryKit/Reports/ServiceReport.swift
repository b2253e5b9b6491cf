import Foundation
import FerryModels
import FerryUnits

/// The services part of a plan: Markdown, CSV and a nodes chart per service (JSON: ``ServiceFigures``).
public enum ServiceReport {
    /// `## Services after the move`: now, at the horizon, and the month-by-month nodes.
    public static func markdown(_ plans: [ServicePlan], charts: [String: String]) -> String {
        guard !plans.isEmpty else { return "" }
        var md = "## Services after the move\n\n"
        md += "Response times from an M/M/c queue (Erlang C), or the Allen–Cunneen G/G/c approximation when the "
        md += "arrival or service coefficient of variation is not 1. Per-node load is λ / N (the documents' R = L / N, S0-2) — a load, not a response time.\n\n"
        md += "| service | load now | nodes now | utilisation | P(wait) | mean response | p95 response | per-node load | nodes at horizon |\n"
        md += "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for p in plans {
            let n = p.now
            md += "| \(p.spec.name) | \(EventRate(perSecond: p.spec.arrivalRate).formatted()) | \(n.servers) | "
            md += "\(pct(n.utilization)) | \(pct(n.probabilityOfWaiting)) | \(ms(n.meanResponse)) | \(ms(n.response.p95)) | "
            md += "\(EventRate(perSecond: n.perNodeLoad).formatted()) | \(p.finalServers) (month \(p.months.last?.month ?? 0)) |\n"
        }
        md += "\n"
        for p in plans {
            let objectives = p.spec.objectives.map(\.description) + (p.spec.maxUtilization.map { ["utilisation ≤ \(pct($0))"] } ?? [])
            md += "### \(p.spec.name)\n\n"
            md += "Objective: \(objectives.joined(separator: ", ")). Service time \(ms(p.spec.serviceTime)); "
            md += "growth \(NumberText.trim(p.spec.growthPerMonth * 100, decimals: 2)) %/month.\n\n"
            md += "| month | load | nodes | utilisation | mean response | p95 response |\n|---:|---:|---:|---:|---:|---:|\n"
            for m in p.months where m.month % step(p.months.count) == 0 || m.month == p.months.last?.month {
                md += "| \(m.month) | \(EventRate(perSecond: m.arrivalRate).formatted()) | \(m.servers) | \(pct(m.utilization)) | \(ms(m.meanResponse)) | \(ms(m.p95Response)) |\n"
            }
            md += "\n"
            if let chart = charts["service:" + p.spec.name] { md += "![Nodes over time for \(p.spec.name)](\(chart))\n\n" }
        }
        return md
    }

    /// Monthly rows for every service.
    public static func csv(_ plans: [ServicePlan]) -> String {
        var rows = ["service,month,arrival_rate_per_second,servers,utilization,mean_response_seconds,p95_response_seconds,per_node_load_per_second"]
        for p in plans {
            for m in p.months {
                rows.append([csvField(p.spec.name), "\(m.month)", num(m.arrivalRate), "\(m.servers)", num(m.utilization),
                             num(m.meanResponse), num(m.p95Response), num(m.perNodeLoad)].joined(separator: ","))
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// Nodes needed against the load they serve, one point per month of the forecast, with
    /// the objective and the utilisation range in the title.
    public static func nodesChart(_ p: ServicePlan) -> String {
        let points = p.months.map { (x: $0.arrivalRate, y: Double($0.servers)) }
        var goal = p.spec.objectives.map(\.description)
        if let cap = p.spec.maxUtilization { goal.append("utilisation ≤ \(pct(cap))") }
        let utilisations = p.months.map(\.utilization)
        let range = "runs at \(pct(utilisations.min() ?? 0))–\(pct(utilisations.max() ?? 0)) utilisation"
        let series = SVGLineChart.Series(name: "nodes (months 0–\(p.months.last?.month ?? 0))", color: "#4e79a7",
                                         points: points, curve: points)
        return SVGLineChart(title: "\(p.spec.name): nodes for \(goal.joined(separator: " and ")) — \(range)",
                            xLabel: "load (requests/s)", yLabel: "nodes", series: [series]).render()
    }

    /// A file-safe chart name for a service: `nodes-api.svg`.
    public static func chartName(_ service: String) -> String {
        let safe = service.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" }
        return "nodes-\(String(safe)).svg"
    }

    static func step(_ count: Int) -> Int { count > 13 ? 3 : 1 }
    static func pct(_ x: Double) -> String { ReportNumber.percent(x) }
    static func ms(_ s: Double) -> String { ReportNumber.duration(s) }
    /// CSV numbers: six significant digits (utilisation 0.789851, 40.2113 ms as 0.0402113 s).
    static func num(_ x: Double) -> String { ReportNumber.machine(x, digits: 6) }
    static func csvField(_ s: String) -> String { CSVText.field(s) }
}
