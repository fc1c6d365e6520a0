extension RuleParser {
    /// Splits the source into tokens, each with its 1-based character column; always ends with `.end`.
    static func tokenize(_ source: String) throws(RuleError) -> [Token] {
        let chars = Array(source)
        var tokens: [Token] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let column = i + 1
            if c.isWhitespace {
                i += 1
            } else if c.isLetter || c == "_" {
                var j = i
                while j < chars.count && (chars[j].isLetter || chars[j].isNumber || chars[j] == "_") { j += 1 }
                tokens.append(Token(kind: .identifier(String(chars[i..<j])), column: column))
                i = j
            } else if c.isNumber || (c == "." || c == "-") && i + 1 < chars.count && chars[i + 1].isNumber
                || c == "-" && i + 2 < chars.count && chars[i + 1] == "." && chars[i + 2].isNumber
            {
                // A leading '-' belongs to the literal: the language has no subtraction.
                var j = c == "-" ? i + 1 : i
                while j < chars.count && (chars[j].isNumber || chars[j] == "." || chars[j] == "_") { j += 1 }
                // An exponent such as 1e5 or 2.5E-3.
                if j < chars.count && (chars[j] == "e" || chars[j] == "E") {
                    var k = j + 1
                    if k < chars.count && (chars[k] == "+" || chars[k] == "-") { k += 1 }
                    if k < chars.count && chars[k].isNumber {
                        while k < chars.count && chars[k].isNumber { k += 1 }
                        j = k
                    }
                }
                let text = String(chars[i..<j]).replacingOccurrences(of: "_", with: "")
                guard let value = Double(text) else {
                    throw RuleError(.syntax, "'\(String(chars[i..<j]))' is not a number", column: column)
                }
                tokens.append(Token(kind: .number(value), column: column))
                i = j
            } else if c == "\"" || c == "'" {
                var j = i + 1
                var text = ""
                while j < chars.count && chars[j] != c {
                    if chars[j] == "\\" && j + 1 < chars.count {
                        j += 1
                    }
                    text.append(chars[j])
                    j += 1
                }
                guard j < chars.count else {
                    throw RuleError(.syntax, "unterminated string: expected a closing \(c)", column: column)
                }
                tokens.append(Token(kind: .text(text), column: column))
                i = j + 1
            } else {
                let two = i + 1 < chars.count ? String(chars[i...(i + 1)]) : ""
                if ["==", "!=", "<=", ">="].contains(two) {
                    tokens.append(Token(kind: .symbol(two), column: column))
                    i += 2
                } else if "<>()[],".contains(c) {
                    tokens.append(Token(kind: .symbol(String(c)), column: column))
                    i += 1
                } else if c == "=" {
                    throw RuleError(.syntax, "unexpected '=': write '==' to compare", column: column)
                } else {
                    throw RuleError(.syntax, "unexpected character '\(c)'", column: column)
                }
            }
        }
        tokens.append(Token(kind: .end, column: chars.count + 1))
        return tokens
    }
}
