import Analytics
import GRDB
import Replica

extension CampaignBook {
    /// Days of spend before launch that CUPED uses as each member's covariate.
    public static let preLaunchDays = 90

    /// Each member's outcome as of `asOf`, from the replicated orders (never typed in): converted when it has a
    /// qualifying order (matching the goal, amount > 0) in the conversion window up to `asOf`; revenue the sum of
    /// those orders; pre-launch spend the sum of all its orders in the 90 days before the launch day. Keyed by
    /// customer id, with the customer's region.
    public func outcomes(_ id: String, asOf: CalendarDay) throws -> [(
        customer: String, region: String, outcome: MemberOutcome
    )] {
        let campaign = try existing(id)
        guard let launchedOn = campaign.launchedOn, let window = campaign.conversionWindow else {
            throw CampaignError.notLaunched(id)
        }
        let last = min(window.upperBound, asOf)
        let preStart = launchedOn.adding(days: -Self.preLaunchDays)
        let scanEnd = max(last, launchedOn).adding(days: 1)
        return try replica.reader.read { db in
            var byCustomer: [String: (region: String, outcome: MemberOutcome)] = [:]
            var order: [String] = []
            let members = try Row.fetchAll(
                db,
                sql: """
                    SELECT m.customer_id, c.region, m.member_group, m.contacted_at
                    FROM campaign_members m LEFT JOIN customers c ON c.id = m.customer_id
                    WHERE m.campaign_id = ? AND m.member_group IN ('target', 'control') ORDER BY m.customer_id
                    """, arguments: [id])
            for row in members {
                let customer: String = row[0]
                order.append(customer)
                byCustomer[customer] = (
                    row[1] ?? "",
                    MemberOutcome(
                        isTarget: row[2] == "target", contacted: (row[3] as String?) != nil, converted: false,
                        revenue: 0, preSpend: 0)
                )
            }
            let orders = try Row.fetchCursor(
                db,
                sql: """
                    SELECT o.customer_id, o.ordered_at, o.amount, o.sku, p.brand, p.category, p.price_tier
                    FROM campaign_members m
                    JOIN orders o ON o.customer_id = m.customer_id AND o.ordered_at >= ? AND o.ordered_at < ?
                    LEFT JOIN products p ON p.sku = o.sku
                    WHERE m.campaign_id = ?
                    """, arguments: [preStart.startTimestamp, scanEnd.startTimestamp, id])
            while let row = try orders.next() {
                let customer: String = row[0]
                guard let stamp: String = row[1], let day = CalendarDay(String(stamp.prefix(10))) else { continue }
                let amount: Double = row[2] ?? 0
                if day >= preStart && day < launchedOn {
                    byCustomer[customer]?.outcome.preSpend += amount
                }
                guard window.contains(day), day <= last, amount > 0,
                    campaign.goal.matches(sku: row[3] ?? "", brand: row[4], category: row[5], priceTier: row[6])
                else { continue }
                byCustomer[customer]?.outcome.converted = true
                byCustomer[customer]?.outcome.revenue += amount
            }
            return order.compactMap { customer in
                byCustomer[customer].map { (customer, $0.region, $0.outcome) }
            }
        }
    }
}
