import Analytics
import GRDB
import Replica

extension AnalyticsRun {
    /// The monthly cohort triangle of purchases (order rows with a positive amount) before the as-of day, for the
    /// customers whose region is in `regions` (all when nil), keeping the last `months` cohorts. The as-of day's
    /// month is partial unless the day is its first (then it holds nothing and the triangle ends the month before).
    public func cohortRetention(in replica: Replica, regions: Set<String>? = nil, months: Int = 12) throws
        -> CohortRetention
    {
        let day = asOf.description
        let asOfMonth = CohortRetention.month(of: Substring(day))!
        let lastMonth = day.hasSuffix("-01") ? asOfMonth - 1 : asOfMonth
        var inScope: Set<String>?
        if let regions {
            inScope = Set(zip(features.ids, features.regions).filter { regions.contains($0.1) }.map(\.0))
        }
        var purchaseMonths: [[Int]] = []
        try replica.reader.read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT customer_id, substr(ordered_at, 1, 7) AS month FROM orders
                    WHERE ordered_at < :cutoff AND amount > 0
                    GROUP BY customer_id, month ORDER BY customer_id, month
                    """,
                arguments: ["cutoff": asOf.startTimestamp])
            var current: String?
            var months: [Int] = []
            while let row = try rows.next() {
                let customer: String? = row["customer_id"]
                guard let customer, inScope?.contains(customer) ?? true else { continue }
                let text: String = row["month"] ?? ""
                guard let month = CohortRetention.month(of: Substring(text)) else { continue }
                if customer != current {
                    if !months.isEmpty { purchaseMonths.append(months) }
                    current = customer
                    months = []
                }
                months.append(month)
            }
            if !months.isEmpty { purchaseMonths.append(months) }
        }
        return CohortRetention(
            purchaseMonths: purchaseMonths, lastMonth: lastMonth, completeThrough: asOfMonth - 1,
            firstCohort: lastMonth - months + 1)
    }
}
