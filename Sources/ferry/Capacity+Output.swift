import FerryModels
import FerryUnits
import Foundation

/// Renders `ferry capacity` results as text, JSON, Markdown or CSV.
enum CapacityOutput {
    static func render(_ report: CapacityReport, request: CapacityRequest, format: OutputFormat) -> String {
        switch format {
        case .json: return json(report)
        case .md: return markdown(report, request: request)
        case .csv: return csv(report)
        case .text: return text(report, request: request)
        }
    }

    // MARK: JSON

    static func json(_ r: CapacityReport) -> String {
        var object = fields(r.now)
        object["sized"] = r.sized
        object["method"] = r.now.method
        if !r.months.isEmpty { object["months"] = r.months.map(monthFields) }
        if let sim = r.simulation { object["simulation"] = simulationFields(sim) }
        return CapacityJSON.encode(object)
    }

    static func fields(_ m: QueueMetrics) -> [String: Any] {
        [
            "servers": m.servers,
            "arrival_rate_per_second": CapacityJSON.number(m.arrivalRate),
            "service_time_seconds": CapacityJSON.number(m.serviceTime),
            "offered_load_erlangs": CapacityJSON.number(m.offeredLoad),
            "utilization": CapacityJSON.number(m.utilization),
            "p_wait": CapacityJSON.number(m.probabilityOfWaiting),
            "mean_wait_seconds": CapacityJSON.number(m.meanWait),
            "mean_response_seconds": CapacityJSON.number(m.meanResponse),
            "p50_response_seconds": CapacityJSON.number(m.response.p50),
            "p90_response_seconds": CapacityJSON.number(m.response.p90),
            "p95_response_seconds": CapacityJSON.number(m.response.p95),
            "p99_response_seconds": CapacityJSON.number(m.response.p99),
            "p95_wait_seconds": CapacityJSON.number(m.wait.p95),
            "p99_wait_seconds": CapacityJSON.number(m.wait.p99),
            "per_node_load": CapacityJSON.number(m.perNodeLoad),
            "fixed_delay_seconds": CapacityJSON.number(m.fixedDelay),
        ]
    }

    static func monthFields(_ m: ServicePlan.Month) -> [String: Any] {
        [
            "month": m.month,
            "arrival_rate_per_second": CapacityJSON.number(m.arrivalRate),
            "servers": m.servers,
            "utilization": CapacityJSON.number(m.utilization),
            "mean_response_seconds": CapacityJSON.number(m.meanResponse),
            "p95_response_seconds": CapacityJSON.number(m.p95Response),
            "per_node_load": CapacityJSON.number(m.perNodeLoad),
        ]
    }

    static func simulationFields(_ s: SimulationResult) -> [String: Any] {
        [
            "customers": s.customers,
            "servers": s.servers,
            "utilization": CapacityJSON.number(s.utilization),
            "p_wait": CapacityJSON.number(s.probabilityOfWaiting),
            "mean_wait_seconds": CapacityJSON.number(s.meanWait),
            "mean_response_seconds": CapacityJSON.number(s.meanResponse),
            "mean_response_std_error_seconds": CapacityJSON.number(s.meanResponseStandardError),
            "p50_response_seconds": CapacityJSON.number(s.response.p50),
            "p90_response_seconds": CapacityJSON.number(s.response.p90),
            "p95_response_seconds": CapacityJSON.number(s.response.p95),
            "p95_response_std_error_seconds": CapacityJSON.number(s.p95ResponseStandardError),
            "p99_response_seconds": CapacityJSON.number(s.response.p99),
        ]
    }

    // MARK: Text

    static func time(_ s: Double) -> String { TimeSpan(seconds: s).formatted() }
    static func percent(_ x: Double) -> String { Fraction(x).formattedPercent() }
    static func rate(_ x: Double) -> String { EventRate(perSecond: x).formatted() }

    static func rows(_ r: CapacityReport, request: CapacityRequest) -> [(String, String)] {
        let m = r.now
        let why = r.sized ? " (smallest meeting \(goal(request.service)))" : ""
        var out: [(String, String)] = [
            ("model", m.method + (m.method == "M/M/c" ? "" : " — approximate; --simulate to check")),
            ("arrival rate", rate(m.arrivalRate)),
            ("service time", time(m.serviceTime)),
            ("offered load", String(format: "%.4g erlangs", m.offeredLoad)),
            ("servers", "\(m.servers)\(why)"),
            ("utilisation", percent(m.utilization)),
            ("P(wait)", String(format: "%.5f", m.probabilityOfWaiting)),
            ("mean wait", time(m.meanWait)),
            ("mean response", time(m.meanResponse)),
            ("p50 response", time(m.response.p50)),
            ("p90 response", time(m.response.p90)),
            ("p95 response", time(m.response.p95)),
            ("p99 response", time(m.response.p99)),
            ("per-node load", "\(rate(m.perNodeLoad)) per server (λ/N: a load, not a response time)"),
        ]
        if m.fixedDelay > 0 { out.insert(("transfer delay", time(m.fixedDelay) + " (payload / bandwidth, in every response)"), at: 3) }
        return out
    }

    static func goal(_ spec: ServiceSpec) -> String {
        var parts = spec.objectives.map(\.description)
        if let u = spec.maxUtilization { parts.append("utilisation ≤ \(percent(u))") }
        return parts.joined(separator: ", ")
    }

    static func text(_ r: CapacityReport, request: CapacityRequest) -> String {
        let rows = rows(r, request: request)
        let width = rows.map(\.0.count).max() ?? 0
        var lines = rows.map { $0.0.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.1 }
        if !r.months.isEmpty {
            lines.append("")
            lines.append("growth \(String(format: "%.4g", request.service.growthPerMonth * 100)) %/month:")
            let header = ["month", "arrival rate", "servers", "utilisation", "mean response", "p95 response"]
            let body = r.months.map { m in
                ["\(m.month)", rate(m.arrivalRate), "\(m.servers)", percent(m.utilization), time(m.meanResponse), time(m.p95Response)]
            }
            lines.append(contentsOf: table(header, body))
        }
        if let s = r.simulation {
            lines.append("")
            lines.append("simulation (\(s.customers) customers, seed \(request.simulation?.seed ?? 0), ± one batch-means standard error):")
            lines.append("  mean response  \(time(s.meanResponse)) ± \(time(s.meanResponseStandardError))")
            lines.append("  p95 response   \(time(s.response.p95)) ± \(time(s.p95ResponseStandardError))")
            lines.append("  p50 / p90 / p99  \(time(s.response.p50)) / \(time(s.response.p90)) / \(time(s.response.p99))")
            lines.append("  P(wait)        \(String(format: "%.5f", s.probabilityOfWaiting))")
            lines.append("  utilisation    \(percent(s.utilization))")
        }
        return lines.joined(separator: "\n")
    }

    static func table(_ header: [String], _ body: [[String]]) -> [String] {
        let widths = header.indices.map { i in ([header[i]] + body.map { $0[i] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i == 0 ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[i] - c.count) + c
            }.joined(separator: "  ")
        }
        return [line(header)] + body.map(line)
    }

    // MARK: Markdown and CSV

    static func markdown(_ r: CapacityReport, request: CapacityRequest) -> String {
        var lines = ["| quantity | value |", "|---|---|"]
        lines += rows(r, request: request).map { "| \($0.0) | \($0.1) |" }
        if !r.months.isEmpty {
            lines += ["", "| month | arrival rate | servers | utilisation | mean response | p95 response |", "|---:|---:|---:|---:|---:|---:|"]
            lines += r.months.map {
                "| \($0.month) | \(rate($0.arrivalRate)) | \($0.servers) | \(percent($0.utilization)) | \(time($0.meanResponse)) | \(time($0.p95Response)) |"
            }
        }
        if let s = r.simulation {
            lines += ["", "Simulation (\(s.customers) customers): mean response \(time(s.meanResponse)) ± \(time(s.meanResponseStandardError)), "
                + "p95 \(time(s.response.p95)) ± \(time(s.p95ResponseStandardError))."]
        }
        return lines.joined(separator: "\n")
    }

    static func csv(_ r: CapacityReport) -> String {
        if !r.months.isEmpty {
            var lines = ["month,arrival_rate_per_second,servers,utilization,mean_response_seconds,p95_response_seconds,per_node_load"]
            lines += r.months.map {
                "\($0.month),\($0.arrivalRate),\($0.servers),\($0.utilization),\($0.meanResponse),\($0.p95Response),\($0.perNodeLoad)"
            }
            return lines.joined(separator: "\n")
        }
        let m = r.now
        let pairs: [(String, String)] = [
            ("servers", "\(m.servers)"), ("utilization", "\(m.utilization)"), ("p_wait", "\(m.probabilityOfWaiting)"),
            ("mean_wait_seconds", "\(m.meanWait)"), ("mean_response_seconds", "\(m.meanResponse)"),
            ("p50_response_seconds", "\(m.response.p50)"), ("p90_response_seconds", "\(m.response.p90)"),
            ("p95_response_seconds", "\(m.response.p95)"), ("p99_response_seconds", "\(m.response.p99)"),
            ("per_node_load", "\(m.perNodeLoad)"),
        ]
        return (["key,value"] + pairs.map { "\($0.0),\($0.1)" }).joined(separator: "\n")
    }
}

/// JSON text for the model commands (`capacity`, `fit`): sorted keys, non-finite numbers as null.
enum CapacityJSON {
    static func number(_ x: Double) -> Any { x.isFinite ? x : NSNull() }

    static func encode(_ object: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]),
              let text = String(data: data, encoding: .utf8) else { return "{}" }
        return text
    }
}
