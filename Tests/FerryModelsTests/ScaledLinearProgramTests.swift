import Foundation
import Testing
@testable import FerryModels

/// Badly scaled linear programs: the same small LP with a coefficient, the objective or a row
/// multiplied by s = 1e-9 … 1e9, each checked against its optimum worked out by hand. Before the
/// fix GLPK returned a bound-breaking point (s = 1e9), never returned (s = 1e7), called the
/// objective 0 (objective × 1e-8) or the problem unbounded (rows × 1e-8).
@Suite("Scaled linear programs")
struct ScaledLinearProgramTests {
    static let scales: [Double] = (-9...9).map { pow(10, Double($0)) }

    /// x ∈ [0, 7], y ∈ [0, 10].
    static func box() -> [LinearProgram.Variable] {
        [.init(name: "x", lower: 0, upper: 7, cost: 1), .init(name: "y", lower: 0, upper: 10, cost: 1)]
    }

    /// maximise x + y s.t. s·x + y ≤ 5. On y = 5 − s·x the objective is 5 + (1 − s)x, so
    /// s > 1: x = 0, y = 5, z = 5;  s < 5/7: x = 7, y = 5 − 7s, z = 12 − 7s;  s = 1: z = 5.
    @Test(arguments: scales)
    func coefficientScale(s: Double) throws {
        var lp = LinearProgram(sense: .maximize, variables: Self.box())
        lp.add(.init(name: "row", coefficients: [0: s, 1: 1], relation: .lessOrEqual, rhs: 5))
        let r = try lp.solve()
        let expected = s > 1 ? 5 : (s == 1 ? 5 : 12 - 7 * s)
        // A vertex of a 2-variable LP: exact up to the rounding of 12 − 7s (1e-15 relative).
        expectClose(r.objective, expected, relative: 1e-12, "hand optimum at s = \(s)")
        #expect(lp.violation(at: r.values) == nil)
        #expect(r.values[0] >= 0 && r.values[0] <= 7 && r.values[1] >= 0 && r.values[1] <= 10)
    }

    /// maximise s·(x + y) s.t. x + y ≤ 8: z = 8s at any point of the edge x + y = 8.
    @Test(arguments: scales)
    func objectiveScale(s: Double) throws {
        var variables = Self.box()
        variables[0].cost = s
        variables[1].cost = s
        var lp = LinearProgram(sense: .maximize, variables: variables)
        lp.add(.init(name: "row", coefficients: [0: 1, 1: 1], relation: .lessOrEqual, rhs: 8))
        let r = try lp.solve()
        expectClose(r.objective, 8 * s, relative: 1e-12, "hand optimum 8s")
        expectClose(r.values[0] + r.values[1], 8, relative: 1e-12, "on the edge x + y = 8")
    }

    /// maximise x + y s.t. s·x + s·y ≤ 8s: z = 8 whatever s.
    @Test(arguments: scales)
    func rowScale(s: Double) throws {
        var lp = LinearProgram(sense: .maximize, variables: Self.box())
        lp.add(.init(name: "row", coefficients: [0: s, 1: s], relation: .lessOrEqual, rhs: 8 * s))
        let r = try lp.solve()
        expectClose(r.objective, 8, relative: 1e-12, "hand optimum 8")
    }

    /// The point the old solver printed for s = 1e9 (x = −5e-9, y = 10) breaks x ≥ 0: the
    /// check against the original bounds must say so, though the row 1e9·x + y ≤ 5 holds.
    @Test func brokenBoundIsDetected() {
        var lp = LinearProgram(sense: .maximize, variables: Self.box())
        lp.add(.init(name: "row", coefficients: [0: 1e9, 1: 1], relation: .lessOrEqual, rhs: 5))
        #expect(lp.violation(at: [-5e-9, 10])?.contains("x ≥ 0") == true)
        #expect(lp.violation(at: [0, 5]) == nil)
        #expect(lp.violation(at: [0, 5.001])?.contains("row") == true)
    }

    /// A bound of 1e308 aborted the process on a GLPK assertion; now it is an input error.
    @Test func hugeBoundIsRefused() {
        var lp = LinearProgram(sense: .minimize, variables: [.init(name: "x", lower: 1e308, cost: 1)])
        lp.add(.init(name: "row", coefficients: [0: 1], relation: .greaterOrEqual, rhs: 1))
        #expect(throws: LinearProgramError.self) { try lp.solve() }
        do { _ = try lp.solve() } catch { #expect(error.localizedDescription.contains("1e30")) }
    }

    /// Two conflicting rows: 2x + 3y ≥ 60 and x + y ≤ 10 with x, y ∈ [0, 20]. The elastic
    /// program relaxes the first (weight 1/60 per unit against 1/10); given x + y ≤ 10 its left
    /// side reaches at most 3·10 = 30 (y = 10), so it is short by 30 — both by hand.
    @Test func conflictingRowsNameTheRightBound() throws {
        var lp = LinearProgram(sense: .minimize, variables: [.init(name: "x", lower: 0, upper: 20, cost: 1),
                                                             .init(name: "y", lower: 0, upper: 20, cost: 1)])
        lp.add(.init(name: "demand", coefficients: [0: 2, 1: 3], relation: .greaterOrEqual, rhs: 60))
        lp.add(.init(name: "cap", coefficients: [0: 1, 1: 1], relation: .lessOrEqual, rhs: 10))
        do {
            _ = try lp.solve()
            Issue.record("expected infeasible")
        } catch LinearProgramError.infeasible(let shortfalls) {
            #expect(shortfalls.count == 1)
            #expect(shortfalls.first?.name == "demand")
            expectClose(shortfalls.first?.achievable ?? .nan, 30, relative: 1e-12, "max 2x + 3y on x + y ≤ 10")
            expectClose(shortfalls.first?.amount ?? .nan, 30, relative: 1e-12, "60 − 30")
        }
    }
}
