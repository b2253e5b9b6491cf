import Foundation

/// The nonlinear method of ``OptimizationProblem``: a Powell–Hestenes–Rockafellar augmented
/// Lagrangian whose unconstrained subproblems are solved by GSL's BFGS, from several starts.
///
/// With inequalities written c_i(x) ≤ 0 (variable bounds included) and equalities h_j(x) = 0,
/// each outer iteration minimises
/// ```
/// L(x) = σ f(x) + Σ_i ρ/2 [max(0, s_i c_i + λ_i/ρ)² − (λ_i/ρ)²] + Σ_j (μ_j s_j h_j + ρ/2 (s_j h_j)²)
/// ```
/// then updates λ_i ← max(0, λ_i + ρ s_i c_i), μ_j ← μ_j + ρ s_j h_j, and multiplies ρ by 10
/// when the violation fell by less than a factor 4. σ and s_i scale the objective and
/// constraints to order one. The best feasible local solution over all starts is returned
/// with its KKT residuals in the problem's own units.
struct AugmentedLagrangian {
    let problem: OptimizationProblem

    /// A constraint in c(x) ≤ 0 or h(x) = 0 form.
    private struct Row {
        var name: String
        var text: String
        var expression: Expression
        var isEquality: Bool
        var scale: Double
    }

    /// Feasibility tolerance on scaled constraints (s_i c_i ≤ tol).
    static let feasibilityTolerance = 1e-7
    /// Stationarity tolerance on the scaled Lagrangian gradient.
    static let stationarityTolerance = 1e-5

    func solve() -> OptimizationResult {
        let n = problem.variables.count
        let sign: Double = problem.sense == .minimize ? 1 : -1
        let f: Expression = sign > 0 ? problem.objective : .negate(problem.objective)
        var rows: [Row] = []
        let x0 = defaultStart()
        for c in problem.constraints {
            let expr: Expression
            switch c.relation {
            case .lessOrEqual, .equal: expr = .subtract(c.lhs, c.rhs)
            case .greaterOrEqual: expr = .subtract(c.rhs, c.lhs)
            }
            let magnitude = c.rhs.isConstant ? abs(c.rhs.evaluate(x0)) : 1
            rows.append(Row(name: c.name, text: c.text, expression: expr, isEquality: c.relation == .equal, scale: 1 / max(1, magnitude)))
        }
        for (j, v) in problem.variables.enumerated() {
            if v.lower.isFinite {
                rows.append(Row(name: "\(v.name) ≥ \(v.lower)", text: "\(v.name) >= \(v.lower)",
                                expression: .subtract(.number(v.lower), .variable(j)), isEquality: false, scale: 1 / max(1, abs(v.lower))))
            }
            if v.upper.isFinite {
                rows.append(Row(name: "\(v.name) ≤ \(v.upper)", text: "\(v.name) <= \(v.upper)",
                                expression: .subtract(.variable(j), .number(v.upper)), isEquality: false, scale: 1 / max(1, abs(v.upper))))
            }
        }
        let g0 = f.evaluateWithGradient(x0).gradient.map(abs).max() ?? 1
        let sigma = 1 / max(1, g0.isFinite ? g0 : 1)

        var best: Attempt?
        let random = RandomSource(seed: problem.seed)
        let starts = max(1, problem.starts)
        for k in 0..<starts {
            let start = k == 0 ? x0 : randomStart(random)
            let attempt = run(from: start, f: f, sigma: sigma, rows: rows, n: n)
            if best == nil || attempt.isBetter(than: best!) { best = attempt }
        }
        let a = best!
        // KKT residuals in the problem's units: multipliers λ̂_i = λ_i s_i / σ.
        var gradient = f.evaluateWithGradient(a.x).gradient
        var complementarity = 0.0, violation = 0.0
        var multipliers: [Double] = []
        for (i, row) in rows.enumerated() {
            let (c, g) = row.expression.evaluateWithGradient(a.x)
            let m = a.multipliers[i] * row.scale / sigma
            multipliers.append(m)
            for j in 0..<n { gradient[j] += m * g[j] }
            if row.isEquality {
                violation = max(violation, abs(c))
            } else {
                violation = max(violation, max(0, c))
                complementarity = max(complementarity, abs(m * c))
            }
        }
        let stationarity = gradient.map(abs).max() ?? 0
        var constraints = problem.report(at: a.x)
        for i in constraints.indices { constraints[i].multiplier = multipliers[i] }
        let feasible = a.scaledViolation <= Self.feasibilityTolerance * 10
        let gradientScale = max(1, (f.evaluateWithGradient(a.x).gradient.map(abs).max() ?? 1))
        let status: OptimizationResult.Status = !feasible ? .infeasible
            : (stationarity <= Self.stationarityTolerance * 100 * gradientScale ? .localOptimum : .feasible)
        return OptimizationResult(status: status, method: "augmented-lagrangian", objective: problem.objective.evaluate(a.x),
                                  variables: problem.variableNames, values: a.x, constraints: constraints,
                                  kkt: .init(stationarity: stationarity, complementarity: complementarity, primalViolation: violation),
                                  shortfalls: [], starts: starts)
    }

    /// One run from one start.
    private struct Attempt {
        var x: [Double]
        var objective: Double
        var scaledViolation: Double
        var multipliers: [Double]

        func isBetter(than other: Attempt) -> Bool {
            let tol = AugmentedLagrangian.feasibilityTolerance * 10
            let feasible = scaledViolation <= tol, otherFeasible = other.scaledViolation <= tol
            if feasible != otherFeasible { return feasible }
            if !feasible { return scaledViolation < other.scaledViolation }
            guard objective.isFinite else { return false }
            return !other.objective.isFinite || objective < other.objective - 1e-12 * max(1, abs(other.objective))
        }
    }

    private func run(from start: [Double], f: Expression, sigma: Double, rows: [Row], n: Int) -> Attempt {
        var x = start
        var lambda = Array(repeating: 0.0, count: rows.count)
        var rho = 10.0
        var previousViolation = Double.infinity
        for _ in 0..<60 {
            let (l, r) = (lambda, rho)
            let minimizer = MultiminMinimizer(dimension: n) { x in
                var (value, gradient) = f.evaluateWithGradient(x)
                value *= sigma
                for j in 0..<n { gradient[j] *= sigma }
                for (i, row) in rows.enumerated() {
                    let (c0, g0) = row.expression.evaluateWithGradient(x)
                    let c = row.scale * c0
                    if row.isEquality {
                        value += l[i] * c + r / 2 * c * c
                        let k = (l[i] + r * c) * row.scale
                        for j in 0..<n { gradient[j] += k * g0[j] }
                    } else {
                        let shifted = max(0, c + l[i] / r)
                        value += r / 2 * (shifted * shifted - (l[i] / r) * (l[i] / r))
                        let k = r * shifted * row.scale
                        if k != 0 { for j in 0..<n { gradient[j] += k * g0[j] } }
                    }
                }
                return (value, gradient)
            }
            let scale = 1 + (x.map(abs).max() ?? 0)
            var result = minimizer.minimize(from: x, step: 0.1 * scale, gradientTolerance: 1e-10, maxIterations: 500)
            // BFGS can stall on a stale Hessian estimate; restarting from where it stopped helps.
            for _ in 0..<3 where result.gradientNorm > 1e-9 && result.x.allSatisfy(\.isFinite) {
                let again = minimizer.minimize(from: result.x, step: 1e-3 * scale, gradientTolerance: 1e-10, maxIterations: 500)
                if again.value <= result.value { result = again } else { break }
            }
            let moved = zip(result.x, x).map { abs($0 - $1) }.max() ?? 0
            // Safeguard: a subproblem that ends more violated than it began (e.g. drawn to a
            // point where a constraint's gradient vanishes, such as xy at the origin) is
            // rejected and retried from the same point with a stiffer penalty.
            let before = violation(rows, at: x), after = violation(rows, at: result.x)
            if !result.x.allSatisfy(\.isFinite) || (after > max(before, Self.feasibilityTolerance) && rho < 1e10) {
                rho *= 10
                continue
            }
            x = result.x
            var violation = 0.0
            for (i, row) in rows.enumerated() {
                let c = row.scale * row.expression.evaluate(x)
                if row.isEquality {
                    lambda[i] += rho * c
                    violation = max(violation, abs(c))
                } else {
                    lambda[i] = max(0, lambda[i] + rho * c)
                    violation = max(violation, max(0, c))
                }
            }
            if violation <= Self.feasibilityTolerance && moved <= 1e-10 * scale { break }
            if violation > Self.feasibilityTolerance, violation > 0.25 * previousViolation { rho = min(rho * 10, 1e10) }
            previousViolation = violation
        }
        var violation = 0.0
        for row in rows {
            let c = row.scale * row.expression.evaluate(x)
            violation = max(violation, row.isEquality ? abs(c) : max(0, c))
        }
        let value = f.evaluate(x)
        return Attempt(x: x, objective: value.isNaN ? .infinity : value, scaledViolation: violation.isNaN ? .infinity : violation,
                       multipliers: lambda)
    }

    /// The largest scaled violation at `x`.
    private func violation(_ rows: [Row], at x: [Double]) -> Double {
        var worst = 0.0
        for row in rows {
            let c = row.scale * row.expression.evaluate(x)
            if c.isNaN { return .infinity }
            worst = max(worst, row.isEquality ? abs(c) : max(0, c))
        }
        return worst
    }

    /// The first start: each variable's `start`, else a point inside its bounds.
    private func defaultStart() -> [Double] {
        problem.variables.map { v in
            if let s = v.start { return s }
            switch (v.lower.isFinite, v.upper.isFinite) {
            case (true, true): return (v.lower + v.upper) / 2
            case (true, false): return v.lower + 1
            case (false, true): return v.upper - 1
            case (false, false): return 1
            }
        }
    }

    /// A random start inside the bounds (or within a few units of the finite one).
    private func randomStart(_ random: RandomSource) -> [Double] {
        problem.variables.map { v in
            let u = random.uniform()
            switch (v.lower.isFinite, v.upper.isFinite) {
            case (true, true): return v.lower + u * (v.upper - v.lower)
            case (true, false): return v.lower + u * 10 * max(1, abs(v.lower))
            case (false, true): return v.upper - u * 10 * max(1, abs(v.upper))
            case (false, false): return (u - 0.5) * 20
            }
        }
    }
}
