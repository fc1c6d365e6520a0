/// Forecasts weekly series one at a time (docs/analytics.md, "Sales forecast").
///
/// `auto` backtests the baseline, every ETS shape that applies and, for intermittent series (ADI > 1.32),
/// Croston's method in the variant the Syntetos–Boylan rule recommends, and keeps the lowest MASE; ties go to the
/// simpler, earlier candidate, so auto never does worse than the baseline in the backtest. A named method is
/// used even when the baseline did better, with a note saying so.
public struct SalesForecaster: Sendable {
    public enum Choice: String, Sendable, CaseIterable {
        case auto, snaive, ets, croston
    }

    public var horizon: Int
    public var choice: Choice
    /// Season length in weeks.
    public var period = 52
    /// Backtest origins (at most; a third of the series when shorter).
    public var backtestWeeks = 13
    /// The as-of day ending the series (days since 1970-01-01), which the Spring Festival term needs.
    public var seriesEnd: Int?
    /// Whether `auto` also tries the Spring-Festival-aligned seasonal naive (series of a year and 8 weeks or more).
    public var festival = false
    /// Fewer weeks than this: no backtest, naive forecast.
    public static let minimumWeeks = 12
    /// z of the central 80% interval, Φ⁻¹(0.9).
    public static let z80 = Distributions.normalQuantile(0.9)

    public init(horizon: Int, choice: Choice = .auto) {
        self.horizon = horizon
        self.choice = choice
    }

    /// The forecast of `series` (oldest week first; leading zero weeks are dropped).
    public func forecast(_ series: WeeklySeries) -> SeriesForecast {
        let y = series.trimmed.values
        let pattern = DemandPattern(y)
        let baseline: ForecastMethod = y.count >= 2 * period ? .seasonalNaive(period: period) : .naive
        guard y.count >= Self.minimumWeeks else {
            let note =
                y.isEmpty
                ? "no demand in the history; forecast 0"
                : "too short to forecast: \(y.count) weeks with demand, needs \(Self.minimumWeeks); naive"
            return finish(.naive, y, backtest: nil, baseline: .naive, baselineBacktest: nil, pattern, [note])
        }
        let window = min(backtestWeeks, y.count / 3)
        let steps = min(horizon, window)
        let candidates = self.candidates(y, pattern: pattern, baseline: baseline)
        var scored: [(ForecastMethod, ForecastBacktest)] = []
        for method in [baseline] + candidates where !scored.contains(where: { $0.0 == method }) {
            scored.append((method, ForecastBacktest.evaluate(method, on: y, window: window, horizon: steps)))
        }
        let baselineScore = scored[0].1
        let pool = choice == .auto || choice == .snaive ? scored : Array(scored.dropFirst())
        let best = (choice == .snaive ? [scored[0]] : pool).min { $0.1.mae < $1.1.mae }!
        var notes: [String] = []
        if best.1.mae > baselineScore.mae {
            notes.append("\(best.0.name) did worse than \(baseline.name) in the backtest")
        }
        return finish(best.0, y, backtest: best.1, baseline: baseline, baselineBacktest: baselineScore, pattern, notes)
    }

    /// The methods `choice` lets compete with the baseline, simplest first.
    func candidates(_ y: [Double], pattern: DemandPattern, baseline: ForecastMethod) -> [ForecastMethod] {
        var ets: [ForecastMethod] = [
            .ets(.none, period: nil), .ets(.additive, period: nil), .ets(.damped, period: nil),
        ]
        if y.count >= 2 * period { ets += [.ets(.none, period: period), .ets(.damped, period: period)] }
        let croston = ForecastMethod.croston(pattern.crostonVariant)
        switch choice {
        case .snaive: return []
        case .ets: return ets
        case .croston: return [croston]
        case .auto:
            var festivalTerm: [ForecastMethod] = []
            if festival, let seriesEnd, y.count >= period + 8 {
                festivalTerm = [.festivalNaive(end: seriesEnd, weeks: y.count)]
            }
            return festivalTerm + ets + (pattern.isIntermittent ? [croston] : [])
        }
    }

    func finish(
        _ method: ForecastMethod, _ y: [Double], backtest: ForecastBacktest?, baseline: ForecastMethod,
        baselineBacktest: ForecastBacktest?, _ pattern: DemandPattern, _ notes: [String]
    ) -> SeriesForecast {
        let fitted = method.fitted(on: y)
        let points = y.isEmpty ? [Double](repeating: 0, count: horizon) : fitted.predict(y, horizon)
        let spread = y.isEmpty ? [Double](repeating: 0, count: horizon) : fitted.spread(y, horizon)
        return SeriesForecast(
            method: method, points: points.map { max(0, $0) },
            lower: zip(points, spread).map { max(0, $0 - Self.z80 * $1) },
            upper: zip(points, spread).map { max(0, $0 + Self.z80 * $1) }, backtest: backtest, baseline: baseline,
            baselineBacktest: baselineBacktest, pattern: pattern, weeks: y.count, notes: notes)
    }
}
