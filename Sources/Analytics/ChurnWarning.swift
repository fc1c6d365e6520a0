/// Why a customer is flagged as a churn risk.
public enum ChurnReason: String, Sendable, CaseIterable, Codable {
    /// Order days in the last 90 days fell by at least the policy's ratio from the 90 days before.
    case frequencyDrop
    /// At least the policy's number of channel switches in the last 90 days.
    case channelSwitching
    /// More complaints in the last 90 days than the 90 before, and at least one.
    case risingComplaints
    /// The fitted BG/NBD model gives a probability alive below the policy's threshold.
    case lowProbabilityAlive
}

/// Thresholds of the churn warning.
public struct ChurnPolicy: Sendable, Equatable {
    /// Relative drop of `orderDays90` against `orderDaysPrev90` that flags (default 0.30). Only when prev > 0.
    public var frequencyDropRatio: Double
    /// Channel switches in 90 days that flag (default 2).
    public var channelSwitchLimit: Double
    /// Probability alive below which a customer is flagged (default 0.5), when one is supplied.
    public var probabilityAliveThreshold: Double

    public init(
        frequencyDropRatio: Double = 0.3, channelSwitchLimit: Double = 2, probabilityAliveThreshold: Double = 0.5
    ) {
        self.frequencyDropRatio = frequencyDropRatio
        self.channelSwitchLimit = channelSwitchLimit
        self.probabilityAliveThreshold = probabilityAliveThreshold
    }
}

/// A flagged customer and the reasons, in ``ChurnReason`` declaration order.
public struct ChurnWarning: Sendable, Equatable {
    /// Position in the ``CustomerFeatures`` table.
    public var index: Int
    public var id: String
    public var reasons: [ChurnReason]
}

extension ChurnWarning {
    /// The reasons for one customer; empty when not at risk. Customers without orders are never flagged.
    public static func reasons(
        _ f: CustomerFeatures, _ i: Int, policy: ChurnPolicy = ChurnPolicy(), probabilityAlive: Double? = nil
    ) -> [ChurnReason] {
        guard f.hasOrders[i] else { return [] }
        var reasons: [ChurnReason] = []
        let previous = f.orderDaysPrev90[i]
        // A relative tolerance keeps an exact 30% drop (10 → 7) flagged despite 0.3 * 10 rounding up.
        if previous > 0 && previous - f.orderDays90[i] >= policy.frequencyDropRatio * previous * (1 - 1e-12) {
            reasons.append(.frequencyDrop)
        }
        if f.channelSwitches90[i] >= policy.channelSwitchLimit { reasons.append(.channelSwitching) }
        if f.complaints90[i] > f.complaintsPrev90[i] && f.complaints90[i] >= 1 { reasons.append(.risingComplaints) }
        if let p = probabilityAlive, p < policy.probabilityAliveThreshold { reasons.append(.lowProbabilityAlive) }
        return reasons
    }

    /// Flags for every customer with at least one reason, in table order.
    ///
    /// - Parameter probabilityAlive: one value per customer from a fitted BG/NBD model
    ///   (``BGNBDModel/probabilityAlive(_:)``), or nil to skip that reason.
    public static func flag(
        _ features: CustomerFeatures, policy: ChurnPolicy = ChurnPolicy(), probabilityAlive: [Double]? = nil
    ) -> [ChurnWarning] {
        precondition(features.isConsistent)
        precondition(probabilityAlive == nil || probabilityAlive!.count == features.count)
        var result: [ChurnWarning] = []
        for i in 0..<features.count {
            let reasons = reasons(features, i, policy: policy, probabilityAlive: probabilityAlive?[i])
            if !reasons.isEmpty { result.append(ChurnWarning(index: i, id: features.ids[i], reasons: reasons)) }
        }
        return result
    }
}

/// How well a warning predicted who actually stopped buying.
public struct ChurnBacktest: Sendable, Equatable {
    /// Flagged and did stop.
    public var truePositives: Int
    /// Flagged but kept buying.
    public var falsePositives: Int
    /// Stopped but was not flagged.
    public var falseNegatives: Int
    /// TP / (TP + FP); nil when nobody was flagged.
    public var precision: Double? {
        truePositives + falsePositives > 0 ? Double(truePositives) / Double(truePositives + falsePositives) : nil
    }
    /// TP / (TP + FN); nil when nobody stopped.
    public var recall: Double? {
        truePositives + falseNegatives > 0 ? Double(truePositives) / Double(truePositives + falseNegatives) : nil
    }

    /// Compares flagged ids (at the as-of date) with the ids that placed no order in the following N days.
    ///
    /// Both sets should be drawn from the same population (customers with orders at the as-of date).
    public init(flagged: Set<String>, stopped: Set<String>) {
        truePositives = flagged.intersection(stopped).count
        falsePositives = flagged.count - truePositives
        falseNegatives = stopped.count - truePositives
    }
}
