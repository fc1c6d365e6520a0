/// Values a rule may use beyond the feature table: derived columns computed by other analyses.
public struct RuleContext: Sendable {
    /// Thresholds behind the `tier` field.
    public var tierThresholds: TierThresholds
    /// Extra number fields by name (one value per customer), e.g. `stars`.
    public var numbers: [String: [Double]]
    /// Extra text fields by name (one value per customer), e.g. `rfm_segment`, `lifecycle`.
    public var texts: [String: [String]]
    /// Extra true-or-false fields by name (one value per customer), e.g. `suspended`.
    public var booleans: [String: [Bool]]

    public init(
        tierThresholds: TierThresholds = TierThresholds(), numbers: [String: [Double]] = [:],
        texts: [String: [String]] = [:], booleans: [String: [Bool]] = [:]
    ) {
        self.tierThresholds = tierThresholds
        self.numbers = numbers
        self.texts = texts
        self.booleans = booleans
    }

    /// Types of the extra fields, for checking a rule before evaluating it.
    public var extraFields: [String: RuleValueType] {
        var result: [String: RuleValueType] = [:]
        for name in numbers.keys { result[name] = .number }
        for name in texts.keys { result[name] = .text }
        for name in booleans.keys { result[name] = .boolean }
        return result
    }
}

/// A parsed and type-checked segment rule, such as
/// `monetary_365 >= 100000 and region == "east" and has_tag("vip")`.
///
/// Fields are the names in ``numberFields`` and ``textFields``, plus `tier` (text), `has_orders` (boolean) and any
/// extra fields of the ``RuleContext``. Operators: `and`, `or`, `not`, `== != < <= > >=`, `in [..]`, `not in [..]`,
/// parentheses; literals: numbers (`100000`, `1e5`, `100_000`, `-3`), strings in double or single quotes, `true`,
/// `false`; function `has_tag("x")`. Ordering comparisons need numbers; `==`/`!=`/`in` need equal types.
public struct RuleExpression: Sendable, Equatable {
    /// Longest rule accepted, in UTF-8 bytes.
    public static var maxLength: Int { RuleParser.maxLength }
    /// Deepest nesting accepted (parentheses, `not`, function calls).
    public static var maxDepth: Int { RuleParser.maxDepth }

    /// The text it was parsed from.
    public let source: String
    /// The syntax tree.
    public let root: RuleNode

    /// Parses and checks `source`. Throws a ``RuleError`` naming the problem and its column.
    ///
    /// - Parameter extraFields: fields the evaluation context will provide (see ``RuleContext/extraFields``).
    public init(_ source: String, extraFields: [String: RuleValueType] = [:]) throws(RuleError) {
        var parser = try RuleParser(source)
        let root = try parser.parse()
        let type = try RuleTypeChecker(extraFields: extraFields).type(of: root)
        guard type == .boolean else {
            throw RuleError(.type, "a rule must be true or false, but this is a \(type.rawValue)", column: root.column)
        }
        self.source = source
        self.root = root
    }

    /// Number fields and the feature column each reads.
    public static let numberFields: [String: KeyPath<CustomerFeatures, [Double]> & Sendable] = [
        "recency": \.recencyDays, "frequency": \.frequency, "monetary": \.monetary, "monetary_365": \.spend365,
        "spend_365": \.spend365, "average_basket": \.averageBasket, "tenure": \.tenureDays,
        "premium_share": \.premiumShare, "channels_90": \.channelsUsed90, "channel_switches_90": \.channelSwitches90,
        "complaints_90": \.complaints90, "complaints_prev_90": \.complaintsPrev90, "referrals_365": \.referrals365,
        "spend_90": \.spend90, "spend_prev_90": \.spendPrev90, "order_days_90": \.orderDays90,
        "order_days_prev_90": \.orderDaysPrev90, "mean_gap": \.meanGapDays, "repeat_count": \.repeatCount,
    ]

    /// Text fields and the customer column each reads.
    public static let textFields: [String: KeyPath<CustomerFeatures, [String]> & Sendable] = [
        "id": \.ids, "region": \.regions, "channel": \.channels, "district": \.districts,
        "business_type": \.businessTypes, "status": \.statuses,
    ]

    /// Type of a built-in field, or nil.
    static func builtInType(_ name: String) -> RuleValueType? {
        if numberFields[name] != nil { return .number }
        if textFields[name] != nil || name == "tier" { return .text }
        if name == "has_orders" { return .boolean }
        return nil
    }
}

/// Infers types bottom-up and rejects ill-typed rules with the column of the offending operator or operand.
struct RuleTypeChecker {
    var extraFields: [String: RuleValueType]

    func type(of node: RuleNode) throws(RuleError) -> RuleValueType {
        switch node {
        case .number: return .number
        case .text: return .text
        case .boolean: return .boolean
        case .field(let name, let column):
            if let type = RuleExpression.builtInType(name) ?? extraFields[name] { return type }
            throw RuleError(.unknownName, "unknown field '\(name)'", column: column)
        case .call(let name, let arguments, let column):
            guard name == "has_tag" else {
                throw RuleError(.unknownName, "unknown function '\(name)' (known: has_tag)", column: column)
            }
            guard arguments.count == 1 else {
                throw RuleError(.type, "has_tag takes one text argument, got \(arguments.count)", column: column)
            }
            try expect(.text, arguments[0], "the argument of has_tag")
            return .boolean
        case .not(let inner, _):
            try expect(.boolean, inner, "the operand of 'not'")
            return .boolean
        case .and(let l, let r), .or(let l, let r):
            let word = if case .and = node { "'and'" } else { "'or'" }
            try expect(.boolean, l, "the left side of \(word)")
            try expect(.boolean, r, "the right side of \(word)")
            return .boolean
        case .compare(let op, let l, let r, let column):
            let (lt, rt) = (try type(of: l), try type(of: r))
            guard lt == rt else {
                throw RuleError(
                    .type, "cannot compare \(lt.rawValue) with \(rt.rawValue) using '\(op.rawValue)'",
                    column: column)
            }
            if op != .equal && op != .notEqual && lt != .number {
                throw RuleError(.type, "'\(op.rawValue)' needs numbers, not \(lt.rawValue)", column: column)
            }
            return .boolean
        case .member(let value, let list, _, _):
            let vt = try type(of: value)
            for item in list {
                let it = try type(of: item)
                guard it == vt else {
                    throw RuleError(
                        .type, "list item is \(it.rawValue) but the value is \(vt.rawValue)",
                        column: item.column)
                }
            }
            return .boolean
        }
    }

    private func expect(_ wanted: RuleValueType, _ node: RuleNode, _ what: String) throws(RuleError) {
        let actual = try type(of: node)
        guard actual == wanted else {
            throw RuleError(.type, "\(what) must be \(wanted.rawValue), not \(actual.rawValue)", column: node.column)
        }
    }
}
