import Analytics

/// A churn back-test: counts and the precision/recall of the warning.
public struct ChurnBacktestReport: Sendable, Equatable {
    /// Length of the period [D, D + days) from the as-of day D on.
    public var days: Int
    /// Customers with an order day in the feature window.
    public var population: Int
    /// Of the population, flagged by the warning.
    public var flagged: Int
    /// Of the population, no purchase in the period.
    public var stopped: Int
    public var outcome: ChurnBacktest
    /// False when the replica's newest order is before the period's last day, so "stopped" may only mean
    /// "not imported yet".
    public var dataCoversPeriod: Bool
}
