/// Rolling-origin evaluation of a method on one series (Tashman 2000): parameters are fitted once on the weeks
/// before the first origin; at each origin o = n − W … n − 1 the method forecasts up to `horizon` weeks from
/// y₀…yₒ₋₁ (its parameters kept) and every forecast that has an actual counts.
///
///     MAE  = mean |yₒ₊ₖ − ŷₒ₊ₖ|   over all (origin, step) pairs
///     MASE = MAE / mean |yₜ − yₜ₋₁|   (scale: one-step naive errors on the training weeks; Hyndman & Koehler 2006)
///
/// Every method of a series shares the origins and the scale, so comparing MASE compares MAE.
public struct ForecastBacktest: Sendable, Equatable {
    public var mae: Double
    /// nil when the training weeks are constant (scale 0).
    public var mase: Double?
    public var origins: Int
    public var forecasts: Int

    /// The rolling-origin result of `method` on `y` with `window` origins and steps up to `horizon`.
    static func evaluate(_ method: ForecastMethod, on y: [Double], window: Int, horizon: Int) -> ForecastBacktest {
        let first = y.count - window
        let training = Array(y[..<first])
        let fitted = method.fitted(on: training)
        var absolute = 0.0
        var count = 0
        for origin in first..<y.count {
            let steps = min(horizon, y.count - origin)
            let predicted = fitted.predict(Array(y[..<origin]), steps)
            for k in 0..<steps {
                absolute += abs(y[origin + k] - predicted[k])
                count += 1
            }
        }
        let mae = count > 0 ? absolute / Double(count) : 0
        let differences = lagDifferences(training, lag: 1)
        let scale = differences.isEmpty ? 0 : differences.reduce(0) { $0 + abs($1) } / Double(differences.count)
        return ForecastBacktest(
            mae: mae, mase: scale > 0 ? mae / scale : nil, origins: window, forecasts: count)
    }
}
