import Analytics
import GRDB
import Replica

extension AnalyticsRun {
    /// The inputs R's `rfm_table_order` computes from order rows, for comparing with R: every order row before the
    /// as-of day, all history, returns included (R counts every row it is given). Per customer with at least one
    /// row: recency = days from the latest row's day to the as-of day, frequency = number of rows, monetary = sum
    /// of the rows' amounts.
    ///
    /// One `GROUP BY` query (it sorts the orders; this option is for comparisons, not the default path).
    public func orderLineInputs(from replica: Replica) throws -> RFMInputs {
        var position: [String: Int] = [:]
        for (i, id) in features.ids.enumerated() { position[id] = i }
        var totals: [(index: Int, recency: Double, rows: Double, amount: Double)] = []
        try replica.reader.read { db in
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT customer_id, MAX(ordered_at), COUNT(*), TOTAL(amount) FROM orders
                    WHERE ordered_at < ? AND customer_id IS NOT NULL GROUP BY customer_id
                    """,
                arguments: [asOf.startTimestamp])
            while let row = try cursor.next() {
                guard let id: String = row[0], let i = position[id], let latest: String = row[1],
                    let day = CalendarDay(String(latest.prefix(10)))
                else { continue }
                totals.append((i, Double(asOf.days(since: day)), row[2], row[3]))
            }
        }
        totals.sort { $0.index < $1.index }
        return RFMInputs(
            indices: totals.map(\.index), recencyDays: totals.map(\.recency), frequency: totals.map(\.rows),
            monetary: totals.map(\.amount))
    }
}
