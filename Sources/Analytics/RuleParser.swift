/// Recursive-descent parser of the rule language.
///
/// ```
/// expression := or
/// or         := and ("or" and)*
/// and        := unary ("and" unary)*
/// unary      := "not" unary | comparison
/// comparison := operand (("==" | "!=" | "<" | "<=" | ">" | ">=") operand | "not"? "in" list)?
/// operand    := number | string | "true" | "false" | identifier | identifier "(" arguments? ")" | "(" or ")"
/// list       := "[" (operand ("," operand)*)? "]"
/// ```
///
/// Rules replicate to every node and are parsed again there, so a hostile or careless rule must not be able to
/// exhaust the stack: the source is at most ``maxLength`` UTF-8 bytes and nests (parentheses, `not`, function
/// arguments) at most ``maxDepth`` levels. `and`/`or` chains are parsed in loops, so their length is bounded by
/// ``maxLength`` alone.
struct RuleParser {
    /// Longest rule source, in UTF-8 bytes.
    static let maxLength = 4_096
    /// Deepest nesting of parentheses, `not` and function calls.
    static let maxDepth = 64

    enum TokenKind: Equatable {
        case identifier(String)
        case number(Double)
        case text(String)
        case symbol(String)
        case end
    }

    struct Token {
        var kind: TokenKind
        var column: Int

        /// How the token reads in a message.
        var quoted: String {
            switch kind {
            case .identifier(let name): "'\(name)'"
            case .number: "a number"
            case .text: "a string"
            case .symbol(let s): "'\(s)'"
            case .end: "the end of the expression"
            }
        }

        func isKeyword(_ word: String) -> Bool { kind == .identifier(word) }
        func isSymbol(_ s: String) -> Bool { kind == .symbol(s) }
    }

    private var tokens: [Token]
    private var position = 0
    private var depth = 0

    init(_ source: String) throws(RuleError) {
        let length = source.utf8.count
        guard length <= Self.maxLength else {
            throw RuleError(
                .tooLarge, "the rule is \(length) bytes long; the limit is \(Self.maxLength) bytes", column: 1)
        }
        tokens = try Self.tokenize(source)
    }

    /// Parses the whole source into one expression.
    mutating func parse() throws(RuleError) -> RuleNode {
        guard current.kind != .end else {
            throw RuleError(.syntax, "expected an expression", column: current.column)
        }
        let node = try parseOr()
        guard current.kind == .end else {
            throw RuleError(
                .syntax, "expected 'and', 'or' or the end of the expression, found \(current.quoted)",
                column: current.column)
        }
        return node
    }

    private var current: Token { tokens[position] }

    private mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    /// Counts one more level of nesting opened at `token`, refusing to go past ``maxDepth``.
    private mutating func descend(at token: Token) throws(RuleError) {
        depth += 1
        guard depth <= Self.maxDepth else {
            throw RuleError(
                .tooLarge,
                "the rule nests more than \(Self.maxDepth) levels deep (parentheses, 'not', function calls)",
                column: token.column)
        }
    }

    private mutating func parseOr(after token: Token? = nil) throws(RuleError) -> RuleNode {
        try descend(at: token ?? current)
        defer { depth -= 1 }
        var left = try parseAnd(after: token)
        while current.isKeyword("or") {
            let op = advance()
            left = .or(left, try parseAnd(after: op))
        }
        return left
    }

    private mutating func parseAnd(after op: Token? = nil) throws(RuleError) -> RuleNode {
        var left = try parseUnary(after: op)
        while current.isKeyword("and") {
            let op = advance()
            left = .and(left, try parseUnary(after: op))
        }
        return left
    }

    private mutating func parseUnary(after op: Token?) throws(RuleError) -> RuleNode {
        if current.isKeyword("not") {
            let not = advance()
            try descend(at: not)
            defer { depth -= 1 }
            return .not(try parseUnary(after: not), column: not.column)
        }
        return try parseComparison(after: op)
    }

    private mutating func parseComparison(after op: Token?) throws(RuleError) -> RuleNode {
        let left = try parseOperand(after: op)
        if case .symbol(let s) = current.kind, let comparison = RuleComparison(rawValue: s) {
            let op = advance()
            return .compare(comparison, left, try parseOperand(after: op), column: op.column)
        }
        var negated = false
        if current.isKeyword("not"), tokens[position + 1].isKeyword("in") {
            _ = advance()
            negated = true
        }
        if current.isKeyword("in") {
            let inToken = advance()
            return .member(left, try parseList(after: inToken), negated: negated, column: inToken.column)
        }
        return left
    }

    private mutating func parseList(after inToken: Token) throws(RuleError) -> [RuleNode] {
        guard current.isSymbol("[") else {
            throw RuleError(.syntax, "expected '[' after 'in', found \(current.quoted)", column: current.column)
        }
        _ = advance()
        var items: [RuleNode] = []
        if current.isSymbol("]") {
            _ = advance()
            return items
        }
        while true {
            items.append(try parseOperand(after: items.isEmpty ? nil : tokens[position - 1]))
            if current.isSymbol(",") {
                _ = advance()
                continue
            }
            guard current.isSymbol("]") else {
                throw RuleError(
                    .syntax, "expected ',' or ']' in the list, found \(current.quoted)",
                    column: current.column)
            }
            _ = advance()
            return items
        }
    }

    private mutating func parseOperand(after op: Token?) throws(RuleError) -> RuleNode {
        let token = current
        switch token.kind {
        case .number(let v):
            _ = advance()
            return .number(v, column: token.column)
        case .text(let s):
            _ = advance()
            return .text(s, column: token.column)
        case .identifier(let name) where !["and", "or", "not", "in"].contains(name):
            _ = advance()
            if name == "true" || name == "false" { return .boolean(name == "true", column: token.column) }
            guard current.isSymbol("(") else { return .field(name, column: token.column) }
            let open = advance()
            var arguments: [RuleNode] = []
            if !current.isSymbol(")") {
                arguments.append(try parseOr(after: open))
                while current.isSymbol(",") {
                    let comma = advance()
                    arguments.append(try parseOr(after: comma))
                }
            }
            guard current.isSymbol(")") else {
                throw RuleError(
                    .syntax, "expected ',' or ')' after the arguments of '\(name)', found \(current.quoted)",
                    column: current.column)
            }
            _ = advance()
            return .call(name, arguments: arguments, column: token.column)
        case .symbol("("):
            let open = advance()
            let inner = try parseOr(after: open)
            guard current.isSymbol(")") else {
                throw RuleError(
                    .syntax, "expected ')' to close the '(' at column \(open.column), found \(current.quoted)",
                    column: current.column)
            }
            _ = advance()
            return inner
        default:
            let after = op.map { " after \($0.quoted)" } ?? ""
            throw RuleError(.syntax, "expected a value\(after), found \(token.quoted)", column: token.column)
        }
    }
}
