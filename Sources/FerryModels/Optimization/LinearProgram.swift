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
        case .limitReached(let what):
            throw LinearProgramError.limitReached(what)
        case .unreliable(let what):
            throw LinearProgramError.numericallyUnreliable(what)
        }
    }

    /// The largest magnitude accepted for a bound, coefficient, cost or right-hand side, and the
    /// smallest non-zero one: GLPK works in doubles with absolute tolerances near 1e-9, and a
    /// bound such as 1e308 trips an internal assertion that aborts the process.
    public static let magnitudeRange: ClosedRange<Double> = 1e-30...1e30

    /// The first original bound or row that `x` breaks by more than a relative 1e-9, described
    /// for a message; `nil` when `x` satisfies them all.
    ///
    /// Tolerances, in the program's own units:
    /// ```
    /// bound:  violation ≤ 1e-9 · max(1, |bound|)
    /// row:    violation ≤ 1e-9 · max(|b|, Σ|aⱼxⱼ|)
    /// ```
    /// and integer variables must be within 1e-9 of a whole number.
    public func violation(at x: [Double]) -> String? {
        guard x.count == variables.count else { return "the solution has \(x.count) values for \(variables.count) variables" }
        for (v, value) in zip(variables, x) {
            guard value.isFinite else { return "variable '\(v.name)' = \(value)" }
            if value < v.lower - 1e-9 * max(1, abs(v.lower)) {
                return "the bound \(v.name) ≥ \(v.lower) (value \(value))"
            }
            if value > v.upper + 1e-9 * max(1, abs(v.upper)) {
                return "the bound \(v.name) ≤ \(v.upper) (value \(value))"
            }
            if v.isInteger, abs(value - value.rounded()) > 1e-9 * max(1, abs(value)) {
                return "integrality of \(v.name) (value \(value))"
            }
        }
        for (i, c) in constraints.enumerated() {
            let lhs = self.lhs(i, at: x)
            let size = c.coefficients.reduce(abs(c.rhs)) { $0 + abs($1.value * x[$1.key]) }
            let tolerance = 1e-9 * size
            let excess: Double
            switch c.relation {
            case .lessOrEqual: excess = lhs - c.rhs
            case .greaterOrEqual: excess = c.rhs - lhs
            case .equal: excess = abs(lhs - c.rhs)
            }
            if !(excess <= tolerance) {
                return "constraint '\(c.name)' (\(c.relation.rawValue) \(c.rhs); left-hand side \(lhs))"
            }
        }
        return nil
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
            for (what, value) in [("lower bound", v.lower), ("upper bound", v.upper), ("objective coefficient", v.cost)]
            where value.isFinite && value != 0 && !LinearProgram.magnitudeRange.contains(abs(value)) {
                throw LinearProgramError.invalid("variable '\(v.name)' has \(what) \(value); non-zero magnitudes must be between 1e-30 and 1e30 (rescale the variable's unit)")
            }
        }
        for c in constraints {
            guard c.rhs.isFinite else { throw LinearProgramError.invalid("constraint '\(c.name)' has right-hand side \(c.rhs)") }
            for (j, a) in c.coefficients {
                guard variables.indices.contains(j) else {
                    throw LinearProgramError.invalid("constraint '\(c.name)' refers to variable #\(j), but there are \(variables.count)")
                }
                guard a.isFinite else { throw LinearProgramError.invalid("constraint '\(c.name)' has coefficient \(a) on '\(variables[j].name)'") }
                guard a == 0 || LinearProgram.magnitudeRange.contains(abs(a)) else {
                    throw LinearProgramError.invalid("constraint '\(c.name)' has coefficient \(a) on '\(variables[j].name)'; non-zero magnitudes must be between 1e-30 and 1e30 (rescale the units)")
                }
            }
            guard c.rhs == 0 || LinearProgram.magnitudeRange.contains(abs(c.rhs)) else {
                throw LinearProgramError.invalid("constraint '\(c.name)' has right-hand side \(c.rhs); non-zero magnitudes must be between 1e-30 and 1e30 (rescale the units)")
            }
        }
        if let x = incumbent, x.count != variables.count {
            throw LinearProgramError.invalid("incumbent has \(x.count) values for \(variables.count) variables")
        }
    }

    /// How close row `i`'s left-hand side can get to its right-hand side given every other row:
    /// the minimum (for ≤; the maximum for ≥) of Σ aᵢⱼxⱼ subject to the other rows as written
    /// and the bounds. When the other rows conflict among themselves, they are relaxed by the
    /// elastic program's slacks (`otherSlack`, signed, per row) so the question still has an answer.
    /// - Returns: the extreme value, or nil when it cannot be computed.
    func extreme(of i: Int, towards rhs: Double, from elastic: Double, otherSlack: [Double]) -> Double? {
        let row = constraints[i]
        let increase = row.relation == .greaterOrEqual || (row.relation == .equal && elastic < rhs)
        for relaxOthers in [false, true] {
            var probe = LinearProgram(sense: increase ? .maximize : .minimize, variables: variables.enumerated().map { j, v in
                var v = v
                v.cost = row.coefficients[j] ?? 0
                return v
            }, constraints: [], timeLimitSeconds: timeLimitSeconds ?? 10, relativeGap: 1e-9)
            for (k, c) in constraints.enumerated() where k != i {
                var other = c
                if relaxOthers { other.rhs += otherSlack[k] }
                probe.add(other)
            }
            guard (try? probe.validate()) != nil, let outcome = try? GLPKProblem(probe).solve() else { continue }
            switch outcome {
            case .solved(let s): return s.objective
            case .infeasible: continue
            default: return nil
            }
        }
        return nil
    }

    /// Finds the smallest relaxation that makes the program feasible: an elastic program
    /// adds a slack to every constraint and minimises Σ slack_i / max(1, |b_i|).
    /// - Returns: the constraints whose slack is positive; for each, the value its left-hand side
    ///   can reach given the other rows (``extreme(of:towards:from:otherSlack:)``) and the
    ///   distance from that value to its right-hand side.
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
        let relaxedPoint = Array(relaxed.values.prefix(variables.count))
        var slackAmount = [Double](repeating: 0, count: constraints.count)
        for (i, s, sign) in slackOf { slackAmount[i] -= sign * relaxed.values[s] }   // rhs shift that admits the elastic point
        for (i, s, _) in slackOf where relaxed.values[s] > 1e-7 * max(1, abs(constraints[i].rhs)) {
            let c = constraints[i]
            let elastic = lhs(i, at: relaxedPoint)
            func gap(_ value: Double) -> Double {
                max(0, c.relation == .lessOrEqual ? value - c.rhs : c.relation == .greaterOrEqual ? c.rhs - value : abs(value - c.rhs))
            }
            var achievable = extreme(of: i, towards: c.rhs, from: elastic, otherSlack: slackAmount) ?? elastic
            var amount = gap(achievable)
            if !(amount > 0) { (achievable, amount) = (elastic, relaxed.values[s]) }
            shortfalls.append(ConstraintShortfall(name: c.name, relation: c.relation, rhs: c.rhs,
                                                  achievable: achievable, amount: amount, unit: c.unit))
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
    /// The solver's point breaks the original bounds or rows (badly scaled data): Ferry refuses
    /// to print an optimum it cannot stand behind.
    case numericallyUnreliable(String)
    /// An iteration or time cap stopped the solver before it proved anything.
    case limitReached(String)

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
        case .numericallyUnreliable(let message):
            return "the result is numerically unreliable: \(message); rescale the problem's units so coefficients are nearer 1"
        case .limitReached(let message):
            return "no answer: \(message)"
        }
    }
}
