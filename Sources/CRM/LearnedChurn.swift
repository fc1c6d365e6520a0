import Analytics

/// The learned churn warning of one run: the model, each customer's probability of no purchase in the next
/// `horizonDays` days, and who is flagged (probability ≥ `threshold`).
///
/// When the history holds nothing to learn from (no past snapshot, or everybody in it stopped or nobody did), there
/// is no model and the warning falls back to the seed rules (``ChurnWarning``), which ``usesRules`` says.
public struct LearnedChurn: Sendable {
    public var horizonDays: Int
    public var threshold: Double
    /// The past snapshot days the model was trained on.
    public var trainingDays: [CalendarDay]
    public var model: ChurnModel?
    /// Per customer of the run; nil outside the population (no order day in the window) or without a model.
    public var probabilities: [Double?]
    /// BG/NBD P(alive) per customer, when the run uses it (for the `lowProbabilityAlive` reason and the
    /// back-test's baseline).
    public var probabilityAlive: [Double]?
    /// Why the BG/NBD fit is degenerate, when it is (P(alive) is then left out if the fit cannot tell whether
    /// anyone drops out).
    public var fitWarning: BGNBDFitWarning? = nil

    /// True when there is no model and the seed rules decide who is flagged.
    public var usesRules: Bool { model == nil }

    /// The stated reasons of customer `i` (the seed rules, with P(alive) when the run uses it).
    public func reasons(_ features: CustomerFeatures, _ i: Int, policy: ChurnPolicy) -> [ChurnReason] {
        ChurnWarning.reasons(features, i, policy: policy, probabilityAlive: probabilityAlive?[i])
    }

    /// The model inputs that raise customer `i`'s probability most; empty without a model.
    public func drivers(_ features: CustomerFeatures, _ i: Int, policy: ChurnPolicy) -> [String] {
        model?.drivers(features, i, policy: policy, probabilityAlive: probabilityAlive?[i] ?? 1) ?? []
    }

    /// Positions of the flagged customers, in table order.
    public func flagged(_ features: CustomerFeatures, policy: ChurnPolicy) -> [Int] {
        (0..<features.count).filter { i in
            if usesRules { return features.frequency[i] > 0 && !reasons(features, i, policy: policy).isEmpty }
            return (probabilities[i] ?? -1) >= threshold
        }
    }
}
