/// Where a customer stands in the programme: tier, and stars when scored.
public struct TierStanding: Sendable, Equatable, Comparable, Codable {
    public var tier: StarTier
    /// Stars 1...5, or nil for a customer without orders (not scored).
    public var stars: Int?

    public init(tier: StarTier, stars: Int?) {
        self.tier = tier
        self.stars = stars
    }

    /// Ordered by tier first, then stars (unscored below 1★).
    public static func < (lhs: TierStanding, rhs: TierStanding) -> Bool {
        if lhs.tier != rhs.tier { return lhs.tier < rhs.tier }
        return (lhs.stars ?? 0) < (rhs.stars ?? 0)
    }
}

/// Who moved up or down between two runs of tiering and star scoring.
public struct Retiering: Sendable, Equatable {
    /// A customer whose standing changed.
    public struct Move: Sendable, Equatable {
        public var id: String
        public var previous: TierStanding
        public var current: TierStanding
    }

    /// Standing rose (higher tier, or same tier and more stars). Sorted by id.
    public var movedUp: [Move]
    /// Standing fell. Sorted by id.
    public var movedDown: [Move]
    /// Customers present in both runs with the same standing.
    public var unchanged: Int
    /// Ids only in the current run. Sorted.
    public var entered: [String]
    /// Ids only in the previous run. Sorted.
    public var left: [String]

    /// Compares the previous run's standings with the current ones.
    public init(previous: [String: TierStanding], current: [String: TierStanding]) {
        var up: [Move] = []
        var down: [Move] = []
        var unchanged = 0
        var entered: [String] = []
        for (id, now) in current {
            guard let before = previous[id] else {
                entered.append(id)
                continue
            }
            if before < now {
                up.append(Move(id: id, previous: before, current: now))
            } else if now < before {
                down.append(Move(id: id, previous: before, current: now))
            } else {
                unchanged += 1
            }
        }
        movedUp = up.sorted { $0.id < $1.id }
        movedDown = down.sorted { $0.id < $1.id }
        self.unchanged = unchanged
        self.entered = entered.sorted()
        left = previous.keys.filter { current[$0] == nil }.sorted()
    }

    /// Current standings of a feature table: tier from `spend365`, stars from ``StarScore/compute(_:policy:)``.
    public static func standings(
        _ features: CustomerFeatures, thresholds: TierThresholds = TierThresholds(),
        policy: StarScorePolicy = StarScorePolicy()
    ) -> [String: TierStanding] {
        var stars = [Int?](repeating: nil, count: features.count)
        for score in StarScore.compute(features, policy: policy) { stars[score.index] = score.stars }
        var result: [String: TierStanding] = [:]
        result.reserveCapacity(features.count)
        for i in 0..<features.count {
            result[features.ids[i]] = TierStanding(
                tier: thresholds.tier(forSpend: features.spend365[i]), stars: stars[i])
        }
        return result
    }
}
