/// Where one shelf is heading: stock on hand drawn down by the weekly point forecast, spread evenly over each
/// week's seven days, from the as-of day D on (docs/analytics.md, "Stock warning").
///
///     cum(k)      = forecast demand of days D … D + k − 1
///     stock-out   = the first day D + k − 1 with cum(k) ≥ on hand (D itself when nothing is on hand)
///     at arrival  = max(0, on hand − cum(L))           (L = lead time in days; sales lost below 0)
///     order       = target − at arrival, rounded up, when at arrival < min (target = max, else min);
///                   with no levels set, the lead-time demand when a stock-out falls within the lead time
public struct StockProjection: Sendable, Equatable {
    public var onHand: Double
    /// Forecast demand over the lead time, cum(L).
    public var leadTimeDemand: Double
    /// Days from D to the projected stock-out day (0 = D); nil when stock lasts beyond the forecast.
    public var stockOutDay: Int?
    public var leadTimeDays: Int
    /// Projected stock when an order placed on D would arrive.
    public var atArrival: Double
    public var belowMin: Bool
    public var aboveMax: Bool
    /// Units to order now (0 when none is needed).
    public var suggestedOrder: Double

    /// Whether the shelf runs empty before an order placed today could arrive.
    public var stockOutWithinLeadTime: Bool { stockOutDay.map { $0 < leadTimeDays } ?? false }

    public init(onHand: Double, weeklyDemand: [Double], leadTimeDays: Int, minLevel: Double?, maxLevel: Double?) {
        self.onHand = onHand
        self.leadTimeDays = leadTimeDays
        let daily = weeklyDemand.flatMap { [Double](repeating: max(0, $0) / 7, count: 7) }
        var cumulative = 0.0
        var stockOut: Int? = onHand <= 0 ? 0 : nil
        var leadDemand = 0.0
        for (day, demand) in daily.enumerated() {
            cumulative += demand
            if day + 1 == leadTimeDays { leadDemand = cumulative }
            // A hair of slack so a shelf that demand empties exactly is empty, whatever the rounding.
            if stockOut == nil, cumulative >= onHand - 1e-9 { stockOut = day }
        }
        if leadTimeDays > daily.count { leadDemand = cumulative }
        leadTimeDemand = leadDemand
        stockOutDay = stockOut
        atArrival = max(0, onHand - leadDemand)
        belowMin = minLevel.map { onHand < $0 } ?? false
        aboveMax = maxLevel.map { onHand > $0 } ?? false
        if let target = maxLevel ?? minLevel {
            let trigger = minLevel ?? target
            suggestedOrder = atArrival < trigger ? (target - atArrival).rounded(.up) : 0
        } else {
            suggestedOrder = stockOut.map { $0 < leadTimeDays } == true ? (leadDemand - atArrival).rounded(.up) : 0
        }
    }
}
