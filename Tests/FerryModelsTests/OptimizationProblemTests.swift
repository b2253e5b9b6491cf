import Testing
@testable import FerryModels

@Suite("Optimisation problems: GLPK for linear, augmented Lagrangian for nonlinear")
struct OptimizationProblemTests {
    static func problem(_ variables: [OptimizationProblem.Variable], _ sense: LinearProgram.Sense, _ objective: String,
                        _ constraints: [String]) throws -> OptimizationProblem {
        let names = variables.map(\.name)
        return OptimizationProblem(
            variables: variables, sense: sense,
            objective: try ExpressionParser.expression(objective, variables: names), objectiveText: objective,
            constraints: try constraints.enumerated().map { i, text in
                let (l, r, rhs) = try ExpressionParser.constraint(text, variables: names)
                return .init(name: "c\(i + 1)", text: text, lhs: l, relation: r, rhs: rhs)
            })
    }

    @Test("S1-2: min 10x + 5y s.t. xy ≥ 100 → x = √50, y = √200, cost 141.421")
    func s12() throws {
        let p = try Self.problem([.init(name: "x", lower: 0), .init(name: "y", lower: 0)], .minimize,
                                 "10*x + 5*y", ["x*y >= 100"])
        let r = try p.solve()
        #expect(r.method == "augmented-lagrangian")
        #expect(r.status == .localOptimum)
        // Closed form x = √50, y = √200, C = 100√2 (docs/models.md S1-2); 1e-6 relative is
        // the augmented Lagrangian's feasibility tolerance (1e-7 scaled) with margin.
        expectClose(r.objective ?? .nan, 100 * 2.0.squareRoot(), relative: 1e-6, "closed form 100√2, AL tolerance")
        expectClose(r.value(of: "x") ?? .nan, 50.0.squareRoot(), relative: 1e-5, "closed form √50, AL tolerance")
        expectClose(r.value(of: "y") ?? .nan, 200.0.squareRoot(), relative: 1e-5, "closed form √200, AL tolerance")
        // λ = 10 / y = 1/√2 from ∇f = λ∇(xy); KKT residuals near zero.
        expectClose(r.constraints[0].multiplier ?? .nan, 0.5.squareRoot(), relative: 1e-4, "closed-form multiplier")
        #expect((r.kkt?.stationarity ?? 1) < 1e-4)
        #expect((r.kkt?.primalViolation ?? 1) < 1e-4)
    }

    @Test("GLPK sample LP (glpk manual): z = 733.33 at (33.33, 66.67, 0)")
    func glpkSampleLP() throws {
        let p = try Self.problem(["x1", "x2", "x3"].map { .init(name: $0, lower: 0) }, .maximize,
                                 "10*x1 + 6*x2 + 4*x3",
                                 ["x1 + x2 + x3 <= 100", "10*x1 + 4*x2 + 5*x3 <= 600", "2*x1 + 2*x2 + 6*x3 <= 300"])
        let r = try p.solve()
        #expect(r.method == "glpk-simplex")
        #expect(r.status == .optimal)
        // Exact optimum 2200/3 at (100/3, 200/3, 0); simplex is exact to rounding.
        expectClose(r.objective ?? .nan, 2200.0 / 3, relative: 1e-12, "exact vertex, simplex rounding")
        expectClose(r.value(of: "x1") ?? .nan, 100.0 / 3, relative: 1e-12, "exact vertex")
        expectClose(r.value(of: "x2") ?? .nan, 200.0 / 3, relative: 1e-12, "exact vertex")
        expectClose(r.value(of: "x3") ?? .nan, 0, relative: 0, absolute: 1e-12, "exact vertex")
    }

    @Test("GLPK sample as integers: z = 732 at (33, 67, 0)")
    func glpkSampleMILP() throws {
        let p = try Self.problem(["x1", "x2", "x3"].map { .init(name: $0, lower: 0, isInteger: true) }, .maximize,
                                 "10*x1 + 6*x2 + 4*x3",
                                 ["x1 + x2 + x3 <= 100", "10*x1 + 4*x2 + 5*x3 <= 600", "2*x1 + 2*x2 + 6*x3 <= 300"])
        let r = try p.solve()
        #expect(r.method == "glpk-milp")
        #expect(r.status == .optimal)
        // docs/models.md, reference values: 732 at (33, 67, 0); integer solutions are exact.
        expectClose(r.objective ?? .nan, 732, relative: 0, absolute: 1e-9, "integer optimum")
        expectClose(r.value(of: "x1") ?? .nan, 33, relative: 0, absolute: 1e-9, "integer optimum")
        expectClose(r.value(of: "x2") ?? .nan, 67, relative: 0, absolute: 1e-9, "integer optimum")
    }

    @Test("an infeasible LP names the constraint and the amount")
    func infeasibleLinear() throws {
        let p = try Self.problem([.init(name: "x", lower: 0, upper: 10), .init(name: "y", lower: 0, upper: 5)], .minimize,
                                 "x + y", ["x + y >= 20"])
        let r = try p.solve()
        #expect(r.status == .infeasible)
        #expect(r.shortfalls.count == 1)
        #expect(r.shortfalls.first?.name == "c1")
        // The bounds allow at most 15, so the constraint is short by exactly 5.
        expectClose(r.shortfalls.first?.amount ?? .nan, 5, relative: 1e-9, "exact: 20 − (10 + 5)")
        #expect(r.infeasibilitySummary.contains("short by 5"))
    }

    @Test("an infeasible nonlinear problem reports the violated constraint")
    func infeasibleNonlinear() throws {
        let p = try Self.problem([.init(name: "x", lower: 0, upper: 5), .init(name: "y", lower: 0, upper: 5)], .minimize,
                                 "x + y", ["x*y >= 100"])
        let r = try p.solve()
        #expect(r.status == .infeasible)
        #expect(r.infeasibilitySummary.contains("x*y >= 100"))
    }

    @Test("integer variables in a nonlinear problem are refused")
    func integerNonlinear() throws {
        let p = try Self.problem([.init(name: "x", lower: 0, isInteger: true), .init(name: "y", lower: 0)], .minimize,
                                 "x + y", ["x*y >= 100"])
        #expect(throws: OptimizationError.integerNonlinear(variables: ["x"])) { try p.solve() }
    }

    @Test("an unbounded LP is an error")
    func unbounded() throws {
        let p = try Self.problem([.init(name: "x", lower: 0)], .maximize, "x", [])
        #expect(throws: OptimizationError.unbounded(sense: .maximize)) { try p.solve() }
    }
}
