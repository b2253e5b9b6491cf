import Foundation

/// A linear or mixed-integer linear program in a solver-neutral form.
///
/// ```
/// minimise (or maximise)  Σ c_j x_j + c_0
/// subject to              Σ a_ij x_j  (≤ | ≥ | =)  b_i     for every constraint i
///                         l_j ≤ x_j ≤ u_j,  x_j integer where asked
/// ```
/// Solved by GLPK (`glp_simplex`, then `glp_intopt` when any variable is integer) through
/// ``solve()``. When the program is infeasible, the error names the constraints that must be
/// relaxed and by how much (an elastic program minimising the weighted relaxation).
public struct LinearProgram: Sendable {
    /// Whether the objective is minimised or maximised.
    public enum Sense: String, Sendable, Codable { case minimize, maximize }

    /// How a constraint's left-hand side relates to its right-hand side.
    public enum Relation: String, Sendable, Codable {
        case lessOrEqual = "<=", greaterOrEqual = ">=", equal = "="
    }

    /// One decision variable.
    public struct Variable: Sendable {
        /// Name used in results and messages.
        public var name: String
        /// Lower bound (`-infinity` for none).
        public var lower: Double
        /// Upper bound (`+infinity` for none).
        public var upper: Double
        /// Whether the variable must take a whole-number value.
        public var isInteger: Bool
        /// Objective coefficient c_j (objective units per unit of the variable).
        public var cost: Double

        /// Creates a variable; defaults to a continuous x ≥ 0 with zero cost.
        public init(name: String, lower: Double = 0, upper: Double = .infinity, isInteger: Bool = false, cost: Double = 0) {
            self.name = name
            self.lower = lower
            self.upper = upper
            self.isInteger = isInteger
            self.cost = cost
        }
    }

    /// One linear constraint Σ a_j x_j (relation) b.
    public struct Constraint: Sendable {
        /// Name used in infeasibility messages, e.g. `vcpu` or `budget`.
        public var name: String
        /// Coefficients a_j by variable index; absent indices are zero.
        public var coefficients: [Int: Double]
        /// The relation.
        public var relation: Relation
        /// Right-hand side b.
        public var rhs: Double
        /// Unit of the constraint's value for messages, e.g. `vCPU` (may be empty).
        public var unit: String

        /// Creates a constraint.
        public init(name: String, coefficients: [Int: Double], relation: Relation, rhs: Double, unit: String = "") {
            self.name = name
            self.coefficients = coefficients
            self.relation = relation
            self.rhs = rhs
            self.unit = unit
        }
    }

    /// Minimise or maximise.
    public var sense: Sense
    /// The decision variables, in order.
    public var variables: [Variable]
    /// The constraints, in order.
    public var constraints: [Constraint]
    /// A constant added to the objective (c_0).
    public var objectiveConstant: Double
    /// Wall-clock limit for the integer search, seconds (`nil`: none). When it is reached
    /// with an integer solution in hand, the result's status is `.feasible`.
    public var timeLimitSeconds: Double?
    /// Relative MIP gap at which the integer search may stop (GLPK `mip_gap`), e.g. 1e-4.
    public var relativeGap: Double
    /// A known integer-feasible point (one value per variable) handed to GLPK as its first
    /// incumbent, so a time-limited search always returns at least this solution.
    public var incumbent: [Double]?

    /// Creates a program.
    public init(sense: Sense = .minimize, variables: [Variable] = [], constraints: [Constraint] = [],
                objectiveConstant: Double = 0, timeLimitSeconds: Double? = nil, relativeGap: Double = 0,
                incumbent: [Double]? = nil) {
        self.sense = sense
        self.variables = variables
        self.constraints = constraints
        self.objectiveConstant = objectiveConstant
        self.timeLimitSeconds = timeLimitSeconds
        self.relativeGap = relativeGap
        self.incumbent = incumbent
    }

    /// Whether any variable is integer (then the program is a MILP).
    public var isInteger: Bool { variables.contains { $0.isInteger } }

    /// Adds a variable and returns its index.
    @discardableResult
    public mutating func add(_ variable: Variable) -> Int {
        variables.append(variable)
        return variables.count - 1
    }

    /// Adds a constraint.
    public mutating func add(_ constraint: Constraint) { constraints.append(constraint) }

    /// The objective value at `x`: Σ c_j x_j + c_0.
    public func objective(at x: [Double]) -> Double {
        zip(variables, x).reduce(objectiveConstant) { $0 + $1.0.cost * $1.1 }
    }

    /// The left-hand side Σ a_j x_j of constraint `i` at `x`.
    public func lhs(_ i: Int, at x: [Double]) -> Double {
        constraints[i].coefficients.reduce(0) { $0 + $1.value * x[$1.key] }
    }

    /// Solves the program with GLPK.
    /// - Returns: the optimal (or, under a time limit, best found) solution.
    /// - Throws: `LinearProgramError.infeasible` naming the constraints to relax and by how
    ///   much; `.unbounded`; `.invalid` for malformed programs (checked before GLPK sees them,
    ///   because GLPK aborts the process on invalid calls); `.noSolutionWithinTimeLimit`.
    public func solve() throws -> LinearSolution {
        try validate()
        let solution = try GLPKProblem(self).solve()
        switch solution {
        case .solved(let s): return s
        case .infeasible:
            throw LinearProgramError.infeasible(try diagnoseInfeasibility())
        case .unbounded:
            throw LinearProgramError.unbounded
        case .timeLimit:
            throw LinearProgramError.noSolutionWithinTimeLimit(seconds: timeLimitSeconds ?? 0)
        }
    }

    /// Throws `.invalid` unless every number is finite and every bound and index is sane.
    func validate() throws {
        for v in variables {
            guard !v.lower.isNaN, !v.upper.isNaN, v.lower != .infinity, v.upper != -.infinity else {
                throw LinearProgramError.invalid("variable '\(v.name)' has bounds [\(v.lower), \(v.upper)]")
            }
            guard v.lower <= v.upper else {
                throw LinearProgramError.invalid("variable '\(v.name)' has lower bound \(v.lower) above its upper bound \(v.upper)")
            }
            guard v.cost.isFinite else { throw LinearProgramError.invalid("variable '\(v.name)' has objective coefficient \(v.cost)") }
        }
        for c in constraints {
            guard c.rhs.isFinite else { throw LinearProgramError.invalid("constraint '\(c.name)' has right-hand side \(c.rhs)") }
            for (j, a) in c.coefficients {
                guard variables.indices.contains(j) else {
                    throw LinearProgramError.invalid("constraint '\(c.name)' refers to variable #\(j), but there are \(variables.count)")
                }
                guard a.isFinite else { throw LinearProgramError.invalid("constraint '\(c.name)' has coefficient \(a) on '\(variables[j].name)'") }
            }
        }
        if let x = incumbent, x.count != variables.count {
            throw LinearProgramError.invalid("incumbent has \(x.count) values for \(variables.count) variables")
        }
    }

    /// Finds the smallest relaxation that makes the program feasible: an elastic program
    /// adds a slack to every constraint and minimises Σ slack_i / max(1, |b_i|).
    /// - Returns: the constraints whose slack is positive, with the amount.
    func diagnoseInfeasibility() throws -> [ConstraintShortfall] {
        var elastic = LinearProgram(sense: .minimize, variables: variables.map {
            var v = $0
            v.cost = 0
            return v
        }, constraints: [], timeLimitSeconds: timeLimitSeconds ?? 10, relativeGap: 1e-6)
        var slackOf: [(constraint: Int, index: Int, sign: Double)] = []
        for (i, c) in constraints.enumerated() {
            var row = c
            let weight = 1 / max(1, abs(c.rhs))
            if c.relation != .lessOrEqual {
                let s = elastic.add(Variable(name: "slack+\(i)", cost: weight))
                row.coefficients[s] = 1
                slackOf.append((i, s, 1))
            }
            if c.relation != .greaterOrEqual {
                let s = elastic.add(Variable(name: "slack-\(i)", cost: weight))
                row.coefficients[s] = -1
                slackOf.append((i, s, -1))
            }
            elastic.add(row)
        }
        guard case .solved(let relaxed) = try GLPKProblem(elastic).solve() else {
            // Only the variables' own bounds or integrality can make the elastic program fail.
            return []
        }
        var shortfalls: [ConstraintShortfall] = []
        for (i, s, _) in slackOf where relaxed.values[s] > 1e-7 * max(1, abs(constraints[i].rhs)) {
            let c = constraints[i]
            let achievable = lhs(i, at: Array(relaxed.values.prefix(variables.count)))
            shortfalls.append(ConstraintShortfall(name: c.name, relation: c.relation, rhs: c.rhs,
                                                  achievable: achievable, amount: relaxed.values[s], unit: c.unit))
        }
        return shortfalls
    }
}

/// The solution of a ``LinearProgram``.
public struct LinearSolution: Sendable {
    /// Whether the solution is proven optimal or only the best found.
    public enum Status: String, Sendable, Codable {
        /// Proven optimal (within the requested MIP gap).
        case optimal
        /// Integer-feasible, but the search stopped at the time limit.
        case feasible
    }
    /// Optimal or best-found.
    public var status: Status
    /// Objective value including the constant, in the objective's units.
    public var objective: Double
    /// One value per variable, in the program's order.
    public var values: [Double]
    /// Objective of the continuous relaxation (a bound on the integer optimum).
    public var relaxationObjective: Double
    /// Which GLPK method produced the result: `simplex` or `milp`.
    public var method: String

    /// Creates a solution.
    public init(status: Status, objective: Double, values: [Double], relaxationObjective: Double, method: String) {
        self.status = status
        self.objective = objective
        self.values = values
        self.relaxationObjective = relaxationObjective
        self.method = method
    }
}

/// A constraint that must be relaxed for an infeasible program to become feasible.
public struct ConstraintShortfall: Sendable, Equatable {
    /// The constraint's name.
    public var name: String
    /// Its relation.
    public var relation: LinearProgram.Relation
    /// Its right-hand side as given.
    public var rhs: Double
    /// The left-hand side at the least-relaxed point (what the other constraints allow).
    public var achievable: Double
    /// How far the right-hand side must move (≥ 0), in the constraint's units.
    public var amount: Double
    /// The constraint's unit (may be empty).
    public var unit: String

    /// Creates a shortfall.
    public init(name: String, relation: LinearProgram.Relation, rhs: Double, achievable: Double, amount: Double, unit: String = "") {
        self.name = name
        self.relation = relation
        self.rhs = rhs
        self.achievable = achievable
        self.amount = amount
        self.unit = unit
    }

    /// E.g. `constraint 'vcpu' (≥ 120 vCPU) cannot be met: at most 96 vCPU, short by 24 vCPU (20 %)`.
    public var summary: String {
        let u = unit.isEmpty ? "" : " \(unit)"
        let symbol = ["<=": "≤", ">=": "≥", "=": "="][relation.rawValue] ?? relation.rawValue
        let percent = abs(rhs) > 0 ? String(format: " (%.3g %%)", 100 * amount / abs(rhs)) : ""
        let bound = relation == .lessOrEqual ? "at least" : (relation == .greaterOrEqual ? "at most" : "closest")
        return "constraint '\(name)' (\(symbol) \(fmt(rhs))\(u)) cannot be met: \(bound) \(fmt(achievable))\(u) is possible, short by \(fmt(amount))\(u)\(percent)"
    }

    private func fmt(_ x: Double) -> String {
        if abs(x - x.rounded()) < 1e-9 * max(1, abs(x)) { return String(format: "%.0f", x) }
        return String(format: "%.6g", x)
    }
}

/// Why a ``LinearProgram`` has no solution.
public enum LinearProgramError: LocalizedError, Equatable, Sendable {
    /// No point satisfies every constraint; the shortfalls say which to relax and by how much.
    case infeasible([ConstraintShortfall])
    /// The objective can improve without limit.
    case unbounded
    /// The program is malformed (NaN coefficient, lower bound above upper bound, …).
    case invalid(String)
    /// The integer search found no integer solution within the time limit (seconds).
    case noSolutionWithinTimeLimit(seconds: Double)
    /// GLPK reported a failure it has no better word for.
    case solverFailed(String)

    public var errorDescription: String? {
        switch self {
        case .infeasible(let shortfalls):
            if shortfalls.isEmpty { return "the problem is infeasible: the variables' bounds or integrality cannot be met" }
            return "the problem is infeasible: " + shortfalls.map(\.summary).joined(separator: "; ")
        case .unbounded:
            return "the problem is unbounded: the objective improves without limit (a bound or constraint is missing)"
        case .invalid(let message):
            return "invalid linear program: \(message)"
        case .noSolutionWithinTimeLimit(let seconds):
            return "no integer solution found within the time limit of \(seconds) s"
        case .solverFailed(let message):
            return "glpk failed: \(message)"
        }
    }
}
