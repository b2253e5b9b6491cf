import Foundation

/// An arithmetic expression over named variables, as written in an optimisation problem:
/// `10*x + 5*y`, `x*y`, `sqrt(x^2 + 1)`.
///
/// Variables are referred to by index into the problem's variable list. Supports
/// `+ - * / ^`, unary minus and the functions `sqrt exp log abs sin cos`.
public indirect enum Expression: Sendable, Equatable {
    /// A constant.
    case number(Double)
    /// The variable with this index.
    case variable(Int)
    /// −e.
    case negate(Expression)
    /// a + b.
    case add(Expression, Expression)
    /// a − b.
    case subtract(Expression, Expression)
    /// a × b.
    case multiply(Expression, Expression)
    /// a ÷ b.
    case divide(Expression, Expression)
    /// a ^ b.
    case power(Expression, Expression)
    /// A named function of one argument.
    case function(Function, Expression)

    /// The built-in functions.
    public enum Function: String, Sendable, CaseIterable {
        case sqrt, exp, log, abs, sin, cos
    }

    /// The value at `x` (one value per variable).
    public func evaluate(_ x: [Double]) -> Double {
        switch self {
        case .number(let c): return c
        case .variable(let i): return x[i]
        case .negate(let e): return -e.evaluate(x)
        case .add(let a, let b): return a.evaluate(x) + b.evaluate(x)
        case .subtract(let a, let b): return a.evaluate(x) - b.evaluate(x)
        case .multiply(let a, let b): return a.evaluate(x) * b.evaluate(x)
        case .divide(let a, let b): return a.evaluate(x) / b.evaluate(x)
        case .power(let a, let b): return Foundation.pow(a.evaluate(x), b.evaluate(x))
        case .function(let f, let e):
            let v = e.evaluate(x)
            switch f {
            case .sqrt: return v.squareRoot()
            case .exp: return Foundation.exp(v)
            case .log: return Foundation.log(v)
            case .abs: return Swift.abs(v)
            case .sin: return Foundation.sin(v)
            case .cos: return Foundation.cos(v)
            }
        }
    }

    /// The value and gradient at `x` (forward-mode differentiation).
    /// - Parameter x: one value per variable.
    /// - Returns: f(x) and ∂f/∂x_i for every variable.
    public func evaluateWithGradient(_ x: [Double]) -> (value: Double, gradient: [Double]) {
        let n = x.count
        func scale(_ g: [Double], _ k: Double) -> [Double] { g.map { $0 * k } }
        func combine(_ g: [Double], _ a: Double, _ h: [Double], _ b: Double) -> [Double] {
            (0..<n).map { a * g[$0] + b * h[$0] }
        }
        switch self {
        case .number(let c): return (c, Array(repeating: 0, count: n))
        case .variable(let i):
            var g = Array(repeating: 0.0, count: n)
            g[i] = 1
            return (x[i], g)
        case .negate(let e):
            let (v, g) = e.evaluateWithGradient(x)
            return (-v, scale(g, -1))
        case .add(let a, let b):
            let (u, g) = a.evaluateWithGradient(x), (v, h) = b.evaluateWithGradient(x)
            return (u + v, combine(g, 1, h, 1))
        case .subtract(let a, let b):
            let (u, g) = a.evaluateWithGradient(x), (v, h) = b.evaluateWithGradient(x)
            return (u - v, combine(g, 1, h, -1))
        case .multiply(let a, let b):
            let (u, g) = a.evaluateWithGradient(x), (v, h) = b.evaluateWithGradient(x)
            return (u * v, combine(g, v, h, u))
        case .divide(let a, let b):
            let (u, g) = a.evaluateWithGradient(x), (v, h) = b.evaluateWithGradient(x)
            return (u / v, combine(g, 1 / v, h, -u / (v * v)))
        case .power(let a, let b):
            let (u, g) = a.evaluateWithGradient(x), (v, h) = b.evaluateWithGradient(x)
            let value = Foundation.pow(u, v)
            let du = u == 0 && v >= 1 ? (v == 1 ? 1 : 0) : v * Foundation.pow(u, v - 1)
            let dv = u > 0 ? value * Foundation.log(u) : 0
            return (value, combine(g, du, h, dv))
        case .function(let f, let e):
            let (u, g) = e.evaluateWithGradient(x)
            let (value, derivative): (Double, Double)
            switch f {
            case .sqrt: value = u.squareRoot(); derivative = 0.5 / value
            case .exp: value = Foundation.exp(u); derivative = value
            case .log: value = Foundation.log(u); derivative = 1 / u
            case .abs: value = Swift.abs(u); derivative = u >= 0 ? 1 : -1
            case .sin: value = Foundation.sin(u); derivative = Foundation.cos(u)
            case .cos: value = Foundation.cos(u); derivative = -Foundation.sin(u)
            }
            return (value, scale(g, derivative))
        }
    }

    /// Whether the expression mentions no variable.
    public var isConstant: Bool {
        switch self {
        case .number: return true
        case .variable: return false
        case .negate(let e), .function(_, let e): return e.isConstant
        case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b),
             .divide(let a, let b), .power(let a, let b):
            return a.isConstant && b.isConstant
        }
    }

    /// The expression as Σ a_i x_i + c when it is linear (affine), else `nil`.
    ///
    /// `2*(x + 3) - y/4` → ([x: 2, y: −0.25], 6); `x*y`, `x^2`, `1/x` → nil.
    public var linearForm: (coefficients: [Int: Double], constant: Double)? {
        if isConstant { return ([:], evaluate([])) }
        switch self {
        case .number(let c): return ([:], c)
        case .variable(let i): return ([i: 1], 0)
        case .negate(let e):
            guard let (a, c) = e.linearForm else { return nil }
            return (a.mapValues { -$0 }, -c)
        case .add(let l, let r), .subtract(let l, let r):
            guard let (a, c) = l.linearForm, let (b, d) = r.linearForm else { return nil }
            let sign: Double
            if case .add = self { sign = 1 } else { sign = -1 }
            return (a.merging(b.mapValues { sign * $0 }, uniquingKeysWith: +), c + sign * d)
        case .multiply(let l, let r):
            if l.isConstant, let (b, d) = r.linearForm {
                let k = l.evaluate([])
                return (b.mapValues { k * $0 }, k * d)
            }
            if r.isConstant, let (a, c) = l.linearForm {
                let k = r.evaluate([])
                return (a.mapValues { k * $0 }, k * c)
            }
            return nil
        case .divide(let l, let r):
            guard r.isConstant, let (a, c) = l.linearForm else { return nil }
            let k = r.evaluate([])
            guard k != 0 else { return nil }
            return (a.mapValues { $0 / k }, c / k)
        case .power(let l, let r):
            guard r.isConstant, r.evaluate([]) == 1 else { return nil }
            return l.linearForm
        case .function:
            return nil
        }
    }
}
