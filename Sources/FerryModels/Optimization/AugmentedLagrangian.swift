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
///
/// Honesty checks (a planning tool may say "I can't", never something false):
/// - feasibility is judged both on the scaled constraint value and in the variables' own
///   scale, by the first-order distance to the constraint surface `|c(x)| / ‖∇c(x)‖ ≤
///   1e-8 · max(1, ‖x‖∞)` (a flat constraint such as (x − 1)³ is tiny well away from x = 1);
/// - stationarity is judged against a scale fixed before iterating, `max(1, ‖∇f(x₀)‖∞)`, so it
///   cannot drift with a diverging iterate; a point whose KKT residuals fail is `.feasible`,
///   never `.localOptimum`;
/// - divergence (feasible iterates whose objective falls by more than 1e12·(1 + |f(x₀)|), or
///   a feasible ray from the answer along which it does) throws `OptimizationError.unbounded`;
/// - the time limit (`timeLimitSeconds`, default 5 s) is checked inside every BFGS run and
///   between outer iterations; hitting it is reported in `limitReached`.
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
    /// Feasibility tolerance in the variables' scale: distance to a constraint surface over max(1, ‖x‖∞).
    static let distanceTolerance = 1e-8
    /// Time limit when the problem sets none, seconds (`OptimizationProblem.defaultTimeLimit`).
    static let defaultTimeLimit = OptimizationProblem.defaultTimeLimit
    /// Objective drop (relative to 1 + |f(x₀)|) that counts as divergence.
    static let divergenceFactor = 1e12
    /// Stationarity tolerance on the scaled Lagrangian gradient.
    static let stationarityTolerance = 1e-5

    func solve() throws -> OptimizationResult {
        let n = problem.variables.count
        let limit = problem.timeLimitSeconds.map { min(max($0, 0.001), 1e6) } ?? Self.defaultTimeLimit
        let deadline = ContinuousClock.now + .milliseconds(Int64(limit * 1000))
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
        let f0 = f.evaluate(x0)
        let divergenceLevel = (f0.isFinite ? f0 : 0) - Self.divergenceFactor * (1 + (f0.isFinite ? abs(f0) : 0))

        var best: Attempt?
        let random = RandomSource(seed: problem.seed)
        let starts = max(1, problem.starts)
        var tried = 0
        var timedOut = false
        for k in 0..<starts {
            if k > 0, ContinuousClock.now >= deadline { timedOut = true; break }
            let start = k == 0 ? x0 : randomStart(random)
            let attempt = try run(from: start, f: f, sigma: sigma, rows: rows, n: n, deadline: deadline, divergenceLevel: divergenceLevel)
            tried += 1
            if attempt.diverged { throw OptimizationError.unbounded(sense: problem.sense) }
            timedOut = timedOut || attempt.timedOut
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
        let feasible = a.scaledViolation <= 10
        // Fixed before iterating (from the default start), so a diverging iterate cannot loosen it.
        let gradientScale = max(1, g0.isFinite ? g0 : 1)
        let kktHolds = stationarity <= Self.stationarityTolerance * 100 * gradientScale
            && complementarity <= Self.stationarityTolerance * 100 * gradientScale * max(1, a.x.map(abs).max() ?? 0)
        if feasible, !kktHolds, rayShowsUnbounded(from: a.x, f: f, rows: rows, level: divergenceLevel) {
            throw OptimizationError.unbounded(sense: problem.sense)
        }
        let objectiveValue = problem.objective.evaluate(a.x)
        if feasible, !(objectiveValue.isFinite && stationarity.isFinite && complementarity.isFinite) {
            throw OptimizationError.outOfRange(
                "the objective or its gradient is not a finite number at the best point found (objective \(objectiveValue), stationarity \(stationarity)); check the expression's domain (log, sqrt, powers) and the bounds")
        }
        let status: OptimizationResult.Status = !feasible ? .infeasible : (kktHolds ? .localOptimum : .feasible)
        var result = OptimizationResult(status: status, method: "augmented-lagrangian", objective: problem.objective.evaluate(a.x),
                                        variables: problem.variableNames, values: a.x, constraints: constraints,
                                        kkt: .init(stationarity: stationarity, complementarity: complementarity, primalViolation: violation),
                                        shortfalls: [], starts: tried)
        if status == .infeasible {
            for (j, v) in problem.variables.enumerated() {
                if a.x[j] < v.lower { result.violatedBounds.append("\(v.name) = \(a.x[j]) is below its min \(v.lower)") }
                if a.x[j] > v.upper { result.violatedBounds.append("\(v.name) = \(a.x[j]) is above its max \(v.upper)") }
            }
        }
        if timedOut {
            result.limitReached = "time limit of \(limit) s reached after \(tried) of \(starts) starts; the answer is the best point found so far"
        }
        return result
    }

    /// Whether the objective falls below `level` along a feasible ray from `x`: the direction is
    /// −∇f with components that would leave a finite bound removed; steps t = 10ᵏ(1 + ‖x‖∞),
    /// k = 0 … 15, each point checked for feasibility.
    private func rayShowsUnbounded(from point: [Double], f: Expression, rows: [Row], level: Double) -> Bool {
        // Start inside the bounds: the penalty leaves iterates a hair outside active bounds.
        let x = zip(point, problem.variables).map { min(max($0, $1.lower), $1.upper) }
        guard x.allSatisfy(\.isFinite), violation(rows, at: x) <= 10 else { return false }
        var d = f.evaluateWithGradient(x).gradient.map { -$0 }
        for (j, v) in problem.variables.enumerated() {
            if (d[j] < 0 && v.lower.isFinite) || (d[j] > 0 && v.upper.isFinite) { d[j] = 0 }
        }
        let norm = d.map(abs).max() ?? 0
        guard norm > 0, norm.isFinite else { return false }
        d = d.map { $0 / norm }
        let base = 1 + (x.map(abs).max() ?? 0)
        var previous = f.evaluate(x)
        for k in 0...15 {
            let t = pow(10, Double(k)) * base
            let y = zip(x, d).map { $0 + t * $1 }
            let value = f.evaluate(y)
            guard value.isFinite || value == -.infinity, value <= previous, violation(rows, at: y) <= 1 else { return false }
            if value <= level { return true }
            previous = value
        }
        return false
    }

    /// One run from one start.
    private struct Attempt {
        var x: [Double]
        var objective: Double
        /// Normalised violation: ≤ 1 means feasible to tolerance (see `violation(_:at:)`).
        var scaledViolation: Double
        var multipliers: [Double]
        /// Largest scaled constraint value s_i·c_i (the penalty's own measure), for ranking
        /// infeasible attempts.
        var penaltyViolation: Double = .infinity
        /// Feasible iterates fell below the divergence level.
        var diverged = false
        /// The deadline stopped this run.
        var timedOut = false

        func isBetter(than other: Attempt) -> Bool {
            let tol = 10.0
            let feasible = scaledViolation <= tol, otherFeasible = other.scaledViolation <= tol
            if feasible != otherFeasible { return feasible }
            if !feasible { return penaltyViolation < other.penaltyViolation }
            guard objective.isFinite else { return false }
            return !other.objective.isFinite || objective < other.objective - 1e-12 * max(1, abs(other.objective))
        }
    }

    private func run(from start: [Double], f: Expression, sigma: Double, rows: [Row], n: Int,
                     deadline: ContinuousClock.Instant, divergenceLevel: Double) throws -> Attempt {
        var x = start
        var lambda = Array(repeating: 0.0, count: rows.count)
        var rho = 10.0
        var previousViolation = Double.infinity
        var timedOut = false
        var stalls = 0
        // A feasible ray from the start along which the objective falls without limit proves
        // unboundedness before any iterating.
        if rayShowsUnbounded(from: x, f: f, rows: rows, level: divergenceLevel) {
            return Attempt(x: x, objective: f.evaluate(x), scaledViolation: 0, multipliers: lambda, diverged: true)
        }
        for _ in 0..<60 {
            if ContinuousClock.now >= deadline { timedOut = true; break }
            let (l, r) = (lambda, rho)
            let minimizer = try MultiminMinimizer(dimension: n) { x in
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
            var result = minimizer.minimize(from: x, step: 0.1 * scale, gradientTolerance: 1e-10, maxIterations: 500, deadline: deadline)
            // BFGS can stall on a stale Hessian estimate; restarting from where it stopped helps.
            for _ in 0..<3 where result.gradientNorm > 1e-9 && result.x.allSatisfy(\.isFinite) && result.stoppedBy != "deadline" {
                let again = minimizer.minimize(from: result.x, step: 1e-3 * scale, gradientTolerance: 1e-10, maxIterations: 500, deadline: deadline)
                if again.value <= result.value { result = again } else { break }
            }
            if result.stoppedBy == "deadline" { timedOut = true }
            let moved = zip(result.x, x).map { abs($0 - $1) }.max() ?? 0
            // Safeguard: a subproblem that ends more violated than it began (e.g. drawn to a
            // point where a constraint's gradient vanishes, such as xy at the origin) is
            // rejected and retried from the same point with a stiffer penalty.
            let before = violation(rows, at: x), after = violation(rows, at: result.x)
            if !result.x.allSatisfy(\.isFinite) || result.value <= -1e300 {
                // BFGS ran off to infinity: unbounded if a feasible ray from here shows it.
                if rayShowsUnbounded(from: x, f: f, rows: rows, level: divergenceLevel) {
                    return Attempt(x: x, objective: f.evaluate(x), scaledViolation: before, multipliers: lambda, diverged: true)
                }
            }
            if !result.x.allSatisfy(\.isFinite) || (after > max(before, 1) && rho < 1e10) {
                rho *= 10
                continue
            }
            x = result.x
            for (i, row) in rows.enumerated() {
                let c = row.scale * row.expression.evaluate(x)
                if row.isEquality {
                    lambda[i] += rho * c
                } else {
                    lambda[i] = max(0, lambda[i] + rho * c)
                }
            }
            let violation = self.violation(rows, at: x)
            // Divergence: a feasible iterate far below anything the start suggests.
            let value = f.evaluate(x)
            if (violation <= 10 && (value <= divergenceLevel || value == -.infinity))
                || (moved > 1e-6 * scale && rayShowsUnbounded(from: x, f: f, rows: rows, level: divergenceLevel)) {
                return Attempt(x: x, objective: value, scaledViolation: violation, multipliers: lambda, diverged: true)
            }
            if timedOut { break }
            // A subproblem that cannot move at all twice running (e.g. every trial step lands
            // where the objective is undefined) will not recover: give up this start.
            stalls = moved == 0 && violation > 1 ? stalls + 1 : 0
            if stalls >= 2 { break }
            if violation <= 1 && (moved <= 1e-10 * scale || scaledStationarity(at: x, f: f, sigma: sigma, rows: rows, lambda: lambda) <= 1e-9) { break }
            if violation > 1, violation > 0.25 * previousViolation { rho = min(rho * 10, 1e10) }
            previousViolation = violation
        }
        if self.violation(rows, at: x) > 1, let restored = restore(x, rows: rows, n: n) { x = restored }
        let violation = self.violation(rows, at: x)
        let value = f.evaluate(x)
        let penalty = rows.reduce(0.0) { worst, row in
            let c = row.scale * row.expression.evaluate(x)
            return c.isNaN ? .infinity : max(worst, row.isEquality ? abs(c) : max(0, c))
        }
        return Attempt(x: x, objective: value.isNaN ? .infinity : value, scaledViolation: violation.isNaN ? .infinity : violation,
                       multipliers: lambda, penaltyViolation: penalty, timedOut: timedOut)
    }

    /// ‖σ∇f + Σ λᵢ sᵢ ∇cᵢ‖∞ with the current multipliers: the scaled Lagrangian's gradient.
    private func scaledStationarity(at x: [Double], f: Expression, sigma: Double, rows: [Row], lambda: [Double]) -> Double {
        var g = f.evaluateWithGradient(x).gradient.map { $0 * sigma }
        for (i, row) in rows.enumerated() where lambda[i] != 0 {
            let h = row.expression.evaluateWithGradient(x).gradient
            for j in g.indices { g[j] += lambda[i] * row.scale * h[j] }
        }
        let worst = g.map(abs).max() ?? 0
        return worst.isFinite ? worst : .infinity
    }

    /// Feasibility restoration: Gauss–Newton minimum-norm steps on the violated rows,
    /// ```
    /// x ← x − Jᵀ(JJᵀ + μI)⁻¹ c,   μ = 1e-12 · trace(JJᵀ)/k
    /// ```
    /// (at most 200 steps), for flat constraints — such as (x − 1)³ = y² near x = 1 — where the
    /// penalty stalls at a small constraint value far, in x, from the surface.
    /// - Returns: a point with normalised violation ≤ 1, or nil.
    private func restore(_ start: [Double], rows: [Row], n: Int) -> [Double]? {
        var x = start
        for _ in 0..<200 {
            if violation(rows, at: x) <= 1 { return x }
            var jac: [[Double]] = [], c: [Double] = []
            for row in rows {
                let (value, g) = row.expression.evaluateWithGradient(x)
                guard value.isFinite, g.allSatisfy(\.isFinite) else { return nil }
                if row.isEquality || value > 0 { jac.append(g); c.append(value) }
            }
            let k = c.count
            guard k > 0, k <= 200 else { return nil }
            var a = (0..<k).map { i in (0..<k).map { j in zip(jac[i], jac[j]).reduce(0) { $0 + $1.0 * $1.1 } } }
            let trace = (0..<k).reduce(0) { $0 + a[$1][$1] }
            guard trace > 0, trace.isFinite else { return nil }
            for i in 0..<k { a[i][i] += 1e-12 * trace / Double(k) }
            guard let w = Self.solveLinear(a, c) else { return nil }
            let step = (0..<n).map { j in (0..<k).reduce(0) { $0 + jac[$1][j] * w[$1] } }
            // Backtracking on Σc² over the violated rows, so a degenerate surface cannot make it oscillate.
            let phi = c.reduce(0) { $0 + $1 * $1 }
            var t = 1.0, accepted: [Double]?
            for _ in 0..<30 {
                let trial = zip(x, step).map { $0 - t * $1 }
                let value = rows.reduce(0.0) { sum, row in
                    let v = row.expression.evaluate(trial)
                    return (row.isEquality || v > 0) ? sum + v * v : sum
                }
                if value.isFinite, value < phi { accepted = trial; break }
                t /= 2
            }
            guard let next = accepted, next.allSatisfy(\.isFinite) else { return nil }
            x = next
        }
        return violation(rows, at: x) <= 1 ? x : nil
    }

    /// Solves A w = b by Gaussian elimination with partial pivoting; nil when singular.
    static func solveLinear(_ matrix: [[Double]], _ rhs: [Double]) -> [Double]? {
        var a = matrix, b = rhs
        let k = b.count
        for col in 0..<k {
            guard let pivot = (col..<k).max(by: { abs(a[$0][col]) < abs(a[$1][col]) }), a[pivot][col] != 0 else { return nil }
            a.swapAt(col, pivot); b.swapAt(col, pivot)
            for r in (col + 1)..<max(col + 1, k) {
                let factor = a[r][col] / a[col][col]
                if factor == 0 { continue }
                for cc in col..<k { a[r][cc] -= factor * a[col][cc] }
                b[r] -= factor * b[col]
            }
        }
        var w = [Double](repeating: 0, count: k)
        for r in stride(from: k - 1, through: 0, by: -1) {
            let sum = ((r + 1)..<max(r + 1, k)).reduce(b[r]) { $0 - a[r][$1] * w[$1] }
            w[r] = sum / a[r][r]
        }
        return w.allSatisfy(\.isFinite) ? w : nil
    }

    /// The largest violation at `x`, normalised so that 1 is the tolerance: the larger of the
    /// scaled constraint value over 1e-7 and the first-order distance to the constraint surface,
    /// `|c| / ‖∇c‖₂`, over 1e-8 · max(1, ‖x‖∞) (infinite when c ≠ 0 and ∇c = 0).
    private func violation(_ rows: [Row], at x: [Double]) -> Double {
        var worst = 0.0
        let size = max(1, x.map(abs).max() ?? 0)
        for row in rows {
            let (raw, g) = row.expression.evaluateWithGradient(x)
            if raw.isNaN { return .infinity }
            let excess = row.isEquality ? abs(raw) : max(0, raw)
            guard excess > 0 else { continue }
            let gradientNorm = g.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let distance = gradientNorm > 0 && gradientNorm.isFinite ? excess / gradientNorm : .infinity
            worst = max(worst, row.scale * excess / Self.feasibilityTolerance, distance / (Self.distanceTolerance * size))
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
