/// One way to forecast a weekly series. `auto` (``SalesForecaster``) chooses among these per series.
public enum ForecastMethod: Hashable, Sendable {
    /// Last value carried forward.
    case naive
    /// The value one season (m weeks) earlier.
    case seasonalNaive(period: Int)
    /// Exponential smoothing of a trend shape, seasonal with period m or not.
    case ets(ExponentialSmoothing.Trend, period: Int?)
    case croston(Croston.Variant)
    /// Seasonal naive whose lag lines up last year's Spring Festival near it (``SpringFestival/lagWeeks(weekStarting:)``),
    /// 52 weeks elsewhere; `end` is the as-of day (days since 1970-01-01) ending the `weeks`-week series.
    case festivalNaive(end: Int, weeks: Int)

    /// Short name for reports: naive, snaive, ets(A,N,N), ets(A,Ad,A), croston, sba.
    public var name: String {
        switch self {
        case .naive: return "naive"
        case .seasonalNaive: return "snaive"
        case .ets(let trend, let period):
            let t = trend == .none ? "N" : trend == .additive ? "A" : "Ad"
            return "ets(A,\(t),\(period == nil ? "N" : "A"))"
        case .croston(let variant): return variant == .classic ? "croston" : "sba"
        case .festivalNaive: return "snaive+festival"
        }
    }

    /// A method fitted to a training series: its forecasts from any prefix of a series (parameters kept) and
    /// the residual scale of its intervals.
    struct Fitted {
        var method: ForecastMethod
        /// Point forecasts 1…h after the given series.
        var predict: ([Double], Int) -> [Double]
        /// h-step standard deviations for the given history, h = 1…horizon.
        var spread: ([Double], Int) -> [Double]
    }

    /// Fits the method's parameters on `training` (ETS; the others have none).
    func fitted(on training: [Double]) -> Fitted {
        switch self {
        case .naive:
            return Fitted(
                method: self, predict: { y, h in [Double](repeating: y.last ?? 0, count: h) },
                spread: { y, h in
                    let sigma = Self.rootMeanSquare(lagDifferences(y, lag: 1))
                    return (1...max(1, h)).prefix(h).map { sigma * Double($0).squareRoot() }
                })
        case .seasonalNaive(let m):
            return Fitted(
                method: self,
                predict: { y, h in
                    guard y.count >= m else { return [Double](repeating: y.last ?? 0, count: h) }
                    return (0..<h).map { y[y.count - m + $0 % m] }
                },
                spread: { y, h in
                    let sigma = Self.rootMeanSquare(lagDifferences(y, lag: m))
                    return (0..<h).map { sigma * Double($0 / m + 1).squareRoot() }
                })
        case .ets(let trend, let period):
            let model = ExponentialSmoothing.fit(training, trend: trend, period: period)
            return Fitted(
                method: self, predict: { y, h in model.forecast(y, horizon: h) },
                spread: { y, h in
                    let state = model.filter(y)
                    let variance = state.count > 0 ? state.sse / Double(state.count) : 0
                    return model.varianceMultipliers(horizon: h).map { (variance * $0).squareRoot() }
                })
        case .festivalNaive(let end, let weeks):
            return Fitted(
                method: self,
                predict: { y, h in
                    var out: [Double] = []
                    for step in 0..<h {
                        let t = y.count + step
                        let lag = SpringFestival.lagWeeks(weekStarting: end - 7 * (weeks - t)) ?? 52
                        let source = t - lag
                        out.append(source < 0 ? (y.last ?? 0) : source < y.count ? y[source] : out[source - y.count])
                    }
                    return out
                },
                spread: ForecastMethod.seasonalNaive(period: 52).fitted(on: training).spread)
        case .croston(let variant):
            let model = Croston(variant: variant)
            return Fitted(
                method: self, predict: { y, h in [Double](repeating: model.rate(y), count: h) },
                spread: { y, h in
                    // One-step errors from the first demand on; Croston has no model of how they grow.
                    let rates = model.rates(y)
                    let start = (y.firstIndex { $0 != 0 } ?? y.count) + 1
                    let errors = start < y.count ? (start..<y.count).map { y[$0] - rates[$0] } : []
                    return [Double](repeating: Self.rootMeanSquare(errors), count: h)
                })
        }
    }

    static func rootMeanSquare(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : (values.reduce(0) { $0 + $1 * $1 } / Double(values.count)).squareRoot()
    }
}

/// yₜ − yₜ₋ₗₐ₉ for every t that has a lag.
func lagDifferences(_ y: [Double], lag: Int) -> [Double] {
    y.count > lag ? (lag..<y.count).map { y[$0] - y[$0 - lag] } : []
}
