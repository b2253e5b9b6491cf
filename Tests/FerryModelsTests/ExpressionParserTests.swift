import Testing
@testable import FerryModels

@Suite("Expression parser")
struct ExpressionParserTests {
    let names = ["x", "y"]

    @Test("evaluates with precedence, implicit products and functions")
    func evaluates() throws {
        let e = try ExpressionParser.expression("10x + 5*y - 2^3^0 + sqrt(16) / -2", variables: names)
        // 10·2 + 5·3 − 2^(3^0) + 4/−2 = 20 + 15 − 2 − 2 = 31, exact in binary floating point.
        expectClose(e.evaluate([2, 3]), 31, relative: 0, absolute: 1e-12, "exact small-integer arithmetic")
    }

    @Test("gradient by forward differentiation matches the analytic one")
    func gradient() throws {
        let e = try ExpressionParser.expression("x*y + x^2 + log(y)", variables: names)
        let (v, g) = e.evaluateWithGradient([2, 4])
        // f = 8 + 4 + ln 4; ∂f/∂x = y + 2x = 8; ∂f/∂y = x + 1/y = 2.25 (closed form).
        expectClose(v, 12 + 1.3862943611198906, relative: 1e-14, "closed form, double precision")
        expectClose(g[0], 8, relative: 1e-14, "closed form")
        expectClose(g[1], 2.25, relative: 1e-14, "closed form")
    }

    @Test("linear forms are recognised, nonlinear ones are not")
    func linearity() throws {
        let linear = try ExpressionParser.expression("2*(x + 3) - y/4", variables: names).linearForm
        #expect(linear != nil)
        expectClose(linear?.coefficients[0] ?? .nan, 2, relative: 0, absolute: 1e-15, "exact")
        expectClose(linear?.coefficients[1] ?? .nan, -0.25, relative: 0, absolute: 1e-15, "exact")
        expectClose(linear?.constant ?? .nan, 6, relative: 0, absolute: 1e-15, "exact")
        for text in ["x*y", "x^2", "1/x", "sqrt(x)"] {
            #expect(try ExpressionParser.expression(text, variables: names).linearForm == nil, "\(text)")
        }
    }

    @Test("errors give the column and the expected token", arguments: [
        ("10*x + * y", 8, "expected a number, a variable or '('"),
        ("x*y >= ", 8, "found end of input"),
        ("x*z >= 100", 3, "unknown variable 'z'"),
        ("x*y 100", 5, "expected an operator or a relation"),
        ("(x + y >= 1", 8, "expected ')'"),
        ("x # y >= 1", 3, "unexpected character '#'"),
        ("tan(x) >= 1", 1, "unknown function 'tan'"),
        ("x*y > 100", 5, "strict inequalities are not supported"),
        ("x + y", 6, "expected a relation"),
        ("x <= y <= 3", 8, "one relation per constraint"),
    ])
    func errors(text: String, column: Int, fragment: String) {
        do {
            _ = try ExpressionParser.constraint(text, variables: names)
            Issue.record("expected an error for '\(text)'")
        } catch let error as ExpressionError {
            #expect(error.position == column, "\(text): \(error.localizedDescription)")
            #expect(error.localizedDescription.contains(fragment), "\(error.localizedDescription)")
            #expect(error.localizedDescription.contains("column \(column)"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
