import Analytics

/// The churn warnings of a run and whether BG/NBD P(alive) took part in them.
public struct ChurnAssessment: Sendable {
    /// Flagged customers, in table order.
    public var warnings: [ChurnWarning]
    /// Whether P(alive) < threshold was one of the reasons checked: asked for, and the fit shows dropout.
    public var probabilityAliveUsed: Bool
    /// The BG/NBD fit's warning, when P(alive) was asked for and the fit is at a boundary; P(alive) was left out
    /// when it says ``BGNBDFitWarning/dropoutUndetermined``.
    public var fitWarning: BGNBDFitWarning?

    /// What the reports print about P(alive): nil when it was used on a clean fit.
    public var probabilityAliveNote: String? {
        if let fitWarning {
            return probabilityAliveUsed ? fitWarning.message : "BG/NBD P(alive) not used: \(fitWarning.message)"
        }
        return probabilityAliveUsed ? nil : "BG/NBD P(alive) not used"
    }
}
