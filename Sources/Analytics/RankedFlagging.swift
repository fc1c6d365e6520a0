/// Flagging the k customers a score ranks most at risk, scored against who really stopped buying.
///
/// Used to compare the churn warning with baselines at the same number flagged. When customers tie on the score
/// at the cut, the tied group is shared: each of its members counts as a fraction (k − above) / tied of a flag, so
/// the true positives are the *expected* count over every order of the ties, and no arbitrary tie-break (such as id
/// order) can favour a ranking.
public struct RankedFlagging: Sendable, Equatable {
    /// What ranked the customers, e.g. `warning`, `recency`, `p_alive`.
    public var name: String
    /// Customers flagged (k).
    public var flagged: Int
    /// Flagged customers who stopped (expected count when the cut splits a tie).
    public var truePositives: Double
    /// Customers who stopped, flagged or not.
    public var stopped: Int
    /// The population the flags are drawn from.
    public var population: Int

    /// TP / flagged; nil when nobody is flagged.
    public var precision: Double? { flagged > 0 ? truePositives / Double(flagged) : nil }
    /// TP / stopped; nil when nobody stopped.
    public var recall: Double? { stopped > 0 ? truePositives / Double(stopped) : nil }
    /// Precision ÷ the base rate (stopped / population); 1 is no better than chance.
    public var lift: Double? {
        guard let precision, stopped > 0, population > 0 else { return nil }
        return precision / (Double(stopped) / Double(population))
    }

    /// Flags the `count` highest `scores` (higher = more at risk), ties at the cut shared.
    ///
    /// - Parameters:
    ///   - scores: one per customer of the population.
    ///   - stopped: one per customer: whether they made no purchase in the period.
    public init(name: String, scores: [Double], stopped: [Bool], count: Int) {
        precondition(scores.count == stopped.count && count >= 0)
        let k = min(count, scores.count)
        self.name = name
        self.flagged = k
        self.stopped = stopped.filter { $0 }.count
        self.population = scores.count
        guard k > 0 else {
            truePositives = 0
            return
        }
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        let cut = scores[order[k - 1]]
        var above = 0
        var aboveStopped = 0
        var tied = 0
        var tiedStopped = 0
        for i in scores.indices {
            if scores[i] > cut {
                above += 1
                if stopped[i] { aboveStopped += 1 }
            } else if scores[i] == cut {
                tied += 1
                if stopped[i] { tiedStopped += 1 }
            }
        }
        truePositives = Double(aboveStopped) + Double(k - above) * Double(tiedStopped) / Double(tied)
    }
}
