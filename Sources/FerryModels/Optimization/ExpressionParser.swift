import Foundation

/// Reads expressions and constraints such as `10*x + 5*y` and `x*y >= 100`.
///
/// Grammar (precedence climbing, `^` right-associative, a number directly followed by a
/// name or `(` is an implicit product, so `10x` reads as `10*x`):
/// ```
/// constraint := expr ('<=' | '>=' | '=' | '==' | '≤' | '≥') expr
/// expr       := term (('+' | '-') term)*
/// term       := unary (('*' | '/') unary)*
/// unary      := ('-' | '+') unary | power
/// power      := primary (('^' | '**') unary)?
/// primary    := number | name | name '(' expr ')' | '(' expr ')'
/// ```
public struct ExpressionParser {
    /// A lexical token with its 1-based column.
    struct Token: Equatable {
        enum Kind: Equatable { case number(Double), name(String), symbol(String), end }
        var kind: Kind
        var position: Int

        var text: String {
            switch kind {
            case .number(let v): return "number \(v)"
            case .name(let n): return "'\(n)'"
            case .symbol(let s): return "'\(s)'"
            case .end: return "end of input"
            }
        }
    }

    /// The declared variable names, by index.
    public let variables: [String]
    private var tokens: [Token] = []
    private var index = 0
    /// Current nesting of unary operators, powers, parentheses and function calls.
    private var depth = 0
    /// The deepest nesting accepted: deeper input is an error, not a stack overflow.
    public static let maxDepth = 200

    /// Creates a parser for expressions over `variables`.
    public init(variables: [String]) { self.variables = variables }

    /// Parses an expression.
    /// - Throws: `ExpressionError` with the column and the expected token.
    public static func expression(_ text: String, variables: [String]) throws -> Expression {
        var parser = ExpressionParser(variables: variables)
        parser.tokens = try tokenize(text)
        let e = try parser.parseExpression()
        try parser.expectEnd(expected: "an operator (+ - * / ^) or end of input")
        return e
    }

    /// Parses `lhs relation rhs`.
    /// - Returns: both sides and the relation.
    /// - Throws: `ExpressionError` with the column and the expected token.
    public static func constraint(_ text: String, variables: [String]) throws
        -> (lhs: Expression, relation: LinearProgram.Relation, rhs: Expression) {
        var parser = ExpressionParser(variables: variables)
        parser.tokens = try tokenize(text)
        let lhs = try parser.parseExpression()
        let token = parser.peek
        let relation: LinearProgram.Relation
        switch token.kind {
        case .symbol("<="): relation = .lessOrEqual
        case .symbol(">="): relation = .greaterOrEqual
        case .symbol("="): relation = .equal
        case .end: throw ExpressionError.missingRelation(position: token.position)
        default:
            throw ExpressionError.unexpected(found: token.text, expected: "an operator or a relation (<=, >=, =)", position: token.position)
        }
        parser.index += 1
        let rhs = try parser.parseExpression()
        if case .symbol(let s) = parser.peek.kind, ["<=", ">=", "="].contains(s) {
            throw ExpressionError.unexpected(found: parser.peek.text, expected: "end of input (one relation per constraint)", position: parser.peek.position)
        }
        try parser.expectEnd(expected: "an operator (+ - * / ^) or end of input")
        return (lhs, relation, rhs)
    }

    // MARK: Lexer

    static func tokenize(_ text: String) throws -> [Token] {
        let chars = Array(text)
        var tokens: [Token] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let position = i + 1
            if c.isWhitespace { i += 1; continue }
            if c.isASCII && (c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber)) {
                var j = i
                while j < chars.count, chars[j].isASCII, chars[j].isNumber || chars[j] == "." || chars[j] == "_" { j += 1 }
                if j < chars.count, chars[j] == "e" || chars[j] == "E" {
                    var k = j + 1
                    if k < chars.count, chars[k] == "+" || chars[k] == "-" { k += 1 }
                    let digitsStart = k
                    while k < chars.count, chars[k].isASCII, chars[k].isNumber { k += 1 }
                    if k > digitsStart { j = k }
                }
                let literal = String(chars[i..<j]).replacingOccurrences(of: "_", with: "")
                guard let value = Double(literal), value.isFinite else {
                    throw ExpressionError.unexpected(found: "'\(literal)'", expected: "a number", position: position)
                }
                tokens.append(Token(kind: .number(value), position: position))
                i = j
                continue
            }
            if c.isLetter || c == "_" {
                var j = i
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                tokens.append(Token(kind: .name(String(chars[i..<j])), position: position))
                i = j
                continue
            }
            let two = i + 1 < chars.count ? String(chars[i...i + 1]) : ""
            if ["<=", ">=", "==", "**"].contains(two) {
                let symbol = two == "==" ? "=" : (two == "**" ? "^" : two)
                tokens.append(Token(kind: .symbol(symbol), position: position))
                i += 2
                continue
            }
            switch c {
            case "+", "-", "*", "/", "^", "(", ")", "=":
                tokens.append(Token(kind: .symbol(String(c)), position: position))
            case "≤": tokens.append(Token(kind: .symbol("<="), position: position))
            case "≥": tokens.append(Token(kind: .symbol(">="), position: position))
            case "×", "·": tokens.append(Token(kind: .symbol("*"), position: position))
            case "−": tokens.append(Token(kind: .symbol("-"), position: position))
            case "<", ">":
                throw ExpressionError.unexpected(found: "'\(c)'", expected: "'\(c)=' (strict inequalities are not supported)", position: position)
            default:
                throw ExpressionError.invalidCharacter(c, position: position)
            }
            i += 1
        }
        tokens.append(Token(kind: .end, position: chars.count + 1))
        return tokens
    }

    // MARK: Parser

    private var peek: Token { tokens[index] }

    private mutating func expectEnd(expected: String) throws {
        guard case .end = peek.kind else {
            throw ExpressionError.unexpected(found: peek.text, expected: expected, position: peek.position)
        }
    }

    private mutating func parseExpression() throws -> Expression {
        var left = try parseTerm()
        while case .symbol(let s) = peek.kind, s == "+" || s == "-" {
            index += 1
            let right = try parseTerm()
            left = s == "+" ? .add(left, right) : .subtract(left, right)
        }
        return left
    }

    private mutating func parseTerm() throws -> Expression {
        var left = try parseUnary()
        while true {
            if case .symbol(let s) = peek.kind, s == "*" || s == "/" {
                index += 1
                let right = try parseUnary()
                left = s == "*" ? .multiply(left, right) : .divide(left, right)
            } else if case .number = tokens[index - 1].kind, isImplicitFactorStart(peek.kind) {
                let right = try parseUnary()
                left = .multiply(left, right)
            } else {
                return left
            }
        }
    }

    private func isImplicitFactorStart(_ kind: Token.Kind) -> Bool {
        switch kind {
        case .name, .symbol("("): return true
        default: return false
        }
    }

    private mutating func parseUnary() throws -> Expression {
        // Every recursive path (parentheses, function arguments, unary signs, powers) passes here.
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else {
            throw ExpressionError.unexpected(found: peek.text, expected: "an expression nested at most \(Self.maxDepth) levels deep", position: peek.position)
        }
        if case .symbol(let s) = peek.kind, s == "-" || s == "+" {
            index += 1
            let operand = try parseUnary()
            return s == "-" ? .negate(operand) : operand
        }
        return try parsePower()
    }

    private mutating func parsePower() throws -> Expression {
        let base = try parsePrimary()
        if case .symbol("^") = peek.kind {
            index += 1
            return .power(base, try parseUnary())
        }
        return base
    }

    private mutating func parsePrimary() throws -> Expression {
        let token = peek
        switch token.kind {
        case .number(let v):
            index += 1
            return .number(v)
        case .name(let name):
            index += 1
            if case .symbol("(") = peek.kind {
                guard let f = Expression.Function(rawValue: name) else {
                    throw ExpressionError.unknownFunction(name: name, position: token.position)
                }
                index += 1
                let argument = try parseExpression()
                try expect(")", expected: "')' closing the argument of \(name)(")
                return .function(f, argument)
            }
            if let i = variables.firstIndex(of: name) { return .variable(i) }
            if name == "pi" { return .number(Double.pi) }
            throw ExpressionError.unknownVariable(name: name, position: token.position, declared: variables)
        case .symbol("("):
            index += 1
            let inner = try parseExpression()
            try expect(")", expected: "')'")
            return inner
        default:
            throw ExpressionError.unexpected(found: token.text, expected: "a number, a variable or '('", position: token.position)
        }
    }

    private mutating func expect(_ symbol: String, expected: String) throws {
        guard case .symbol(symbol) = peek.kind else {
            throw ExpressionError.unexpected(found: peek.text, expected: expected, position: peek.position)
        }
        index += 1
    }
}
