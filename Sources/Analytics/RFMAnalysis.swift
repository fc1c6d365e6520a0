/// One customer's RFM scores and segment.
public struct RFMScore: Sendable, Equatable {
    /// Position of the customer in the ``CustomerFeatures`` table.
    public var index: Int
    public var id: String
    /// 1...bins, most recent gets the highest score.
    public var recency: Int
    /// 1...bins, most order days gets the highest score.
    public var frequency: Int
    /// 1...bins, highest spend gets the highest score.
    public var monetary: Int
    /// `100 * recency + 10 * frequency + monetary`.
    public var score: Int { 100 * recency + 10 * frequency + monetary }
    public var segment: String
}

/// The outcome of an RFM run.
public struct RFMResult: Sendable {
    /// Customers with at least one order day in the window, in table order.
    public var scores: [RFMScore]
    /// Ids of customers without orders in the window: they are not ranked, and reported apart.
    public var withoutOrders: [String]

    /// Customers per segment, in the segment table's order, then the "other" name; empty segments included.
    public func segmentCounts(table: RFMSegmentTable = .rfm030) -> [(segment: String, customers: Int)] {
        var counts: [String: Int] = [:]
        for score in scores { counts[score.segment, default: 0] += 1 }
        return (table.rules.map(\.name) + [table.otherName]).map { ($0, counts[$0] ?? 0) }
    }
}

/// RFM scoring (recency, frequency, monetary) with the named segments of the R package `rfm` 0.3.0.
///
/// Only customers with `frequency > 0` (an order day in the window) are ranked. Each of the three values is binned
/// into `bins` groups by minimum rank: score = 1 + floor(bins × (number of customers with a strictly worse value) / n).
/// Equal values therefore always share a score, and a bin may stay empty when many customers tie. Recency is ranked
/// reversed (fewer days is better). A single customer scores 1-1-1, as `ntile` gives one value the first bin.
public enum RFMAnalysis {
    /// Scores every customer with orders in the window and assigns segments.
    public static func run(
        _ features: CustomerFeatures, bins: Int = 5, segments: RFMSegmentTable = .rfm030
    ) -> RFMResult {
        precondition(features.isConsistent)
        precondition(bins >= 1)
        var ranked: [Int] = []
        var withoutOrders: [String] = []
        for i in 0..<features.count {
            if features.frequency[i] > 0 { ranked.append(i) } else { withoutOrders.append(features.ids[i]) }
        }
        guard !ranked.isEmpty else { return RFMResult(scores: [], withoutOrders: withoutOrders) }
        // Negated recency so that "larger is better" holds for all three.
        let r = Ranking.ntile(ranked.map { -features.recencyDays[$0] }, bins: bins)
        let f = Ranking.ntile(ranked.map { features.frequency[$0] }, bins: bins)
        let m = Ranking.ntile(ranked.map { features.monetary[$0] }, bins: bins)
        let scores = ranked.indices.map { k in
            RFMScore(
                index: ranked[k], id: features.ids[ranked[k]], recency: r[k], frequency: f[k], monetary: m[k],
                segment: segments.segment(recency: r[k], frequency: f[k], monetary: m[k]))
        }
        return RFMResult(scores: scores, withoutOrders: withoutOrders)
    }
}
