import Foundation
import FerryModels

/// Reads an optimisation problem file (`ferry optimize PROBLEM.yaml`):
/// ```yaml
/// variables:
///   x: { min: 0 }
///   y: { min: 0, max: 100, integer: false, start: 1 }
/// minimize: 10*x + 5*y          # or maximize:
/// subject_to:
///   - x*y >= 100
///   - { name: budget, constraint: "x + y <= 50" }
/// options: { starts: 8, seed: 1, time_limit: 10s }
/// ```
/// Expression errors are reported at the field's line with the column and expected token.
public enum OptimizationProblemReader {
    /// Reads a problem file.
    /// - Throws: `InputError` with file:line.
    public static func load(path: String) throws -> OptimizationProblem {
        try read(try YAMLNode.load(path: path))
    }

    /// Reads a problem from a parsed document.
    public static func read(_ root: YAMLNode) throws -> OptimizationProblem {
        try root.checkKeys(["variables", "minimize", "maximize", "subject_to", "options", "name", "description"])
        var variables: [OptimizationProblem.Variable] = []
        let varsNode = try root.required("variables")
        for (name, spec) in try varsNode.entries() {
            guard name.first.map({ $0.isLetter || $0 == "_" }) == true, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw spec.error("a variable name must start with a letter and contain only letters, digits and '_'")
            }
            guard Expression.Function(rawValue: name) == nil, name != "pi" else { throw spec.error("'\(name)' is a function name") }
            var v = OptimizationProblem.Variable(name: name)
            if (try? spec.entries()) != nil {
                try spec.checkKeys(["min", "max", "integer", "start"])
                v.lower = try spec.child("min")?.double() ?? -.infinity
                v.upper = try spec.child("max")?.double() ?? .infinity
                v.isInteger = try spec.child("integer")?.bool() ?? false
                v.start = try spec.child("start")?.double()
                if v.lower > v.upper { throw spec.error("min \(v.lower) is above max \(v.upper)") }
            } else if (try? spec.scalarText()) != nil {
                throw spec.error("expected a mapping such as { min: 0 }")
            }
            variables.append(v)
        }
        guard !variables.isEmpty else { throw varsNode.error("declare at least one variable") }
        let names = variables.map(\.name)
        let minimize = try root.child("minimize"), maximize = try root.child("maximize")
        guard (minimize == nil) != (maximize == nil) else {
            throw root.error(minimize == nil ? "give an objective under minimize: or maximize:" : "give either minimize: or maximize:, not both")
        }
        let objectiveNode = (minimize ?? maximize)!
        let objectiveText = try objectiveNode.string()
        let objective = try located(objectiveNode) { try ExpressionParser.expression(objectiveText, variables: names) }
        var constraints: [OptimizationProblem.Constraint] = []
        if let list = try root.child("subject_to") {
            for (i, item) in try list.items().enumerated() {
                var name = "subject_to[\(i)]"
                var textNode = item
                if (try? item.entries()) != nil {
                    try item.checkKeys(["name", "constraint"])
                    name = try item.child("name")?.string() ?? name
                    textNode = try item.required("constraint")
                }
                let text = try textNode.string()
                let (lhs, relation, rhs) = try located(textNode) { try ExpressionParser.constraint(text, variables: names) }
                constraints.append(.init(name: name, text: text, lhs: lhs, relation: relation, rhs: rhs))
            }
        }
        var problem = OptimizationProblem(variables: variables, sense: minimize != nil ? .minimize : .maximize, objective: objective,
                                          objectiveText: objectiveText, constraints: constraints)
        if let o = try root.child("options") {
            try o.checkKeys(["starts", "seed", "time_limit"])
            if let s = try o.child("starts") {
                problem.starts = try s.int()
                guard (1...1000).contains(problem.starts) else { throw s.error("expected 1 to 1000 starts") }
            }
            if let s = try o.child("seed") { problem.seed = UInt64(truncatingIfNeeded: try s.int()) }
            problem.timeLimitSeconds = try o.child("time_limit")?.quantity { try TimeSpanSeconds.parse($0) }
        }
        return problem
    }

    /// Runs `body`, relocating an `ExpressionError` to `node`'s file and line.
    static func located<T>(_ node: YAMLNode, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as ExpressionError {
            throw node.error("\(e.errorDescription ?? "\(e)") in '\((try? node.string()) ?? "")'")
        }
    }
}

import FerryUnits

/// Seconds from a duration string (a tiny adapter so the reader reads like the others).
enum TimeSpanSeconds {
    static func parse(_ text: String) throws -> Double { try TimeSpan.parse(text, allowZero: false).seconds }
}
