import FerryModels

/// The result of `ferry optimize`: status, objective, the variables by their own names, each
/// constraint's value and slack, and — when infeasible — what falls short and by how much.
/// Values are in the problem's own units.
public struct OptimizationDocument: ReportDocument, Sendable {
    public static let kind = "optimization"

    /// One constraint at the solution.
    public struct Constraint: Encodable, Sendable {
        public var name: String
        /// The constraint as written.
        public var constraint: String
        public var lhs: Double, rhs: Double, violation: Double
        /// The Lagrange multiplier, when the method gives one.
        public var multiplier: Double?
    }
    /// KKT residuals of a nonlinear solution.
    public struct KKT: Encodable, Sendable { public var stationarity, complementarity, primalViolation: Double }
    /// Why an infeasible problem is infeasible.
    public struct Shortfall: Encodable, Sendable {
        public var constraint: String?
        public var rhs: Double?, achievable: Double?, shortfall: Double?
        public var summary: String
    }

    /// `optimal`, `feasible`, `local_optimum` or `infeasible`.
    public var status: String
    /// The method: `glpk simplex`, `glpk branch-and-cut`, `augmented Lagrangian (GSL BFGS)`…
    public var method: String
    /// `minimize` or `maximize`, and the objective as written.
    public var sense: String, objectiveText: String
    /// The objective's value; `null` when no feasible point was found.
    @EncodedAsNull public var objective: Double?
    /// Variable name → value, names exactly as written in the problem.
    public var variables: VerbatimKeys<Double>
    /// Every constraint at the solution.
    public var constraints: [Constraint]
    /// KKT residuals (nonlinear problems).
    public var kkt: KKT?
    /// Starts tried (nonlinear problems).
    public var starts: Int?
    /// Present only when infeasible.
    public var infeasibility: [Shortfall]?
    /// The iteration or time limit the solver hit, when it stopped on one.
    public var limitReached: String?

    /// Copies the solver's result.
    public init(_ r: OptimizationResult, problem: OptimizationProblem) {
        status = r.status.rawValue
        method = r.method
        sense = problem.sense.rawValue
        objectiveText = problem.objectiveText
        objective = r.objective
        variables = VerbatimKeys(Dictionary(zip(r.variables, r.values), uniquingKeysWith: { a, _ in a }))
        constraints = r.constraints.map {
            Constraint(name: $0.name, constraint: $0.text, lhs: $0.lhs, rhs: $0.rhs, violation: $0.violation, multiplier: $0.multiplier)
        }
        if let k = r.kkt {
            kkt = KKT(stationarity: k.stationarity, complementarity: k.complementarity, primalViolation: k.primalViolation)
            starts = r.starts
        }
        if r.status == .infeasible {
            infeasibility = r.shortfalls.isEmpty ? [Shortfall(summary: r.infeasibilitySummary)] : r.shortfalls.map {
                Shortfall(constraint: $0.name, rhs: $0.rhs, achievable: $0.achievable, shortfall: $0.amount, summary: $0.summary)
            }
        }
        limitReached = r.limitReached
        order = r.variables
        summary = r.infeasibilitySummary
    }

    /// Variable names in the problem's order (for text and CSV).
    var order: [String]
    /// The infeasibility summary, for text.
    var summary: String

    enum CodingKeys: String, CodingKey {
        case status, method, sense, objectiveText, objective, variables, constraints, kkt, starts, infeasibility, limitReached
    }
}

/// Renders an ``OptimizationDocument`` in each format.
public enum OptimizationOutput {
    /// The document in `format`, ending in a newline.
    public static func render(_ d: OptimizationDocument, format: OutputFormat) -> String {
        switch format {
        case .json: return ReportJSON.render(d)
        case .csv:
            var rows = d.order.map { [$0, ReportNumber.plain(d.variables.entries[$0] ?? .nan, decimals: 12)] }
            if let o = d.objective { rows.append(["objective", ReportNumber.plain(o, decimals: 12)]) }
            return CSVText.table(header: ["name", "value"], rows: rows)
        case .text, .md:
            return text(d)
        }
    }

    static func number(_ x: Double) -> String {
        abs(x - x.rounded()) < 1e-9 * max(1, abs(x)) ? ReportNumber.plain(x.rounded(), decimals: 0) : ReportNumber.significant(x, digits: 6)
    }

    static func text(_ d: OptimizationDocument) -> String {
        var out = "status: \(d.status) (\(d.method)\(d.starts.map { ", best of \($0) starts" } ?? ""))\n"
        if d.status == OptimizationResult.Status.infeasible.rawValue {
            return out + "infeasible: \(d.summary)\n"
        }
        if let o = d.objective { out += "objective: \(number(o))  (\(d.sense) \(d.objectiveText))\n" }
        for name in d.order { out += "  \(name) = \(number(d.variables.entries[name] ?? .nan))\n" }
        if !d.constraints.isEmpty {
            out += "constraints:\n"
            for c in d.constraints {
                out += "  \(c.name): \(c.constraint)   lhs \(number(c.lhs)), rhs \(number(c.rhs)), violation \(ReportNumber.significant(c.violation, digits: 3))"
                if let m = c.multiplier { out += ", multiplier \(number(m))" }
                out += "\n"
            }
        }
        if let limit = d.limitReached { out += "limit reached: \(limit)\n" }
        if let k = d.kkt {
            out += "KKT residuals: stationarity \(ReportNumber.significant(k.stationarity, digits: 3)), complementarity \(ReportNumber.significant(k.complementarity, digits: 3)), violation \(ReportNumber.significant(k.primalViolation, digits: 3))\n"
        }
        return out
    }
}
