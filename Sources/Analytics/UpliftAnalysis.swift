/// One campaign member's outcome, as the uplift analysis reads it.
public struct MemberOutcome: Sendable, Equatable {
    public var isTarget: Bool
    public var contacted: Bool
    public var converted: Bool
    /// Qualifying revenue in the conversion window.
    public var revenue: Double
    /// Spend in the 90 days before launch (the CUPED covariate).
    public var preSpend: Double

    public init(isTarget: Bool, contacted: Bool = false, converted: Bool, revenue: Double, preSpend: Double = 0) {
        self.isTarget = isTarget
        self.contacted = contacted
        self.converted = converted
        self.revenue = revenue
        self.preSpend = preSpend
    }
}

/// What the report concludes for one group of members.
public enum UpliftVerdict: String, Sendable, CaseIterable {
    case uplift
    case negativeEffect = "negative effect"
    case noDetectableEffect = "no detectable effect"
    case notEnoughData = "not enough data"
    case assignmentBroken = "assignment broken"
}

/// When the report calls a result one way or another.
public struct UpliftPolicy: Sendable, Equatable {
    public var confidence = 0.95
    /// SRM p-value below which the split is called broken.
    public var srmAlpha = 0.001
    /// Fewest members per group before anything is concluded.
    public var minimumGroup = 30
    /// An interval covering zero means "no detectable effect" only if the effect the test could detect (80% power)
    /// is at most this many percentage points; above it, "not enough data".
    public var largestUsefulMDE = 0.05
    public var power = 0.8

    public init() {}
}

/// The uplift of one campaign over one group of members (a region, or all): conversion per group and its
/// difference with Newcombe's interval, the z-test, revenue per member with Welch's interval, the CUPED-adjusted
/// difference, the SRM check, the MDE and a verdict.
public struct UpliftAnalysis: Sendable, Equatable {
    public var targets = 0
    public var controls = 0
    public var contactedTargets = 0
    public var targetConversions = 0
    public var controlConversions = 0
    public var targetRevenue = 0.0
    public var controlRevenue = 0.0
    public var lift: Double?
    public var liftInterval: UpliftStatistics.Interval?
    public var relativeUplift: Double?
    public var z: Double?
    public var pValue: Double?
    public var incrementalConversions: Double?
    public var revenuePerMemberLift: Double?
    public var revenuePerMemberInterval: UpliftStatistics.Interval?
    public var incrementalRevenue: Double?
    public var cupedLift: Double?
    public var cupedLiftInterval: UpliftStatistics.Interval?
    public var cupedTheta: Double?
    public var srmChiSquare = 0.0
    public var srmP = 1.0
    public var minimumDetectableEffect: Double?
    public var verdict = UpliftVerdict.notEnoughData

    public var targetRate: Double? { targets > 0 ? Double(targetConversions) / Double(targets) : nil }
    public var controlRate: Double? { controls > 0 ? Double(controlConversions) / Double(controls) : nil }
    public var contactedShare: Double? { targets > 0 ? Double(contactedTargets) / Double(targets) : nil }

    /// Analyses `members` of a campaign whose configured control share is `controlShare` (holdout % / 100).
    public init(_ members: [MemberOutcome], controlShare: Double, policy: UpliftPolicy = UpliftPolicy()) {
        let target = members.filter(\.isTarget)
        let control = members.filter { !$0.isTarget }
        targets = target.count
        controls = control.count
        contactedTargets = target.filter(\.contacted).count
        targetConversions = target.filter(\.converted).count
        controlConversions = control.filter(\.converted).count
        targetRevenue = target.reduce(0) { $0 + $1.revenue }
        controlRevenue = control.reduce(0) { $0 + $1.revenue }
        (srmChiSquare, srmP) = UpliftStatistics.sampleRatioMismatch(
            control: controls, target: targets, controlShare: controlShare)
        guard targets > 0, controls > 0, let pT = targetRate, let pC = controlRate else {
            verdict = srmP < policy.srmAlpha ? .assignmentBroken : .notEnoughData
            return
        }
        lift = pT - pC
        relativeUplift = pC > 0 ? (pT - pC) / pC : nil
        liftInterval = UpliftStatistics.newcombe(
            successes1: targetConversions, trials1: targets, successes2: controlConversions, trials2: controls,
            confidence: policy.confidence)
        let test = UpliftStatistics.twoProportionZTest(
            successes1: targetConversions, trials1: targets, successes2: controlConversions, trials2: controls)
        (z, pValue) = (test.z, test.p)
        incrementalConversions = (pT - pC) * Double(targets)
        if let welch = UpliftStatistics.welch(
            target.map(\.revenue), control.map(\.revenue), confidence: policy.confidence)
        {
            revenuePerMemberLift = welch.difference
            revenuePerMemberInterval = welch.interval
            incrementalRevenue = welch.difference * Double(targets)
        }
        let adjusted = UpliftStatistics.cuped(
            treatment: target.map { ($0.converted ? 1 : 0, $0.preSpend) },
            control: control.map { ($0.converted ? 1 : 0, $0.preSpend) })
        cupedTheta = adjusted.theta
        if let welch = UpliftStatistics.welch(adjusted.treatment, adjusted.control, confidence: policy.confidence) {
            cupedLift = welch.difference
            cupedLiftInterval = welch.interval
        }
        // The base rate of the MDE is the control's; a degenerate 0 or 1 falls back to the pooled rate.
        let pooled = Double(targetConversions + controlConversions) / Double(targets + controls)
        minimumDetectableEffect = UpliftStatistics.minimumDetectableEffect(
            baseRate: pC > 0 && pC < 1 ? pC : pooled, trials1: targets, trials2: controls,
            alpha: 1 - policy.confidence, power: policy.power)
        verdict = Self.verdict(
            srmP: srmP, targets: targets, controls: controls, interval: liftInterval,
            mde: minimumDetectableEffect, policy: policy)
    }

    /// The verdict rules, in order: broken split, too few members, an interval clear of zero, and otherwise
    /// whether the test could have seen a useful effect.
    static func verdict(
        srmP: Double, targets: Int, controls: Int, interval: UpliftStatistics.Interval?, mde: Double?,
        policy: UpliftPolicy
    ) -> UpliftVerdict {
        if srmP < policy.srmAlpha { return .assignmentBroken }
        guard targets >= policy.minimumGroup, controls >= policy.minimumGroup, let interval else {
            return .notEnoughData
        }
        if interval.lower > 0 { return .uplift }
        if interval.upper < 0 { return .negativeEffect }
        guard let mde, mde <= policy.largestUsefulMDE else { return .notEnoughData }
        return .noDetectableEffect
    }
}
