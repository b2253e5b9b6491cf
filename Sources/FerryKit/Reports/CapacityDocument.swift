import FerryModels
import FerryUnits

/// The result of `ferry capacity`: the queue at the evaluated or sized server count
/// (flattened at the top level), the growth forecast and the optional simulation.
public struct CapacityDocument: ReportDocument, Sendable {
    public static let kind = "capacity"

    /// The queue now.
    public var now: QueueFigures
    /// Whether the server count was sized for the objective (else it was given).
    public var sized: Bool
    /// What the size was chosen for, in words (`p95 ≤ 250 ms, utilisation ≤ 70 %`); empty when evaluated.
    public var goal: String
    /// Load growth per month, a fraction (0 without a forecast).
    public var growthPerMonth: Double
    /// The forecast, one entry per month; empty without `--growth`/`--months`.
    public var months: [MonthFigures]
    /// The discrete-event check, when asked for.
    public var simulation: SimulationFigures?
    /// The simulation's random seed.
    public var simulationSeed: UInt64?

    /// Copies the analysis and the request it answered (no arithmetic).
    public init(_ report: CapacityReport, request: CapacityRequest) {
        now = QueueFigures(report.now)
        sized = report.sized
        var parts = request.service.objectives.map(\.description)
        if let u = request.service.maxUtilization { parts.append("utilisation ≤ \(ReportNumber.percent(u))") }
        goal = report.sized ? parts.joined(separator: ", ") : ""
        growthPerMonth = request.service.growthPerMonth
        months = report.months.map(MonthFigures.init)
        simulation = report.simulation.map(SimulationFigures.init)
        simulationSeed = request.simulation?.seed
    }

    enum CodingKeys: String, CodingKey { case sized, goal, growthPerMonth, months, simulation, simulationSeed }

    public func encode(to encoder: Encoder) throws {
        try now.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sized, forKey: .sized)
        if !goal.isEmpty { try c.encode(goal, forKey: .goal) }
        try c.encode(growthPerMonth, forKey: .growthPerMonth)
        if !months.isEmpty { try c.encode(months, forKey: .months) }
        try c.encodeIfPresent(simulation, forKey: .simulation)
        try c.encodeIfPresent(simulationSeed, forKey: .simulationSeed)
    }
}

/// Renders a ``CapacityDocument`` in each format.
public enum CapacityOutput {
    /// The document in `format`, ending in a newline.
    public static func render(_ d: CapacityDocument, format: OutputFormat) -> String {
        switch format {
        case .json: return ReportJSON.render(d)
        case .md: return markdown(d)
        case .csv: return csv(d)
        case .text: return text(d)
        }
    }

    static func time(_ s: Double) -> String { ReportNumber.duration(s) }
    static func rate(_ x: Double) -> String { EventRate(perSecond: x).formatted() }

    static func rows(_ d: CapacityDocument) -> [(String, String)] {
        let m = d.now
        let why = d.sized ? " (smallest meeting \(d.goal))" : ""
        var out: [(String, String)] = [
            ("model", m.method + (m.method == "M/M/c" ? "" : " — approximate; --simulate to check")),
            ("arrival rate", rate(m.arrivalRatePerSecond)),
            ("service time", time(m.serviceTimeSeconds)),
            ("offered load", "\(ReportNumber.significant(m.offeredLoadErlangs)) erlangs"),
            ("servers", "\(m.servers)\(why)"),
            ("utilisation", ReportNumber.percent(m.utilization)),
            ("P(wait)", ReportNumber.significant(m.pWait)),
            ("mean wait", time(m.meanWaitSeconds)),
            ("mean response", time(m.meanResponseSeconds)),
            ("p50 response", time(m.p50ResponseSeconds)),
            ("p90 response", time(m.p90ResponseSeconds)),
            ("p95 response", time(m.p95ResponseSeconds)),
            ("p99 response", time(m.p99ResponseSeconds)),
            ("per-node load", "\(rate(m.perNodeLoadPerSecond)) per server (λ/N: a load, not a response time)"),
        ]
        if m.fixedDelaySeconds > 0 {
            out.insert(("transfer delay", time(m.fixedDelaySeconds) + " (payload / bandwidth, in every response)"), at: 3)
        }
        return out
    }

    static func monthCells(_ m: MonthFigures) -> [String] {
        ["\(m.month)", rate(m.arrivalRatePerSecond), "\(m.servers)", ReportNumber.percent(m.utilization),
         time(m.meanResponseSeconds), time(m.p95ResponseSeconds)]
    }

    static let monthHeader = ["month", "arrival rate", "servers", "utilisation", "mean response", "p95 response"]

    /// The terminal summary.
    public static func text(_ d: CapacityDocument) -> String {
        let rows = rows(d)
        let width = rows.map(\.0.count).max() ?? 0
        var lines = rows.map { $0.0.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.1 }
        if !d.months.isEmpty {
            lines.append("")
            lines.append("growth \(ReportNumber.significant(d.growthPerMonth * 100)) %/month:")
            lines.append(contentsOf: TextTable.lines(header: monthHeader, rows: d.months.map(monthCells)))
        }
        if let s = d.simulation {
            lines.append("")
            lines.append("simulation (\(ReportNumber.grouped(Double(s.customers))) customers, seed \(d.simulationSeed ?? 0), ± one batch-means standard error):")
            lines.append("  mean response  \(time(s.meanResponseSeconds)) ± \(time(s.meanResponseStdErrorSeconds))")
            lines.append("  p95 response   \(time(s.p95ResponseSeconds)) ± \(time(s.p95ResponseStdErrorSeconds))")
            lines.append("  p50 / p90 / p99  \(time(s.p50ResponseSeconds)) / \(time(s.p90ResponseSeconds)) / \(time(s.p99ResponseSeconds))")
            lines.append("  P(wait)        \(ReportNumber.significant(s.pWait))")
            lines.append("  utilisation    \(ReportNumber.percent(s.utilization))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A Markdown table of the figures, the forecast and the simulation.
    public static func markdown(_ d: CapacityDocument) -> String {
        var lines = ["| quantity | value |", "|---|---|"]
        lines += rows(d).map { "| \($0.0) | \($0.1) |" }
        if !d.months.isEmpty {
            lines += ["", "| " + monthHeader.joined(separator: " | ") + " |", "|---:|---:|---:|---:|---:|---:|"]
            lines += d.months.map { "| " + monthCells($0).joined(separator: " | ") + " |" }
        }
        if let s = d.simulation {
            lines += ["", "Simulation (\(ReportNumber.grouped(Double(s.customers))) customers): mean response \(time(s.meanResponseSeconds)) ± \(time(s.meanResponseStdErrorSeconds)), "
                + "p95 \(time(s.p95ResponseSeconds)) ± \(time(s.p95ResponseStdErrorSeconds))."]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The forecast as one row per month; without a forecast, the whole document as `key,value`.
    public static func csv(_ d: CapacityDocument) -> String {
        guard !d.months.isEmpty else { return ReportCSV.keyValues(d) }
        return CSVText.table(
            header: ["month", "arrival_rate_per_second", "servers", "utilization", "mean_response_seconds",
                     "p95_response_seconds", "per_node_load_per_second"],
            rows: d.months.map {
                ["\($0.month)", ReportNumber.machine($0.arrivalRatePerSecond, digits: 6), "\($0.servers)", ReportNumber.machine($0.utilization, digits: 6),
                 ReportNumber.machine($0.meanResponseSeconds, digits: 6), ReportNumber.machine($0.p95ResponseSeconds, digits: 6),
                 ReportNumber.machine($0.perNodeLoadPerSecond, digits: 6)]
            })
    }
}

/// Aligned plain-text tables: first column left-aligned, the rest right-aligned.
public enum TextTable {
    /// The header and rows as aligned lines.
    public static func lines(header: [String], rows: [[String]]) -> [String] {
        let widths = header.indices.map { i in ([header[i]] + rows.map { $0[i] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i == 0 ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[i] - c.count) + c
            }.joined(separator: "  ")
        }
        return [line(header)] + rows.map(line)
    }
}
