import Analytics

extension AnalyticsRun {
    /// Fields a segment rule may use beyond the feature table, computed by the analyses of this run.
    public static let ruleFields: [String: RuleValueType] = [
        "rfm_segment": .text, "rfm_score": .number, "stars": .number, "star_score": .number, "lifecycle": .text,
        "suspended": .boolean, "violations_365": .number,
    ]

    /// The context for evaluating `rules`: only the derived fields they use are computed.
    public func ruleContext(for rules: [RuleExpression]) -> RuleContext {
        var used = Set<String>()
        for rule in rules { Self.collectFields(rule.root, into: &used) }
        var context = RuleContext(tierThresholds: thresholds)
        let n = features.count
        if used.contains("rfm_segment") || used.contains("rfm_score") {
            var segments = [String](repeating: "", count: n)
            var scores = [Double](repeating: 0, count: n)
            for score in rfm().scores {
                segments[score.index] = score.segment
                scores[score.index] = Double(score.score)
            }
            context.texts["rfm_segment"] = segments
            context.numbers["rfm_score"] = scores
        }
        if used.contains("stars") || used.contains("star_score") {
            var stars = [Double](repeating: 0, count: n)
            var values = [Double](repeating: 0, count: n)
            for score in starScores() {
                stars[score.index] = Double(score.stars)
                values[score.index] = score.score
            }
            context.numbers["stars"] = stars
            context.numbers["star_score"] = values
        }
        if used.contains("suspended") {
            context.booleans["suspended"] = compliance.suspendedFlags(count: n)
        }
        if used.contains("violations_365") {
            context.numbers["violations_365"] = (0..<n).map { Double(compliance.violations(of: $0, withinDays: 365)) }
        }
        if used.contains("lifecycle") {
            context.texts["lifecycle"] = lifecycle(warnings: churnWarnings()).map(\.rawValue)
        }
        return context
    }

    private static func collectFields(_ node: RuleNode, into names: inout Set<String>) {
        switch node {
        case .number, .text, .boolean: break
        case .field(let name, _): names.insert(name)
        case .call(_, let arguments, _): for argument in arguments { collectFields(argument, into: &names) }
        case .not(let inner, _): collectFields(inner, into: &names)
        case .and(let l, let r), .or(let l, let r), .compare(_, let l, let r, _):
            collectFields(l, into: &names)
            collectFields(r, into: &names)
        case .member(let value, let list, _, _):
            collectFields(value, into: &names)
            for item in list { collectFields(item, into: &names) }
        }
    }
}
