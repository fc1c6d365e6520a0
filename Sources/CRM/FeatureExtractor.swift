import Analytics
import GRDB
import Replica

/// Fills a ``CustomerFeatures`` table from the replica as of a day, by SQL aggregation streamed row by row.
///
/// Every customer row is in the table (closed ones too; `statuses` says which). Only orders and interactions
/// timestamped before the end of the as-of day count, so a past day can be back-tested. Date windows are computed
/// here as ISO text bounds, which compare correctly with stored timestamps; no query returns one row per order
/// except the last-90-day channel sequence, which the window bounds. See docs/analytics.md, "Feature extraction".
///
/// ```swift
/// let features = try FeatureExtractor(asOf: CalendarDay("2026-10-31")!).extract(from: replica)
/// ```
public struct FeatureExtractor: Sendable {
    /// The day the features describe; day-valued features count whole days up to it.
    public var asOf: CalendarDay
    /// Window of `frequency`, `monetary`, `averageBasket` and `premiumShare`, in days ending on the as-of day.
    public var windowDays: Int

    public init(asOf: CalendarDay, windowDays: Int = 365) {
        precondition(windowDays >= 1, "the feature window is at least one day")
        self.asOf = asOf
        self.windowDays = windowDays
    }

    /// The first day of the `days`-day period that ends on the as-of day.
    func firstDay(ofLast days: Int) -> CalendarDay { asOf.adding(days: 1 - days) }

    /// Exclusive upper bound of every timestamp that counts: the start of the day after the as-of day.
    var cutoff: String { asOf.adding(days: 1).startTimestamp }

    /// Extracts the features in one read transaction, so they describe a single snapshot.
    public func extract(from replica: Replica) throws -> CustomerFeatures {
        try replica.pool.read { db in try extract(db) }
    }

    /// Extracts the features inside an open read transaction.
    public func extract(_ db: Database) throws -> CustomerFeatures {
        var features = CustomerFeatures()
        let positions = try loadCustomers(db, into: &features)
        try loadTags(db, positions, into: &features)
        try foldOrderDays(db, positions, into: &features)
        try loadChannels(db, positions, into: &features)
        try loadInteractions(db, positions, into: &features)
        return features
    }

    /// One row per customer in id order, with neutral feature values; returns each id's position.
    private func loadCustomers(_ db: Database, into features: inout CustomerFeatures) throws -> [String: Int] {
        let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customers") ?? 0
        features.reserveCapacity(total)
        var positions: [String: Int] = [:]
        positions.reserveCapacity(total)
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT id, region, channel, district, business_type, status FROM customers ORDER BY id")
        while let row = try cursor.next() {
            let id: String = row[0]
            positions[id] = features.count
            features.append(
                CustomerFeatureRow(
                    id: id, region: row[1] ?? "", channel: row[2] ?? "", district: row[3] ?? "",
                    businessType: row[4] ?? "", status: row[5] ?? "active"))
        }
        return positions
    }

    private func loadTags(_ db: Database, _ positions: [String: Int], into features: inout CustomerFeatures) throws {
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT customer_id, tag FROM customer_tags ORDER BY customer_id, tag")
        while let row = try cursor.next() {
            guard let id: String = row[0], let i = positions[id], let tag: String = row[1] else { continue }
            features.tags[i].append(tag)
        }
    }

    /// Channels used and channel switches over the last 90 days. Purchases only (a return is not a channel
    /// choice); consecutive means by time, then id, so every node counts the same switches.
    private func loadChannels(_ db: Database, _ positions: [String: Int], into features: inout CustomerFeatures)
        throws
    {
        let cursor = try Row.fetchCursor(
            db,
            sql: """
                SELECT customer_id, COUNT(DISTINCT channel), TOTAL(channel <> previous)
                FROM (SELECT customer_id, channel,
                             LAG(channel) OVER (PARTITION BY customer_id ORDER BY ordered_at, id) AS previous
                      FROM orders WHERE amount > 0 AND ordered_at >= ? AND ordered_at < ?)
                GROUP BY customer_id
                """,
            arguments: [firstDay(ofLast: 90).startTimestamp, cutoff])
        while let row = try cursor.next() {
            guard let id: String = row[0], let i = positions[id] else { continue }
            features.channelsUsed90[i] = row[1]
            features.channelSwitches90[i] = row[2]
        }
    }

    /// Complaints in the last 90 days and the 90 before, referrals in the last 365.
    private func loadInteractions(_ db: Database, _ positions: [String: Int], into features: inout CustomerFeatures)
        throws
    {
        let from90 = firstDay(ofLast: 90).startTimestamp
        let cursor = try Row.fetchCursor(
            db,
            sql: """
                SELECT customer_id,
                       TOTAL(kind = 'complaint' AND at >= :from90),
                       TOTAL(kind = 'complaint' AND at >= :fromPrev90 AND at < :from90),
                       TOTAL(kind = 'referral' AND at >= :from365)
                FROM interactions
                WHERE at >= :earliest AND at < :cutoff AND kind IN ('complaint', 'referral')
                GROUP BY customer_id
                """,
            arguments: [
                "from90": from90, "fromPrev90": firstDay(ofLast: 180).startTimestamp,
                "from365": firstDay(ofLast: 365).startTimestamp,
                "earliest": firstDay(ofLast: 365).startTimestamp, "cutoff": cutoff,
            ])
        while let row = try cursor.next() {
            guard let id: String = row[0], let i = positions[id] else { continue }
            features.complaints90[i] = row[1]
            features.complaintsPrev90[i] = row[2]
            features.referrals365[i] = row[3]
        }
    }
}
