import Foundation

/// Horizon and discounting of a lifetime-value estimate.
public struct CLVHorizon: Sendable, Equatable {
    /// Number of periods summed (default 12).
    public var periods: Int
    /// Length of one period in days (default 30, "a month").
    public var periodDays: Double
    /// Discount rate per period (default 0.01, about 12.7% a year).
    public var discountRate: Double
    /// Share of spend that is margin (default 1: CLV in revenue).
    public var margin: Double

    public init(periods: Int = 12, periodDays: Double = 30, discountRate: Double = 0.01, margin: Double = 1) {
        precondition(periods >= 1 && periodDays > 0 && discountRate > -1)
        self.periods = periods
        self.periodDays = periodDays
        self.discountRate = discountRate
        self.margin = margin
    }
}

/// One customer's value estimate.
public struct CustomerLifetimeValue: Sendable, Equatable {
    /// Position in the ``CustomerFeatures`` table.
    public var index: Int
    public var id: String
    public var probabilityAlive: Double
    /// Expected purchases (order days) over the whole horizon.
    public var expectedPurchases: Double
    /// Expected spend per purchase (Gamma-Gamma).
    public var expectedSpend: Double
    /// Discounted value over the horizon, CNY.
    public var value: Double
}

extension CustomerLifetimeValue {
    /// CLV = margin · E[M] · Σₖ₌₁ᴴ (E[Y(k·L)] − E[Y((k−1)·L)]) / (1 + d)ᵏ, for each customer with orders: purchases
    /// expected in period k (BG/NBD), times expected spend (Gamma-Gamma), discounted to today.
    public static func estimate(
        _ features: CustomerFeatures, purchases: BGNBDModel, spend: GammaGammaModel, horizon: CLVHorizon = CLVHorizon()
    ) -> [CustomerLifetimeValue] {
        precondition(features.isConsistent)
        let unitDays = purchases.unit.days
        let period = horizon.periodDays / unitDays
        return (0..<features.count).filter { features.hasOrders[$0] }.map { i in
            let x = features.repeatCount[i]
            let tx = features.recencyT[i] / unitDays
            let age = features.ageT[i] / unitDays
            let m = spend.expectedSpend(x: x, meanSpend: features.meanRepeatSpend[i])
            var previous = 0.0
            var discounted = 0.0
            for k in 1...horizon.periods {
                let cumulative = purchases.expectedPurchases(inNext: Double(k) * period, x: x, recency: tx, age: age)
                discounted += (cumulative - previous) / pow(1 + horizon.discountRate, Double(k))
                previous = cumulative
            }
            return CustomerLifetimeValue(
                index: i, id: features.ids[i],
                probabilityAlive: purchases.probabilityAlive(x: x, recency: tx, age: age),
                expectedPurchases: previous, expectedSpend: m, value: horizon.margin * m * discounted)
        }
    }
}
