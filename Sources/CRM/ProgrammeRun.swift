import Analytics
import GRDB
import Replica

/// The star programme of a replica as of a day: tiers at the last quarter ends, recomputed from the orders, for
/// all customers and, when asked, per region (a customer's region as the replica holds it now).
public struct ProgrammeRun: Sendable {
    public var asOf: CalendarDay
    public var thresholds: TierThresholds
    /// All customers.
    public var whole: StarProgramme
    /// Per region, by region name; empty unless asked for.
    public var regions: [(region: String, programme: StarProgramme)]
    /// How far back a violation suspends (``ComplianceGate``), at each quarter end as at an as-of day.
    public var suspensionDays = ComplianceGate.defaultSuspensionDays
    /// Customers suspended at each quarter end of ``whole`` (a violation in `[boundary − suspensionDays,
    /// boundary)`), whether or not they are in the programme there. Shown apart: the tiers, migrations and KPIs
    /// describe spend and count them as usual.
    public var suspended: [Int] = []
    /// The same per region (by the customer's region now); empty unless asked for.
    public var regionSuspended: [String: [Int]] = [:]

    /// Computes the last `quarters` quarter ends on or before `asOf` (a quarter end counts when its boundary,
    /// the first day of the next quarter, is on or before the as-of day).
    public static func compute(
        from replica: Replica, asOf: CalendarDay, quarters: Int, thresholds: TierThresholds = TierThresholds(),
        byRegion: Bool = false, suspensionDays: Int = ComplianceGate.defaultSuspensionDays
    ) throws -> ProgrammeRun {
        precondition(quarters >= 1, "at least one quarter")
        let ends = quarterEnds(onOrBefore: asOf, count: quarters + StarProgramme.lookback)
        let from = CalendarDay(daysSinceEpoch: ends[0].boundary - 365)
        let until = CalendarDay(daysSinceEpoch: ends[ends.count - 1].boundary)
        let (customers, regions, violations, regionOf) = try replica.reader.read { db in
            let (customers, regions) = try readOrderDays(db, from: from, until: until)
            let violations = try ComplianceBook.violations(db, before: until)
            var regionOf: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, region FROM customers") { regionOf[row[0]] = row[1] ?? "" }
            return (customers, regions, violations, regionOf)
        }
        var run = ProgrammeRun(
            asOf: asOf, thresholds: thresholds,
            whole: StarProgramme.compute(customers, at: ends, thresholds: thresholds), regions: [])
        run.suspensionDays = suspensionDays
        let boundaries = run.whole.quarters.map(\.end.boundary)
        run.suspended = [Int](repeating: 0, count: boundaries.count)
        for (customer, list) in violations {
            // Violations of customers this replica does not hold (yet) suspend nobody here.
            guard let region = regionOf[customer] else { continue }
            for (q, boundary) in boundaries.enumerated() {
                let days = list.map(\.at.daysSinceEpoch)
                guard days.contains(where: { $0 >= boundary - suspensionDays && $0 < boundary }) else { continue }
                run.suspended[q] += 1
                if byRegion {
                    run.regionSuspended[region, default: [Int](repeating: 0, count: boundaries.count)][q] += 1
                }
            }
        }
        if byRegion {
            var groups: [String: [StarProgramme.OrderDays]] = [:]
            for (i, customer) in customers.enumerated() { groups[regions[i], default: []].append(customer) }
            run.regions = groups.keys.sorted().map {
                ($0, StarProgramme.compute(groups[$0]!, at: ends, thresholds: thresholds))
            }
        }
        return run
    }

    /// The `count` quarter ends whose boundaries are the last `count` quarter starts on or before `day`, oldest
    /// first, labelled by the quarter that ends there (`2026Q3` for the boundary 2026-10-01).
    public static func quarterEnds(onOrBefore day: CalendarDay, count: Int) -> [StarProgramme.QuarterEnd] {
        let parts = day.description.split(separator: "-").compactMap { Int($0) }
        var year = parts[0]
        var month = (parts[1] - 1) / 3 * 3 + 1
        var ends: [StarProgramme.QuarterEnd] = []
        for _ in 0..<count {
            let boundary = CalendarDay(String(format: "%04d-%02d-01", year, month))!
            let label = month == 1 ? "\(year - 1)Q4" : "\(year)Q\((month - 1) / 3)"
            ends.append(StarProgramme.QuarterEnd(label: label, boundary: boundary.daysSinceEpoch))
            month -= 3
            if month < 1 {
                month += 12
                year -= 1
            }
        }
        return ends.reversed()
    }

    /// Every customer's order days in `[from, until)`, with their regions, in customer id order. Customers
    /// without orders there have no days (they are in no quarter); orders of unknown customers are left out.
    static func readOrderDays(_ db: Database, from: CalendarDay, until: CalendarDay) throws
        -> ([StarProgramme.OrderDays], [String])
    {
        var position: [String: Int] = [:]
        var regions: [String] = []
        let customers = try Row.fetchCursor(db, sql: "SELECT id, region FROM customers ORDER BY id")
        while let row = try customers.next() {
            position[row[0]] = regions.count
            regions.append(row[1] ?? "")
        }
        var days = [StarProgramme.OrderDays](
            repeating: StarProgramme.OrderDays(days: [], spend: [], purchased: []), count: regions.count)
        let orders = try Row.fetchCursor(
            db,
            sql: """
                SELECT customer_id, CAST(julianday(substr(ordered_at, 1, 10)) - 2440587.5 AS INTEGER) AS day,
                       TOTAL(amount), MAX(amount > 0)
                FROM orders WHERE ordered_at >= ? AND ordered_at < ?
                GROUP BY customer_id, day ORDER BY customer_id, day
                """,
            arguments: [from.startTimestamp, until.startTimestamp])
        while let row = try orders.next() {
            guard let id: String = row[0], let i = position[id], let day: Int = row[1] else { continue }
            days[i].days.append(day)
            days[i].spend.append(row[2])
            days[i].purchased.append((row[3] as Int?) == 1)
        }
        return (days, regions)
    }
}
