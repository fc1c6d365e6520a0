/// Where a customer is in their life with us.
public enum LifecycleStage: String, Sendable, CaseIterable, Codable {
    /// No order before the as-of day.
    case noOrders
    /// First order less than `newDays` ago.
    case new
    /// Ordering, no warning.
    case active
    /// Ordering, but the churn warning flags them.
    case atRisk
    /// No order for the dormant threshold (180 days, or 3× the usual gap if sooner).
    case dormant
    /// No order for `lostDays` (365).
    case lost
    /// Ordered again in the last 90 days after a gap of at least the dormant days (180).
    case wonBack
}

/// Day thresholds of the lifecycle (see docs/analytics.md, "Lifecycle").
public struct LifecyclePolicy: Sendable, Equatable {
    /// A customer whose first order is fewer than this many days ago is new (default 90).
    public var newDays: Double
    /// No order for this many days makes a customer dormant (default 180). A gap of at least this long between
    /// two order days, the later one in the last 90 days, makes a customer won back.
    public var dormantDays: Double
    /// ... or for this multiple of the customer's mean gap, when it has ≥ 2 order days (default 3).
    public var usualGapMultiple: Double
    /// No order for this many days makes a customer lost (default 365).
    public var lostDays: Double

    public init(newDays: Double = 90, dormantDays: Double = 180, usualGapMultiple: Double = 3, lostDays: Double = 365) {
        self.newDays = newDays
        self.dormantDays = dormantDays
        self.usualGapMultiple = usualGapMultiple
        self.lostDays = lostDays
    }

    /// The customer's dormant threshold: `min(dormantDays, usualGapMultiple × meanGapDays)` when the mean gap is
    /// known (> 0), else `dormantDays`.
    public func dormantThreshold(meanGapDays: Double) -> Double {
        meanGapDays > 0 ? min(dormantDays, usualGapMultiple * meanGapDays) : dormantDays
    }
}

extension LifecycleStage {
    /// The stage of customer `i`. The first rule that holds wins:
    /// 1. no orders → `noOrders`; 2. recency ≥ lostDays → `lost`; 3. tenure < newDays → `new`; 4. recency ≥
    /// dormant threshold → `dormant`; 5. a gap of at least `dormantDays` between consecutive order days ended in
    /// the last 90 days (``CustomerFeatures/returnGapDays``) → `wonBack`; 6. flagged by the churn warning →
    /// `atRisk`; 7. otherwise `active`.
    ///
    /// New comes before dormant: a customer who ordered twice in their first weeks has a short mean gap, and three
    /// of those gaps must not make them dormant before they are 90 days old. Won back looks at the pause the recent
    /// orders came back from, not at the gap before the last order (a customer who returned and ordered again has
    /// a short one), and takes the fixed `dormantDays`: gaps of three times the mean are common for a steady but
    /// irregular buyer, and do not make one won back.
    public static func classify(
        _ f: CustomerFeatures, _ i: Int, flagged: Bool, policy: LifecyclePolicy = LifecyclePolicy()
    ) -> LifecycleStage {
        guard f.hasOrders[i] else { return .noOrders }
        let recency = f.recencyDays[i]
        if recency >= policy.lostDays { return .lost }
        if f.tenureDays[i] < policy.newDays { return .new }
        if recency >= policy.dormantThreshold(meanGapDays: f.meanGapDays[i]) { return .dormant }
        if f.returnGapDays[i] >= policy.dormantDays { return .wonBack }
        return flagged ? .atRisk : .active
    }

    /// The stage of every customer, in table order.
    ///
    /// - Parameter warnings: the churn warnings of the same table (``ChurnWarning/flag(_:policy:probabilityAlive:)``).
    public static func classify(
        _ features: CustomerFeatures, warnings: [ChurnWarning], policy: LifecyclePolicy = LifecyclePolicy()
    ) -> [LifecycleStage] {
        precondition(features.isConsistent)
        var flagged = [Bool](repeating: false, count: features.count)
        for warning in warnings { flagged[warning.index] = true }
        return (0..<features.count).map { classify(features, $0, flagged: flagged[$0], policy: policy) }
    }
}

/// Customers and trailing-365-day spend per lifecycle stage, in the order an analyst reads the stages.
public struct LifecycleTally: Sendable, Equatable {
    /// One stage's line.
    public struct Line: Sendable, Equatable {
        public var stage: LifecycleStage
        public var customers: Int
        /// Σ `spend365` of the stage's customers.
        public var spend: Double
    }

    /// From new to lost, then customers without orders.
    public static let order: [LifecycleStage] = [.new, .active, .wonBack, .atRisk, .dormant, .lost, .noOrders]

    /// Every stage of ``order``, empty ones included.
    public var lines: [Line]

    /// Tallies `stages` (one per customer of `features`, in table order).
    public init(_ stages: [LifecycleStage], _ features: CustomerFeatures) {
        precondition(stages.count == features.count)
        var counts: [LifecycleStage: Int] = [:]
        var spend: [LifecycleStage: Double] = [:]
        for (i, stage) in stages.enumerated() {
            counts[stage, default: 0] += 1
            spend[stage, default: 0] += features.spend365[i]
        }
        lines = Self.order.map { Line(stage: $0, customers: counts[$0] ?? 0, spend: spend[$0] ?? 0) }
    }
}
