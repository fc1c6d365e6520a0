/// The forecast of one weekly series: the method used, its point forecasts and 80% interval, and the backtest
/// that chose it beside the seasonal-naive baseline's.
public struct SeriesForecast: Sendable {
    public var method: ForecastMethod
    /// Point forecasts for weeks 1…h after the as-of day (never below 0).
    public var points: [Double]
    /// The 80% interval per week: point ± z₀.₉ σₕ, the lower end cut at 0.
    public var lower: [Double]
    public var upper: [Double]
    /// The backtest of `method`; nil when the series is too short for one.
    public var backtest: ForecastBacktest?
    /// The baseline: seasonal naive (52 weeks) with two years of history, else naive.
    public var baseline: ForecastMethod
    public var baselineBacktest: ForecastBacktest?
    public var pattern: DemandPattern
    /// Weeks of history used (from the first week with demand).
    public var weeks: Int
    /// Why the method was used or what the reader should know (too short, worse than the baseline).
    public var notes: [String]

    /// Whether the chosen method did worse than the baseline in the backtest.
    public var isWorseThanBaseline: Bool {
        guard let mine = backtest?.mae, let theirs = baselineBacktest?.mae else { return false }
        return mine > theirs
    }
}
