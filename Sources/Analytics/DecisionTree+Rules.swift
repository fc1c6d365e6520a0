extension DecisionTree {
    /// The rule-language number fields a customer tree splits on, in column order: every number field except the
    /// aliases `monetary_365` / `spend_365` (equal to `monetary` with the default 365-day window, so they would only
    /// add tied splits).
    public static let customerFields = [
        "recency", "frequency", "monetary", "average_basket", "tenure", "premium_share", "channels_90",
        "channel_switches_90", "complaints_90", "complaints_prev_90", "referrals_365", "spend_90", "spend_prev_90",
        "order_days_90", "order_days_prev_90", "mean_gap", "repeat_count",
    ]

    /// The inputs of the customers at `positions`, one column per ``customerFields`` entry.
    public static func customerInputs(_ features: CustomerFeatures, positions: [Int]) -> FeatureMatrix {
        let columns = customerFields.map { features[keyPath: RuleExpression.numberFields[$0]!] }
        var values: [Double] = []
        values.reserveCapacity(positions.count * columns.count)
        for i in positions { for column in columns { values.append(column[i]) } }
        return FeatureMatrix(values: values, dimension: columns.count)
    }

    /// The path to `node` as the conditions of a segment rule, e.g. `recency > 45.5 and order_days_90 <= 2.5`:
    /// per feature the tightest bound each way, features in the order the path first tests them; `true` for the
    /// root. Thresholds print in the shortest form that reads back as the same number.
    public func ruleConditions(to node: Int) -> String {
        var order: [Int] = []
        var above: [Int: Double] = [:]
        var atMost: [Int: Double] = [:]
        for condition in path(to: node) {
            let f = condition.feature
            if !order.contains(f) { order.append(f) }
            if condition.isLessOrEqual {
                atMost[f] = min(atMost[f] ?? .infinity, condition.threshold)
            } else {
                above[f] = max(above[f] ?? -.infinity, condition.threshold)
            }
        }
        var parts: [String] = []
        for f in order {
            if let low = above[f] { parts.append("\(featureNames[f]) > \(low)") }
            if let high = atMost[f] { parts.append("\(featureNames[f]) <= \(high)") }
        }
        return parts.isEmpty ? "true" : parts.joined(separator: " and ")
    }
}
