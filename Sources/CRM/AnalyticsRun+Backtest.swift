import Analytics
import GRDB
import Replica

extension AnalyticsRun {
    /// How well churn warnings (the ids flagged as of this run's day) predicted who stopped buying in the `days` days after the as-of day.
    ///
    /// The population is the customers with an order day in the feature window (active enough to stop); "stopped"
    /// means no purchase (amount > 0) in the `days` days [D, D + days) from the as-of day D on (the features are a
    /// snapshot at the start of D), read from the orders the replica holds from D on.
    public func churnBacktest(flagged ids: [String], days: Int, replica: Replica) throws -> ChurnBacktestReport {
        precondition(days >= 1)
        let (from, until) = Self.outcomePeriod(after: asOf, days: days)
        let (buyers, lastOrder) = try replica.reader.read { db -> (Set<String>, String?) in
            (
                try Self.buyers(db, from: from, until: until),
                try String.fetchOne(db, sql: "SELECT MAX(ordered_at) FROM orders")
            )
        }
        var population = Set<String>()
        for i in 0..<features.count where features.frequency[i] > 0 { population.insert(features.ids[i]) }
        let stopped = population.subtracting(buyers)
        let flagged = Set(ids).intersection(population)
        let observedThrough = lastOrder.flatMap { CalendarDay(String($0.prefix(10))) }
        return ChurnBacktestReport(
            days: days, population: population.count, flagged: flagged.count, stopped: stopped.count,
            outcome: ChurnBacktest(flagged: flagged, stopped: stopped),
            dataCoversPeriod: observedThrough.map { $0 >= until.adding(days: -1) } ?? false)
    }
}
