/// A level of the star-customer value pyramid, by trailing-365-day spend.
public enum StarTier: String, Sendable, CaseIterable, Comparable, Codable {
    case basic
    case potential
    case value

    private var rank: Int {
        switch self {
        case .basic: 0
        case .potential: 1
        case .value: 2
        }
    }

    public static func < (lhs: StarTier, rhs: StarTier) -> Bool { lhs.rank < rhs.rank }
}

/// Spend thresholds (CNY, trailing 365 days) of the value pyramid. A threshold belongs to the tier above it.
public struct TierThresholds: Sendable, Equatable {
    /// Spend at or above which a customer is `value` (default 100,000).
    public var value: Double
    /// Spend at or above which a customer is at least `potential` (default 50,000).
    public var potential: Double

    public init(value: Double = 100_000, potential: Double = 50_000) {
        precondition(potential <= value, "the potential threshold must not exceed the value threshold")
        self.value = value
        self.potential = potential
    }

    /// The tier for a trailing-365-day spend.
    public func tier(forSpend spend: Double) -> StarTier {
        if spend >= value { return .value }
        if spend >= potential { return .potential }
        return .basic
    }

    /// The tier of every customer, from `spend365`.
    public func tiers(of features: CustomerFeatures) -> [StarTier] {
        features.spend365.map(tier(forSpend:))
    }
}

/// Counts and spend share per tier: the value pyramid.
public struct TierPyramid: Sendable, Equatable {
    /// One level of the pyramid.
    public struct Level: Sendable, Equatable {
        public var tier: StarTier
        public var customers: Int
        /// Sum of `spend365` of the level's customers.
        public var spend: Double
        /// `customers` / all customers; 0 for an empty table.
        public var customerShare: Double
        /// `spend` / total spend; 0 when total spend is 0.
        public var spendShare: Double
    }

    /// Levels from the top (`value`) down.
    public var levels: [Level]
    /// Positions of the customers with spend365 > 0, highest spend first (ties by id): who leads the pyramid.
    public var ranking: [Int]

    /// The pyramid of the given customers under the thresholds, leaving out the positions in `excluded` (the
    /// customers suspended from the programme): they count in no level, share or ranking.
    public init(
        _ features: CustomerFeatures, thresholds: TierThresholds = TierThresholds(), excluding excluded: Set<Int> = []
    ) {
        var customers: [StarTier: Int] = [:]
        var spend: [StarTier: Double] = [:]
        for (index, s) in features.spend365.enumerated() where !excluded.contains(index) {
            let tier = thresholds.tier(forSpend: s)
            customers[tier, default: 0] += 1
            spend[tier, default: 0] += s
        }
        let total = spend.values.reduce(0, +)
        let n = features.count - excluded.filter { $0 < features.count }.count
        levels = StarTier.allCases.reversed().map { tier in
            let c = customers[tier] ?? 0
            let s = spend[tier] ?? 0
            return Level(
                tier: tier, customers: c, spend: s, customerShare: n > 0 ? Double(c) / Double(n) : 0,
                spendShare: total != 0 ? s / total : 0)
        }
        let spend365 = features.spend365
        let ids = features.ids
        ranking = spend365.indices.filter { spend365[$0] > 0 && !excluded.contains($0) }
            .sorted { (spend365[$0], ids[$1]) > (spend365[$1], ids[$0]) }
    }

    /// The level for a tier.
    public subscript(tier: StarTier) -> Level {
        levels.first { $0.tier == tier }!
    }
}
