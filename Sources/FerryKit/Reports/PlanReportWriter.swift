import Foundation

/// Writes a plan's report files into a directory: `plan.md`, `plan.csv`, and when they apply
/// `delta-rounds.svg`, `distribution.csv`, `distribution.svg`.
///
/// Each file is written to a temporary name and renamed into place, so a report is never
/// half-written.
public enum PlanReportWriter {
    /// Writes the report.
    /// - Parameters:
    ///   - plan: the plan.
    ///   - directory: e.g. `reports/<name>`; created when missing.
    /// - Returns: the paths written, in order.
    /// - Throws: `ReportError` naming the path that could not be written.
    @discardableResult
    public static func write(_ plan: MigrationPlan, to directory: String) throws -> [String] {
        var files: [(String, String)] = []
        var charts: [String: String] = [:]
        if let svg = PlanCharts.deltaRounds(plan) {
            files.append(("delta-rounds.svg", svg))
            charts["delta"] = "delta-rounds.svg"
        }
        if let svg = PlanCharts.distribution(plan), let m = plan.distribution {
            files.append(("distribution.svg", svg))
            files.append(("distribution.csv", PlanCSV.distribution(m)))
            charts["distribution"] = "distribution.svg"
        }
        for service in plan.services {
            let name = ServiceReport.chartName(service.spec.name)
            files.append((name, ServiceReport.nodesChart(service)))
            charts["service:" + service.spec.name] = name
        }
        if !plan.services.isEmpty { files.append(("services.csv", ServiceReport.csv(plan.services))) }
        if let costs = plan.costs {
            files.append(("cost.md", CostReport.markdown(costs)))
            files.append(("cost.csv", CostReport.csv(costs)))
            files.append(("cost-monthly.svg", CostReport.svgStacked(costs)))
            files.append(("cost-tornado.svg", CostReport.svgTornado(costs)))
            charts["cost"] = "cost.md"
        }
        files.insert(("plan.csv", PlanCSV.phases(plan)), at: 0)
        files.insert(("plan.md", PlanMarkdown.render(plan, charts: charts)), at: 0)
        files.insert(("plan.html", PlanHTML.render(plan, files: files)), at: 1)
        return try ReportFiles.write(files, to: directory)
    }
}

/// Atomic writing of report files.
public enum ReportFiles {
    /// Writes each (name, contents) into `directory` via temp file + rename.
    /// - Returns: the paths written.
    /// - Throws: `ReportError.cannotWrite`.
    public static func write(_ files: [(String, String)], to directory: String) throws -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ReportError.cannotWrite(path: directory, reason: (error as NSError).localizedDescription)
        }
        var written: [String] = []
        for (name, contents) in files {
            let path = (directory as NSString).appendingPathComponent(name)
            do {
                try Data(contents.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw ReportError.cannotWrite(path: path, reason: (error as NSError).localizedDescription)
            }
            written.append(path)
        }
        return written
    }
}

/// Why a report could not be written.
public enum ReportError: LocalizedError, Equatable {
    /// The file or directory could not be created.
    case cannotWrite(path: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case let .cannotWrite(path, reason): return "cannot write the report file \(path): \(reason)"
        }
    }
}
