/// Where a customer is in their life with us.
public enum LifecycleStage: String, Sendable, CaseIterable, Codable {
    /// No order on or before the as-of date.
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
    /// Ordered again recently after a gap at least as long as the dormant threshold.
    case wonBack
}

/// Day thresholds of the lifecycle. Defaults follow SPEC §7.
public struct LifecyclePolicy: Sendable, Equatable {
    /// A customer whose first order is fewer than this many days ago is new (default 90).
    public var newDays: Double
    /// No order for this many days makes a customer dormant (default 180).
    public var dormantDays: Double
    /// ... or for this multiple of the customer's mean gap, when it has ≥ 2 order days (default 3).
    public var usualGapMultiple: Double
    /// No order for this many days makes a customer lost (default 365).
    public var lostDays: Double
    /// A won-back customer's last order is fewer than this many days ago (default 90).
    public var wonBackRecencyDays: Double

    public init(
        newDays: Double = 90, dormantDays: Double = 180, usualGapMultiple: Double = 3, lostDays: Double = 365,
        wonBackRecencyDays: Double = 90
    ) {
        self.newDays = newDays
        self.dormantDays = dormantDays
        self.usualGapMultiple = usualGapMultiple
        self.lostDays = lostDays
        self.wonBackRecencyDays = wonBackRecencyDays
    }

    /// The customer's dormant threshold: `min(dormantDays, usualGapMultiple × meanGapDays)` when the mean gap is
    /// known (> 0), else `dormantDays`.
    public func dormantThreshold(meanGapDays: Double) -> Double {
        meanGapDays > 0 ? min(dormantDays, usualGapMultiple * meanGapDays) : dormantDays
    }
}

extension LifecycleStage {
    /// The stage of customer `i`. The first rule that holds wins:
    /// 1. no orders → `noOrders`; 2. recency ≥ lostDays → `lost`; 3. recency ≥ dormant threshold → `dormant`;
    /// 4. tenure < newDays → `new`; 5. gap before the last order ≥ dormant threshold and recency <
    /// wonBackRecencyDays → `wonBack`; 6. flagged by the churn warning → `atRisk`; 7. otherwise `active`.
    public static func classify(
        _ f: CustomerFeatures, _ i: Int, flagged: Bool, policy: LifecyclePolicy = LifecyclePolicy()
    ) -> LifecycleStage {
        guard f.hasOrders[i] else { return .noOrders }
        let recency = f.recencyDays[i]
        let dormantThreshold = policy.dormantThreshold(meanGapDays: f.meanGapDays[i])
        if recency >= policy.lostDays { return .lost }
        if recency >= dormantThreshold { return .dormant }
        if f.tenureDays[i] < policy.newDays { return .new }
        if f.longestGapBeforeLastDays[i] >= dormantThreshold && recency < policy.wonBackRecencyDays {
            return .wonBack
        }
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
