import GRDB
import Replica

extension AnalyticsRun {
    /// Customers with order rows before the as-of day but no purchase among them (every amount ≤ 0: zero-amount
    /// lines, returns). They have no order day, so the purchase models and CLV leave them out; reports count them.
    public func customersWithoutPurchases(in replica: Replica) throws -> Int {
        try replica.reader.read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM customers c
                    WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.ordered_at < :cutoff)
                      AND NOT EXISTS (SELECT 1 FROM orders o
                                      WHERE o.customer_id = c.id AND o.ordered_at < :cutoff AND o.amount > 0)
                    """,
                arguments: ["cutoff": asOf.startTimestamp]) ?? 0
        }
    }
}
