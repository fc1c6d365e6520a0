import Analytics

/// The churn warnings of a run and whether BG/NBD P(alive) took part in them.
public struct ChurnAssessment: Sendable {
    /// Flagged customers, in table order.
    public var warnings: [ChurnWarning]
    /// Whether P(alive) < threshold was one of the reasons checked: asked for, and the fit was not degenerate.
    public var probabilityAliveUsed: Bool
    /// Set when P(alive) was asked for but the BG/NBD fit is degenerate, so it was left out.
    public var fitWarning: BGNBDFitWarning?

    /// What the reports print after "P(alive)" when it was not used, or nil when it was.
    public var probabilityAliveNote: String? {
        if let fitWarning { return "BG/NBD P(alive) not used: \(fitWarning.message)" }
        return probabilityAliveUsed ? nil : "BG/NBD P(alive) not used"
    }
}
