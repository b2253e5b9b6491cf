import Foundation

/// The solution of an ``OptimizationProblem``.
public struct OptimizationResult: Sendable {
    /// What kind of answer this is.
    public enum Status: String, Sendable, Codable {
        /// Proven optimal (linear and integer problems).
        case optimal
        /// Feasible; an integer search stopped at its time limit, or the nonlinear method
        /// met the constraints but not the stationarity tolerance.
        case feasible
        /// A point meeting the KKT conditions (best of several starts); nonlinear problems.
        case localOptimum = "local_optimum"
        /// No point meets every constraint; see ``OptimizationResult/shortfalls``.
        case infeasible
    }

    /// A constraint's value at the solution.
    public struct ConstraintValue: Sendable {
        /// Name.
        public var name: String
        /// As written.
        public var text: String
        /// Left-hand side at the solution.
        public var lhs: Double
        /// Right-hand side at the solution.
        public var rhs: Double
        /// How far the constraint is violated (0 when met), in its own units.
        public var violation: Double
        /// Lagrange multiplier (nonlinear method), ≥ 0 for inequalities.
        public var multiplier: Double?
    }

    /// KKT residuals of a nonlinear solution, in the problem's units.
    public struct KKTResiduals: Sendable {
        /// ‖∇f + Σ λ_i ∇c_i‖∞ (f minimised; bounds included as constraints).
        public var stationarity: Double
        /// max |λ_i c_i|.
        public var complementarity: Double
        /// Largest constraint or bound violation.
        public var primalViolation: Double
    }

    /// The kind of answer.
    public var status: Status
    /// `glpk-simplex`, `glpk-milp` or `augmented-lagrangian`.
    public var method: String
    /// Objective value (nil when infeasible).
    public var objective: Double?
    /// Variable names, in declaration order.
    public var variables: [String]
    /// Values, one per variable (empty when a linear problem is infeasible).
    public var values: [Double]
    /// Each constraint at the solution.
    public var constraints: [ConstraintValue]
    /// KKT residuals (nonlinear method only).
    public var kkt: KKTResiduals?
    /// For infeasible problems: which constraints to relax and by how much.
    public var shortfalls: [ConstraintShortfall]
    /// Starting points tried (nonlinear method).
    public var starts: Int
    /// Set when a solver limit (time) stopped the search early: what was hit and what the
    /// answer therefore is; `nil` when the search finished.
    public var limitReached: String? = nil
    /// Variable bounds broken at the least-violating point of an infeasible nonlinear result.
    public var violatedBounds: [String] = []

    /// The value of the named variable.
    public func value(of name: String) -> Double? {
        variables.firstIndex(of: name).flatMap { values.indices.contains($0) ? values[$0] : nil }
    }

    /// A one-paragraph explanation of an infeasible result.
    public var infeasibilitySummary: String {
        if !shortfalls.isEmpty { return shortfalls.map(\.summary).joined(separator: "; ") }
        let violated = constraints.filter { $0.violation > 0 }.sorted { $0.violation > $1.violation }
        let parts = violated.map { c in
            c.violation.isFinite
                ? "constraint '\(c.name)' (\(c.text)) is violated by \(String(format: "%.6g", c.violation)) at the least-violating point found"
                : "constraint '\(c.name)' (\(c.text)) cannot be evaluated to a finite number at the least-violating point found"
        }
            + violatedBounds.map { "\($0) at the least-violating point found" }
        return parts.isEmpty ? "no point found that meets every constraint and bound to tolerance" : parts.joined(separator: "; ")
    }
}
