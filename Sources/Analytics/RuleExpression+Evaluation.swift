extension RuleExpression {
    /// Membership of every customer, in table order.
    ///
    /// Throws only when the context lacks an extra field the rule uses (the rule itself was checked at parse time).
    public func matches(_ features: CustomerFeatures, context: RuleContext = RuleContext()) throws(RuleError) -> [Bool]
    {
        precondition(features.isConsistent)
        let compiled = try RuleCompiler(features: features, context: context).compile(root)
        guard case .boolean(let predicate) = compiled else {
            throw RuleError(.type, "a rule must be true or false", column: root.column)
        }
        return (0..<features.count).map(predicate)
    }

    /// Ids of the matching customers, in table order.
    public func matchingIDs(_ features: CustomerFeatures, context: RuleContext = RuleContext()) throws(RuleError)
        -> [String]
    {
        let mask = try matches(features, context: context)
        return features.ids.indices.filter { mask[$0] }.map { features.ids[$0] }
    }
}

/// Turns a checked tree into closures over a customer index, so evaluation does no lookups by name.
private struct RuleCompiler {
    enum Compiled {
        case number((Int) -> Double)
        case text((Int) -> String)
        case boolean((Int) -> Bool)
    }

    let features: CustomerFeatures
    let context: RuleContext

    func compile(_ node: RuleNode) throws(RuleError) -> Compiled {
        switch node {
        case .number(let v, _): return .number { _ in v }
        case .text(let s, _): return .text { _ in s }
        case .boolean(let b, _): return .boolean { _ in b }
        case .field(let name, let column): return try field(name, column: column)
        case .call(_, let arguments, _):
            let tag = try text(arguments[0])
            let tags = features.tags
            return .boolean { tags[$0].contains(tag($0)) }
        case .not(let inner, _):
            let f = try boolean(inner)
            return .boolean { !f($0) }
        case .and(let l, let r):
            let (lf, rf) = (try boolean(l), try boolean(r))
            return .boolean { lf($0) && rf($0) }
        case .or(let l, let r):
            let (lf, rf) = (try boolean(l), try boolean(r))
            return .boolean { lf($0) || rf($0) }
        case .compare(let op, let l, let r, _):
            return try compare(op, try compile(l), try compile(r))
        case .member(let value, let list, let negated, _):
            let v = try compile(value)
            let items = try list.map { (item: RuleNode) throws(RuleError) in try compile(item) }
            let test: (Int) -> Bool
            switch v {
            case .number(let f):
                let set = Set(items.compactMap { if case .number(let g) = $0 { g(0) } else { nil } })
                test = { set.contains(f($0)) }
            case .text(let f):
                let set = Set(items.compactMap { if case .text(let g) = $0 { g(0) } else { nil } })
                test = { set.contains(f($0)) }
            case .boolean(let f):
                let set = Set(items.compactMap { if case .boolean(let g) = $0 { g(0) } else { nil } })
                test = { set.contains(f($0)) }
            }
            return .boolean { test($0) != negated }
        }
    }

    private func field(_ name: String, column: Int) throws(RuleError) -> Compiled {
        if let path = RuleExpression.numberFields[name] {
            let column = features[keyPath: path]
            return .number { column[$0] }
        }
        if let path = RuleExpression.textFields[name] {
            let column = features[keyPath: path]
            return .text { column[$0] }
        }
        switch name {
        case "tier":
            let tiers = context.tierThresholds.tiers(of: features).map(\.rawValue)
            return .text { tiers[$0] }
        case "has_orders":
            let has = features.hasOrders
            return .boolean { has[$0] }
        default:
            break
        }
        if let values = context.numbers[name], values.count == features.count { return .number { values[$0] } }
        if let values = context.texts[name], values.count == features.count { return .text { values[$0] } }
        if let values = context.booleans[name], values.count == features.count { return .boolean { values[$0] } }
        throw RuleError(.unknownName, "field '\(name)' has no values for these customers", column: column)
    }

    private func compare(_ op: RuleComparison, _ l: Compiled, _ r: Compiled) throws(RuleError) -> Compiled {
        switch (l, r) {
        case (.number(let a), .number(let b)):
            switch op {
            case .equal: return .boolean { a($0) == b($0) }
            case .notEqual: return .boolean { a($0) != b($0) }
            case .less: return .boolean { a($0) < b($0) }
            case .lessOrEqual: return .boolean { a($0) <= b($0) }
            case .greater: return .boolean { a($0) > b($0) }
            case .greaterOrEqual: return .boolean { a($0) >= b($0) }
            }
        case (.text(let a), .text(let b)) where op == .equal || op == .notEqual:
            return op == .equal ? .boolean { a($0) == b($0) } : .boolean { a($0) != b($0) }
        case (.boolean(let a), .boolean(let b)) where op == .equal || op == .notEqual:
            return op == .equal ? .boolean { a($0) == b($0) } : .boolean { a($0) != b($0) }
        default:
            throw RuleError(.type, "operands of '\(op.rawValue)' do not match", column: 1)
        }
    }

    private func boolean(_ node: RuleNode) throws(RuleError) -> (Int) -> Bool {
        guard case .boolean(let f) = try compile(node) else {
            throw RuleError(.type, "expected true or false", column: node.column)
        }
        return f
    }

    private func text(_ node: RuleNode) throws(RuleError) -> (Int) -> String {
        guard case .text(let f) = try compile(node) else {
            throw RuleError(.type, "expected text", column: node.column)
        }
        return f
    }
}
