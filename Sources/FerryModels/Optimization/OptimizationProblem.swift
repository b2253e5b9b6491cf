import Foundation

/// A user-defined optimisation problem: variables with bounds, an objective to minimise or
/// maximise, and constraints, all written as expressions (``ExpressionParser``).
///
/// ``solve()`` sends linear problems to GLPK (simplex; branch-and-cut when a variable is
/// integer) and nonlinear ones to an augmented Lagrangian around GSL's BFGS minimiser,
/// started from several points.
public struct OptimizationProblem: Sendable {
    /// One decision variable.
    public struct Variable: Sendable {
        /// Name as written in expressions.
        public var name: String
        /// Lower bound (`-infinity` for none).
        public var lower: Double
        /// Upper bound (`+infinity` for none).
        public var upper: Double
        /// Whether the variable must be a whole number (linear problems only).
        public var isInteger: Bool
        /// Starting value for the nonlinear method (`nil`: chosen from the bounds).
        public var start: Double?

        /// Creates a variable (default: free, continuous).
        public init(name: String, lower: Double = -.infinity, upper: Double = .infinity, isInteger: Bool = false, start: Double? = nil) {
            self.name = name
            self.lower = lower
            self.upper = upper
            self.isInteger = isInteger
            self.start = start
        }
    }

    /// One constraint `lhs (relation) rhs`.
    public struct Constraint: Sendable {
        /// Name for messages (given, or `subject_to[i]`).
        public var name: String
        /// The constraint as written.
        public var text: String
        /// Left-hand side.
        public var lhs: Expression
        /// Relation.
        public var relation: LinearProgram.Relation
        /// Right-hand side.
        public var rhs: Expression

        /// Creates a constraint.
        public init(name: String, text: String, lhs: Expression, relation: LinearProgram.Relation, rhs: Expression) {
            self.name = name
            self.text = text
            self.lhs = lhs
            self.relation = relation
            self.rhs = rhs
        }

        /// lhs − rhs, the quantity compared with zero.
        public var difference: Expression { .subtract(lhs, rhs) }
    }

    /// The variables, in declaration order.
    public var variables: [Variable]
    /// Minimise or maximise.
    public var sense: LinearProgram.Sense
    /// The objective.
    public var objective: Expression
    /// The objective as written.
    public var objectiveText: String
    /// The constraints.
    public var constraints: [Constraint]
    /// Number of starting points for the nonlinear method, ≥ 1.
    public var starts: Int
    /// Seed for the random starting points.
    public var seed: UInt64
    /// Time limit, seconds: for the integer search and the simplex (GLPK), and for the whole
    /// nonlinear method (all starts); `defaultTimeLimit` when `nil`.
    public var timeLimitSeconds: Double?

    /// Creates a problem.
    public init(variables: [Variable], sense: LinearProgram.Sense, objective: Expression, objectiveText: String = "",
                constraints: [Constraint], starts: Int = 8, seed: UInt64 = 1, timeLimitSeconds: Double? = nil) {
        self.variables = variables
        self.sense = sense
        self.objective = objective
        self.objectiveText = objectiveText
        self.constraints = constraints
        self.starts = starts
        self.seed = seed
        self.timeLimitSeconds = timeLimitSeconds
    }

    /// The time limit used when a problem sets none: 5 s. A user-defined problem that needs
    /// longer says so with `time_limit`; hitting the limit is reported, never silent.
    public static let defaultTimeLimit = 5.0

    /// The variable names, by index.
    public var variableNames: [String] { variables.map(\.name) }

    /// The problem as a ``LinearProgram`` when the objective and every constraint are linear.
    public var linearProgram: LinearProgram? {
        guard let (costs, constant) = objective.linearForm else { return nil }
        var lp = LinearProgram(sense: sense, objectiveConstant: constant, timeLimitSeconds: timeLimitSeconds)
        for (j, v) in variables.enumerated() {
            lp.add(.init(name: v.name, lower: v.lower, upper: v.upper, isInteger: v.isInteger, cost: costs[j] ?? 0))
        }
        for c in constraints {
            guard let (a, k) = c.difference.linearForm else { return nil }
            lp.add(.init(name: c.name, coefficients: a.filter { $0.value != 0 }, relation: c.relation, rhs: -k))
        }
        return lp
    }

    /// Solves the problem.
    /// - Returns: the solution; an infeasible problem returns status `.infeasible` with the
    ///   constraints to relax and by how much.
    /// - Throws: `OptimizationError` for integer variables in a nonlinear problem, bad bounds
    ///   or an unbounded linear problem.
    public func solve() throws -> OptimizationResult {
        for v in variables where !(v.lower <= v.upper) {
            throw OptimizationError.badBounds(variable: v.name, lower: v.lower, upper: v.upper)
        }
        if let lp = linearProgram {
            return try solveLinear(lp)
        }
        for v in variables {
            for (what, b) in [("min", v.lower), ("max", v.upper)] where b.isFinite && abs(b) > 1e30 {
                throw OptimizationError.outOfRange("variable '\(v.name)' has \(what) \(b); bounds must be within ±1e30 (rescale the variable's unit)")
            }
        }
        let integers = variables.filter(\.isInteger).map(\.name)
        guard integers.isEmpty else { throw OptimizationError.integerNonlinear(variables: integers) }
        return try AugmentedLagrangian(problem: self).solve()
    }

    private func solveLinear(_ program: LinearProgram) throws -> OptimizationResult {
        var lp = program
        if lp.timeLimitSeconds == nil { lp.timeLimitSeconds = Self.defaultTimeLimit }
        let method = lp.isInteger ? "glpk-milp" : "glpk-simplex"
        do {
            let s = try lp.solve()
            var result = OptimizationResult(status: s.status == .optimal ? .optimal : .feasible, method: method,
                                            objective: s.objective, variables: variableNames, values: s.values,
                                            constraints: report(at: s.values), kkt: nil, shortfalls: [], starts: 1)
            if s.status == .feasible {
                result.limitReached = "time limit of \(lp.timeLimitSeconds ?? 0) s reached: the best integer solution found, not proven optimal (relaxation bound \(s.relaxationObjective))"
            }
            return result
        } catch LinearProgramError.infeasible(let shortfalls) {
            return OptimizationResult(status: .infeasible, method: method, objective: nil, variables: variableNames,
                                      values: [], constraints: [], kkt: nil, shortfalls: shortfalls, starts: 1)
        } catch LinearProgramError.unbounded {
            throw OptimizationError.unbounded(sense: sense)
        }
    }

    /// Each constraint's sides and violation at `x`.
    func report(at x: [Double]) -> [OptimizationResult.ConstraintValue] {
        constraints.map { c in
            let l = c.lhs.evaluate(x), r = c.rhs.evaluate(x)
            let violation: Double
            switch c.relation {
            case .lessOrEqual: violation = max(0, l - r)
            case .greaterOrEqual: violation = max(0, r - l)
            case .equal: violation = abs(l - r)
            }
            return .init(name: c.name, text: c.text, lhs: l, rhs: r, violation: violation, multiplier: nil)
        }
    }
}
