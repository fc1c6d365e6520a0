import Foundation

/// The learned churn warning: the probability that a customer with orders makes no purchase in the next N days,
/// from a logistic regression fitted to the node's own history.
///
/// Training examples come from past snapshots (features as of a past day S, label = no purchase in the N days
/// after S, which the caller reads from the orders it holds). Inputs are ``inputNames``: customer features, with
/// log1p on counts and amounts, the recency relative to the customer's usual gap, recency steps, the seed
/// rules as 0/1 indicators, and BG/NBD P(alive) fitted at the same snapshot; the regression standardises them. The seed rules stay the stated *reasons*
/// (``ChurnWarning``); the probability decides who is flagged.
public struct ChurnModel: Sendable {
    /// Names of the model inputs, in order (documented in docs/analytics.md).
    public static let inputNames: [String] =
        [
            "ln1p_recency", "ln1p_frequency", "ln1p_monetary", "ln1p_average_basket", "ln1p_tenure", "premium_share",
            "channels_90", "channel_switches_90", "complaints_90", "complaints_prev_90", "referrals_365",
            "ln1p_spend_90", "ln1p_spend_prev_90", "order_days_90", "order_days_prev_90", "ln1p_mean_gap",
            "ln1p_gap_before_last", "ln1p_repeat_count", "ln_recency_over_gap", "rule_frequency_drop",
            "rule_channel_switching", "rule_rising_complaints", "p_alive",
        ] + recencySteps.map { "recency_ge_\(Int($0))" }

    /// Recency steps (days): input `recency_ge_S` is 1 when recency ≥ S. They let the model learn a risk that is
    /// not monotone in recency: in a node's history the customers about to stop have often just ordered, while
    /// those 60–90 days out are regular slow buyers and those beyond a few months have already gone.
    public static let recencySteps: [Double] = [15, 30, 45, 60, 90, 120, 150, 180, 240, 300]

    /// One past snapshot: the features as of its day, and for each customer whether they stopped buying in the
    /// N days after it (read only for the `population`).
    public struct Snapshot: Sendable {
        public var features: CustomerFeatures
        /// Positions of the customers the snapshot trains on (those with an order day in the window).
        public var population: [Int]
        /// One per `population` entry: true when that customer made no purchase in the period.
        public var stopped: [Bool]
        /// BG/NBD P(alive) per customer (table order) fitted as of the snapshot's day; nil when there is none or
        /// the fit shows no dropout, and the input `p_alive` is then 1 (no information) for every customer.
        public var probabilityAlive: [Double]?

        public init(
            features: CustomerFeatures, population: [Int], stopped: [Bool], probabilityAlive: [Double]? = nil
        ) {
            precondition(population.count == stopped.count)
            precondition(probabilityAlive.map { $0.count == features.count } ?? true)
            self.features = features
            self.population = population
            self.stopped = stopped
            self.probabilityAlive = probabilityAlive
        }
    }

    /// The fitted regression over ``inputNames``.
    public var regression: LogisticRegression
    /// Training examples and how many of them stopped.
    public var trainingExamples: Int
    public var trainingStopped: Int

    /// The inputs of customer `i`, with its BG/NBD P(alive) (1 when the run has none: no information).
    public static func inputs(
        _ f: CustomerFeatures, _ i: Int, policy: ChurnPolicy = ChurnPolicy(), probabilityAlive: Double = 1
    ) -> [Double] {
        let ln1p = { (v: Double) in log1p(max(v, 0)) }
        let reasons = Set(ChurnWarning.reasons(f, i, policy: policy))
        let indicator = { (r: ChurnReason) in reasons.contains(r) ? 1.0 : 0.0 }
        return [
            ln1p(f.recencyDays[i]), ln1p(f.frequency[i]), ln1p(f.monetary[i]), ln1p(f.averageBasket[i]),
            ln1p(f.tenureDays[i]), f.premiumShare[i], f.channelsUsed90[i], f.channelSwitches90[i], f.complaints90[i],
            f.complaintsPrev90[i], f.referrals365[i], ln1p(f.spend90[i]), ln1p(f.spendPrev90[i]), f.orderDays90[i],
            f.orderDaysPrev90[i], ln1p(f.meanGapDays[i]), ln1p(f.longestGapBeforeLastDays[i]), ln1p(f.repeatCount[i]),
            ln1p(f.recencyDays[i]) - ln1p(f.meanGapDays[i]), indicator(.frequencyDrop), indicator(.channelSwitching),
            indicator(.risingComplaints), probabilityAlive,
        ] + recencySteps.map { f.recencyDays[i] >= $0 ? 1 : 0 }
    }

    /// Fits the model to every snapshot's population; nil when there is no example, or when every example has
    /// the same label (nothing to learn).
    public static func fit(_ snapshots: [Snapshot], penalty: Double = 1, policy: ChurnPolicy = ChurnPolicy())
        -> ChurnModel?
    {
        var values: [Double] = []
        var labels: [Bool] = []
        for snapshot in snapshots {
            precondition(snapshot.features.isConsistent)
            for (position, i) in snapshot.population.enumerated() {
                values += inputs(
                    snapshot.features, i, policy: policy, probabilityAlive: snapshot.probabilityAlive?[i] ?? 1)
                labels.append(snapshot.stopped[position])
            }
        }
        let stopped = labels.filter { $0 }.count
        guard stopped > 0 && stopped < labels.count else { return nil }
        let matrix = FeatureMatrix(values: values, dimension: inputNames.count)
        return ChurnModel(
            regression: LogisticRegression.fit(matrix, labels: labels, penalty: penalty),
            trainingExamples: labels.count, trainingStopped: stopped)
    }

    /// P(no purchase in the next N days) of customer `i`, whose BG/NBD P(alive) is `probabilityAlive`.
    public func probability(
        _ f: CustomerFeatures, _ i: Int, policy: ChurnPolicy = ChurnPolicy(), probabilityAlive: Double = 1
    ) -> Double {
        regression.probability(Self.inputs(f, i, policy: policy, probabilityAlive: probabilityAlive))
    }

    /// The inputs that push customer `i`'s probability up the most (positive βⱼ zⱼ), largest first.
    public func drivers(
        _ f: CustomerFeatures, _ i: Int, count: Int = 3, policy: ChurnPolicy = ChurnPolicy(),
        probabilityAlive: Double = 1
    ) -> [String] {
        let parts = regression.contributions(Self.inputs(f, i, policy: policy, probabilityAlive: probabilityAlive))
        return parts.indices.filter { parts[$0] > 0 }.sorted { (parts[$0], $1) > (parts[$1], $0) }.prefix(count)
            .map { Self.inputNames[$0] }
    }
}
