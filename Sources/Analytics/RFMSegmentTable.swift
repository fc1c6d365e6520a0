/// One named RFM segment: inclusive score ranges for recency, frequency and monetary.
public struct RFMSegmentRule: Sendable, Equatable {
    public var name: String
    public var recency: ClosedRange<Int>
    public var frequency: ClosedRange<Int>
    public var monetary: ClosedRange<Int>

    public init(_ name: String, recency: ClosedRange<Int>, frequency: ClosedRange<Int>, monetary: ClosedRange<Int>) {
        self.name = name
        self.recency = recency
        self.frequency = frequency
        self.monetary = monetary
    }

    /// Whether the scores fall in all three ranges.
    public func matches(recency r: Int, frequency f: Int, monetary m: Int) -> Bool {
        recency.contains(r) && frequency.contains(f) && monetary.contains(m)
    }
}

/// An ordered list of segment rules. A customer gets the first rule that matches, else ``otherName``.
///
/// First match wins, as in `rfm_segment` of the R package `rfm` 0.3.0, which skips customers that already carry a
/// segment name when it applies the next rule.
public struct RFMSegmentTable: Sendable, Equatable {
    public var rules: [RFMSegmentRule]
    /// The name for customers no rule matches.
    public var otherName: String

    public init(rules: [RFMSegmentRule], otherName: String = "Others") {
        self.rules = rules
        self.otherName = otherName
    }

    /// The segment name for a score triple.
    public func segment(recency r: Int, frequency f: Int, monetary m: Int) -> String {
        rules.first { $0.matches(recency: r, frequency: f, monetary: m) }?.name ?? otherName
    }

    /// The bounds documented with `rfm` 0.3.0 (`rfm_segment` examples and the "RFM - Introduction" vignette), in
    /// that order. `rfm_segment` itself has no built-in bounds: these are the ones its documentation uses.
    public static let rfm030 = RFMSegmentTable(rules: [
        RFMSegmentRule("Champions", recency: 5...5, frequency: 5...5, monetary: 5...5),
        RFMSegmentRule("Potential Loyalist", recency: 3...5, frequency: 3...5, monetary: 2...5),
        RFMSegmentRule("Loyal Customers", recency: 2...4, frequency: 2...4, monetary: 2...4),
        RFMSegmentRule("Promising", recency: 3...4, frequency: 1...3, monetary: 3...5),
        RFMSegmentRule("New Customers", recency: 4...5, frequency: 1...3, monetary: 1...5),
        RFMSegmentRule("Can't Lose Them", recency: 1...2, frequency: 3...4, monetary: 4...5),
        RFMSegmentRule("At Risk", recency: 1...2, frequency: 2...5, monetary: 4...5),
        RFMSegmentRule("Need Attention", recency: 1...3, frequency: 3...5, monetary: 3...5),
        RFMSegmentRule("About To Sleep", recency: 2...3, frequency: 1...3, monetary: 1...4),
        RFMSegmentRule("Lost", recency: 1...1, frequency: 1...5, monetary: 1...5),
    ])

    /// The bounds documented with `rfm` 0.2.x (same names, different bounds and order), for comparison with older
    /// reports.
    public static let rfm020 = RFMSegmentTable(rules: [
        RFMSegmentRule("Champions", recency: 4...5, frequency: 4...5, monetary: 4...5),
        RFMSegmentRule("Loyal Customers", recency: 2...5, frequency: 3...5, monetary: 3...5),
        RFMSegmentRule("Potential Loyalist", recency: 3...5, frequency: 1...3, monetary: 1...3),
        RFMSegmentRule("New Customers", recency: 4...5, frequency: 1...1, monetary: 1...1),
        RFMSegmentRule("Promising", recency: 3...4, frequency: 1...1, monetary: 1...1),
        RFMSegmentRule("Need Attention", recency: 2...3, frequency: 2...3, monetary: 2...3),
        RFMSegmentRule("About To Sleep", recency: 2...3, frequency: 1...2, monetary: 1...2),
        RFMSegmentRule("At Risk", recency: 1...2, frequency: 2...5, monetary: 2...5),
        RFMSegmentRule("Can't Lose Them", recency: 1...1, frequency: 4...5, monetary: 4...5),
        RFMSegmentRule("Lost", recency: 1...2, frequency: 1...2, monetary: 1...2),
    ])
}
