import Analytics
import Replica

/// The analyses of one node as of one day: features extracted once, then any of the analyses over them,
/// each with the policies its caller may tune. The CLI and segment runs share it, so `lifecycle` in a rule means
/// what `outpost analytics lifecycle` prints.
public struct AnalyticsRun: Sendable {
    public let asOf: CalendarDay
    public let features: CustomerFeatures
    public var thresholds = TierThresholds()
    public var starPolicy = StarScorePolicy()
    public var churnPolicy = ChurnPolicy()
    public var lifecyclePolicy = LifecyclePolicy()
    /// Whether the churn warning (and so lifecycle's at-risk) includes BG/NBD P(alive) < threshold. It costs a
    /// model fit (about a second per 100,000 customers with orders).
    public var usesProbabilityAlive = true
    /// The qualification gate: who is suspended from the star programme (none unless loaded, as ``extract``
    /// does); its ``ComplianceGate/suspensionDays`` may be tuned.
    public var compliance: ComplianceGate

    public init(asOf: CalendarDay, features: CustomerFeatures) {
        self.asOf = asOf
        self.features = features
        compliance = ComplianceGate(asOf: asOf)
    }

    /// Extracts the features of `replica` as of `asOf`.
    public static func extract(from replica: Replica, asOf: CalendarDay, windowDays: Int = 365) throws
        -> AnalyticsRun
    {
        var run = AnalyticsRun(
            asOf: asOf, features: try FeatureExtractor(asOf: asOf, windowDays: windowDays).extract(from: replica))
        run.compliance = ComplianceGate(
            asOf: asOf, violations: try ComplianceBook(replica: replica).violations(before: asOf),
            ids: run.features.ids)
        return run
    }

    /// Customers with an order on or before the as-of day.
    public var customersWithOrders: Int { features.hasOrders.reduce(0) { $0 + ($1 ? 1 : 0) } }

    public func rfm() -> RFMResult { RFMAnalysis.run(features) }

    /// The value pyramid of the customers not suspended.
    public func pyramid() -> TierPyramid {
        TierPyramid(features, thresholds: thresholds, excluding: Set(compliance.suspended.keys))
    }

    /// Star scores awarded: suspended customers get none. Percentiles still rank every customer with orders, so
    /// a suspension does not move anyone else's score.
    public func starScores() -> [StarScore] {
        let suspended = compliance.suspended
        return StarScore.compute(features, policy: starPolicy).filter { suspended[$0.index] == nil }
    }

    /// Tier and stars of every customer not suspended, for re-tiering: a suspended customer leaves the
    /// programme (re-tiering counts it gone) and enters again when its suspension ends.
    public func standings() -> [String: TierStanding] {
        var standings = Retiering.standings(features, thresholds: thresholds, policy: starPolicy)
        for index in compliance.suspended.keys { standings[features.ids[index]] = nil }
        return standings
    }

    /// BG/NBD fitted to the customers with orders; nil when there are none.
    public func purchaseModel(unit: TimeUnit = .days) -> BGNBDModel? {
        customersWithOrders > 0 ? BGNBDModel.fit(features, unit: unit) : nil
    }

    /// Churn warnings; with ``usesProbabilityAlive`` the BG/NBD model is fitted first.
    public func churnWarnings() -> [ChurnWarning] { churnAssessment().warnings }

    /// Churn warnings and how P(alive) took part: with ``usesProbabilityAlive`` the BG/NBD model is fitted first,
    /// and P(alive) is a reason unless the fit shows no dropout (``BGNBDFitWarning/dropoutUndetermined``): a model
    /// that says nobody drops out gives everyone P(alive) ≈ 1, which would silently never flag anyone.
    public func churnAssessment() -> ChurnAssessment {
        let (alive, fitWarning) = usableProbabilityAlive()
        return ChurnAssessment(
            warnings: ChurnWarning.flag(features, policy: churnPolicy, probabilityAlive: alive),
            probabilityAliveUsed: alive != nil, fitWarning: fitWarning)
    }

    /// Lifecycle stage of every customer, in table order, given the churn warnings of the same run.
    public func lifecycle(warnings: [ChurnWarning]) -> [LifecycleStage] {
        LifecycleStage.classify(features, warnings: warnings, policy: lifecyclePolicy)
    }

    /// k-means over the standard six features of the customers with orders.
    public func clusters(count: ClusterCount, seed: UInt64) -> CustomerClusters {
        CustomerClustering.run(features, count: count, options: KMeansOptions(seed: seed))
    }

    /// BG/NBD and Gamma-Gamma fits and each customer's value; nil when no customer has a repeat purchase.
    public func lifetimeValues(unit: TimeUnit, horizon: CLVHorizon) -> LifetimeValues? {
        let repeaters = (0..<features.count).filter {
            features.repeatCount[$0] >= 1 && features.meanRepeatSpend[$0] > 0
        }
        guard !repeaters.isEmpty, let purchases = purchaseModel(unit: unit) else { return nil }
        let spend = GammaGammaModel.fit(features)
        return LifetimeValues(
            purchases: purchases, spend: spend,
            values: CustomerLifetimeValue.estimate(features, purchases: purchases, spend: spend, horizon: horizon))
    }
}
