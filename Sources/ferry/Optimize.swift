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

            Exit status 1 when the problem is infeasible (the output says which constraint and by how much).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The problem file (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var problem: String

    func run() throws {
        let parsed = try OptimizationProblemReader.load(path: problem)
        let result = try parsed.solve()
        emit(OptimizationOutput.render(OptimizationDocument(result, problem: parsed), format: global.format))
        if result.status == .infeasible {
            // The nonlinear method cannot prove infeasibility: it says what it found.
            let lead = result.method == "augmented-lagrangian" ? "no feasible point found" : "the problem is infeasible"
            throw OptimizeFailure(message: "\(lead): \(result.infeasibilitySummary)")
        }
    }
}

/// An optimisation that ran but found no feasible point (exit 1 with the reason).
struct OptimizeFailure: LocalizedError {
    let message: String
    var errorDescription: String? { message }
}
