import Foundation
import Testing

@Suite("ferry optimize (end to end)")
struct OptimizeCommandTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("S1-2 → 141.421 at x = 7.071, y = 14.142")
    func s12() throws {
        let r = try FerryBinary.run(["optimize", "models/optimize/s1-2.yaml", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try Self.json(r.stdout)
        #expect(o["status"] as? String == "local_optimum")
        let vars = try #require(o["variables"] as? [String: Double])
        // Closed form (docs/models.md S1-2); 1e-5 relative covers the AL's feasibility tolerance.
        expectNear(o["objective"] as? Double ?? .nan, 100 * 2.0.squareRoot(), relative: 1e-6, "closed form 100√2")
        expectNear(vars["x"] ?? .nan, 50.0.squareRoot(), relative: 1e-5, "closed form √50")
        expectNear(vars["y"] ?? .nan, 200.0.squareRoot(), relative: 1e-5, "closed form √200")
    }

    @Test("GLPK sample LP and MILP", arguments: [("glpk-sample-lp", 2200.0 / 3, 100.0 / 3), ("glpk-sample-milp", 732.0, 33.0)])
    func glpk(file: String, objective: Double, x1: Double) throws {
        let r = try FerryBinary.run(["optimize", "models/optimize/\(file).yaml", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try Self.json(r.stdout)
        #expect(o["status"] as? String == "optimal")
        // docs/models.md, reference values (GLPK manual); simplex and integer optima are exact to rounding.
        expectNear(o["objective"] as? Double ?? .nan, objective, relative: 1e-9, "GLPK manual")
        expectNear((o["variables"] as? [String: Double])?["x1"] ?? .nan, x1, relative: 1e-9, "GLPK manual")
    }

    @Test("an infeasible problem exits 1 naming the constraint and the shortfall")
    func infeasible() throws {
        let r = try FerryBinary.run(["optimize", "models/optimize/infeasible-lp.yaml"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("Error: the problem is infeasible: constraint 'demand'"))
        #expect(r.stderr.contains("short by 5"))
    }

    @Test("a parser error gives file:line, column and the expected token")
    func parserError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-opt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("p.yaml").path
        try "variables:\n  x: { min: 0 }\n  y: { min: 0 }\nminimize: 10*x + 5*y\nsubject_to:\n  - x*y >= * 100\n".write(toFile: file, atomically: true, encoding: .utf8)
        let r = try FerryBinary.run(["optimize", file])
        #expect(r.status == 1)
        #expect(r.stderr.contains("p.yaml:6: subject_to[0]: at column 8: expected a number, a variable or '(', found '*'"), "\(r.stderr)")
    }
}

/// Expects `actual` within `relative` of `expected`, printing both and the relative error.
private func expectNear(_ actual: Double, _ expected: Double, relative: Double, _ why: String,
                        sourceLocation: SourceLocation = #_sourceLocation) {
    let error = expected == 0 ? abs(actual) : abs(actual - expected) / abs(expected)
    #expect(actual.isFinite && error <= relative,
            "expected \(expected), got \(actual) (relative error \(error), allowed \(relative)) \(why)", sourceLocation: sourceLocation)
}
