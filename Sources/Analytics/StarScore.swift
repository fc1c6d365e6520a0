import Foundation

/// The six dimensions of the star score.
public enum StarDimension: String, Sendable, CaseIterable, Codable {
    /// `frequency`: distinct order days in the window.
    case purchaseFrequency
    /// `averageBasket`.
    case basketSize
    /// `premiumShare`.
    case premiumPreference
    /// `1 / (1 + channelSwitches90 + max(channelsUsed90 - 1, 0))`: 1 for a customer who kept to one channel.
    case channelLoyalty
    /// `referrals365`.
    case socialInfluence
    /// `ln(1 + spend90) - ln(1 + spendPrev90)`: log growth of spend, defined when either quarter is zero.
    case growthTrend

    /// The raw value of this dimension for customer `i`; larger is better.
    func raw(_ f: CustomerFeatures, _ i: Int) -> Double {
        switch self {
        case .purchaseFrequency: f.frequency[i]
        case .basketSize: f.averageBasket[i]
        case .premiumPreference: f.premiumShare[i]
        case .channelLoyalty: 1 / (1 + f.channelSwitches90[i] + max(f.channelsUsed90[i] - 1, 0))
        case .socialInfluence: f.referrals365[i]
        case .growthTrend: log1p(max(f.spend90[i], 0)) - log1p(max(f.spendPrev90[i], 0))
        }
    }
}

/// Growth level of the star-customer programme, from the star count.
public enum GrowthLevel: String, Sendable, CaseIterable, Codable {
    case silver
    case gold
    case diamond

    /// Silver for 3 stars, gold for 4, diamond for 5, none below 3.
    public init?(stars: Int) {
        switch stars {
        case 3: self = .silver
        case 4: self = .gold
        case 5...: self = .diamond
        default: return nil
        }
    }
}

/// How star scores are weighted and cut into stars.
public struct StarScorePolicy: Sendable, Equatable {
    /// Weight per dimension (missing dimensions weigh 0). Equal weights by default.
    public var weights: [StarDimension: Double]
    /// Ascending score cut points: a score at or above `cutPoints[k]` earns at least `k + 2` stars.
    /// Default `[20, 40, 60, 80]`: 0..<20 → 1★, 20..<40 → 2★, 40..<60 → 3★, 60..<80 → 4★, 80...100 → 5★.
    public var cutPoints: [Double]

    public init(
        weights: [StarDimension: Double] = Dictionary(uniqueKeysWithValues: StarDimension.allCases.map { ($0, 1) }),
        cutPoints: [Double] = [20, 40, 60, 80]
    ) {
        precondition(weights.values.allSatisfy { $0 >= 0 } && weights.values.contains { $0 > 0 })
        precondition(cutPoints.count == 4 && zip(cutPoints, cutPoints.dropFirst()).allSatisfy { $0 <= $1 })
        self.weights = weights
        self.cutPoints = cutPoints
    }

    /// Stars 1...5 for a score.
    public func stars(forScore score: Double) -> Int {
        1 + cutPoints.filter { score >= $0 }.count
    }
}

/// One customer's star score.
public struct StarScore: Sendable, Equatable {
    /// Position in the ``CustomerFeatures`` table.
    public var index: Int
    public var id: String
    /// Percentile 0...100 per dimension among customers with orders.
    public var dimensions: [StarDimension: Double]
    /// Weighted mean of the dimension percentiles, 0...100.
    public var score: Double
    public var stars: Int
    public var growthLevel: GrowthLevel? { GrowthLevel(stars: stars) }
}

extension StarScore {
    /// Scores every customer with orders (`hasOrders`); the others get no score.
    ///
    /// Each dimension becomes a percentile rank among customers with orders (mid-rank for ties, see `Ranking`), and
    /// the score is the weighted mean of the six percentiles.
    public static func compute(
        _ features: CustomerFeatures, policy: StarScorePolicy = StarScorePolicy()
    ) -> [StarScore] {
        precondition(features.isConsistent)
        let scored = (0..<features.count).filter { features.hasOrders[$0] }
        guard !scored.isEmpty else { return [] }
        var percentiles: [StarDimension: [Double]] = [:]
        for dimension in StarDimension.allCases {
            percentiles[dimension] = Ranking.percentiles(scored.map { dimension.raw(features, $0) })
        }
        let totalWeight = StarDimension.allCases.reduce(0) { $0 + (policy.weights[$1] ?? 0) }
        return scored.indices.map { k in
            var dimensions: [StarDimension: Double] = [:]
            var sum = 0.0
            for dimension in StarDimension.allCases {
                let p = percentiles[dimension]![k]
                dimensions[dimension] = p
                sum += (policy.weights[dimension] ?? 0) * p
            }
            let score = sum / totalWeight
            let i = scored[k]
            return StarScore(
                index: i, id: features.ids[i], dimensions: dimensions, score: score,
                stars: policy.stars(forScore: score))
        }
    }
}
