import ArgumentParser
import FerryKit
import FerryModels
import Foundation

/// `ferry optimize PROBLEM.yaml`: a user-defined optimisation problem. Linear problems go
/// to GLPK (integers → branch-and-cut), nonlinear ones to an augmented Lagrangian around
/// GSL's BFGS from several starts.
struct Optimize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Solve a user-defined optimisation problem (variables, objective, constraints).",
        discussion: """
            PROBLEM.yaml:
              variables:
                x: { min: 0 }
                y: { min: 0, integer: false }
              minimize: 10*x + 5*y        # or maximize:
              subject_to:
                - x*y >= 100
              options: { starts: 8, seed: 1, time_limit: 10s }

            Exit status 1 when the problem is infeasible (the output says which constraint
            and by how much).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The problem file (YAML).")
    var problem: String

    func run() throws {
        let parsed = try OptimizationProblemReader.load(path: problem)
        let result = try parsed.solve()
        switch global.format {
        case .json:
            emit(try json(result))
        case .csv:
            var out = "name,value\n"
            for (name, value) in zip(result.variables, result.values) { out += "\(name),\(value)\n" }
            if let objective = result.objective { out += "objective,\(objective)\n" }
            emit(out)
        case .text, .md:
            emit(text(result, problem: parsed))
        }
        if result.status == .infeasible {
            // The nonlinear method cannot prove infeasibility: it says what it found.
            let lead = result.method == "augmented-lagrangian" ? "no feasible point found" : "the problem is infeasible"
            throw OptimizeFailure(message: "\(lead): \(result.infeasibilitySummary)")
        }
    }

    func json(_ r: OptimizationResult) throws -> String {
        var object: [String: Any] = ["status": r.status.rawValue, "method": r.method,
                                     "variables": Dictionary(uniqueKeysWithValues: zip(r.variables, r.values))]
        object["objective"] = r.objective ?? NSNull()
        object["constraints"] = r.constraints.map { c -> [String: Any] in
            var d: [String: Any] = ["name": c.name, "constraint": c.text, "lhs": c.lhs, "rhs": c.rhs, "violation": c.violation]
            if let m = c.multiplier { d["multiplier"] = m }
            return d
        }
        if let limit = r.limitReached { object["limit_reached"] = limit }
        if let k = r.kkt {
            object["kkt"] = ["stationarity": k.stationarity, "complementarity": k.complementarity, "primal_violation": k.primalViolation]
            object["starts"] = r.starts
        }
        if r.status == .infeasible {
            object["infeasibility"] = r.shortfalls.isEmpty ? [["summary": r.infeasibilitySummary]] : r.shortfalls.map {
                ["constraint": $0.name, "rhs": $0.rhs, "achievable": $0.achievable, "shortfall": $0.amount, "summary": $0.summary] as [String: Any]
            }
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    func text(_ r: OptimizationResult, problem: OptimizationProblem) -> String {
        var out = "status: \(r.status.rawValue) (\(r.method)\(r.kkt != nil ? ", best of \(r.starts) starts" : ""))\n"
        if r.status == .infeasible {
            out += "infeasible: \(r.infeasibilitySummary)\n"
            return out
        }
        if let o = r.objective { out += "objective: \(format(o))  (\(problem.sense.rawValue) \(problem.objectiveText))\n" }
        for (name, value) in zip(r.variables, r.values) { out += "  \(name) = \(format(value))\n" }
        if !r.constraints.isEmpty {
            out += "constraints:\n"
            for c in r.constraints {
                out += "  \(c.name): \(c.text)   lhs \(format(c.lhs)), rhs \(format(c.rhs)), violation \(String(format: "%.3g", c.violation))"
                if let m = c.multiplier { out += ", multiplier \(format(m))" }
                out += "\n"
            }
        }
        if let limit = r.limitReached { out += "limit reached: \(limit)\n" }
        if let k = r.kkt {
            out += "KKT residuals: stationarity \(String(format: "%.3g", k.stationarity)), complementarity \(String(format: "%.3g", k.complementarity)), violation \(String(format: "%.3g", k.primalViolation))\n"
        }
        return out
    }

    func format(_ x: Double) -> String {
        abs(x - x.rounded()) < 1e-9 * max(1, abs(x)) ? String(format: "%.0f", x) : String(format: "%.6g", x)
    }
}

/// An optimisation that ran but found no feasible point (exit 1 with the reason).
struct OptimizeFailure: LocalizedError {
    let message: String
    var errorDescription: String? { message }
}
