/// Comparison operators of the rule language.
public enum RuleComparison: String, Sendable, Equatable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

/// Value types of the rule language.
public enum RuleValueType: String, Sendable, Equatable {
    case number
    case text
    case boolean
}

/// The syntax tree of a rule expression. Every node keeps the 1-based column it starts at, for error messages.
public indirect enum RuleNode: Sendable, Equatable {
    case number(Double, column: Int)
    case text(String, column: Int)
    case boolean(Bool, column: Int)
    case field(String, column: Int)
    case call(String, arguments: [RuleNode], column: Int)
    case not(RuleNode, column: Int)
    case and(RuleNode, RuleNode)
    case or(RuleNode, RuleNode)
    /// `column` is the operator's.
    case compare(RuleComparison, RuleNode, RuleNode, column: Int)
    /// `value in [list]` or `value not in [list]`; `column` is the `in`'s.
    case member(RuleNode, [RuleNode], negated: Bool, column: Int)

    /// Column where the node's text starts.
    public var column: Int {
        switch self {
        case .number(_, let c), .text(_, let c), .boolean(_, let c), .field(_, let c), .call(_, _, let c),
            .not(_, let c):
            c
        case .and(let l, _), .or(let l, _), .compare(_, let l, _, _), .member(let l, _, _, _): l.column
        }
    }
}
